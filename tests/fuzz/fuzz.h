/* fuzz.h - what the fuzz targets share: libFuzzer's entry point, and a
 * private scratch folder for the targets that must go through files (the
 * loader and the binder read paths, never memory). */
#ifndef ACCORD_FUZZ_H
#define ACCORD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A folder made once per process under TMPDIR, removed at exit; aborts when
   it cannot be made (a fuzz run without it would test nothing). */
const char *fuzz_scratch(void);

/* Writes n bytes to path (replacing it); aborts on failure. */
void fuzz_write(const char *path, const void *data, size_t n);

#endif
