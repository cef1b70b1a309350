/* load.h - reading a standard and the files it imports (language.md §7). */
#ifndef ACCORD_LOAD_H
#define ACCORD_LOAD_H

#include "program.h"

/* Reads and parses path ("-" for standard input) and, recursively, every
   file it imports: relative to the importing file, then each folder of
   ACCORD_PATH, then the installed standards folder. Each file is parsed
   once; a cycle is reported with its path. Returns NULL when the root file
   cannot be read (reported); otherwise a program whose problems are counted
   in d->errors. */
Program *load_program(Arena *a, Diag *d, const char *path);

/* Reads a whole file into the arena, NUL-terminated. Returns NULL and sets
   errno on failure. */
char *load_file(Arena *a, const char *path, size_t *len);

/* The file a report's <source path="PIN"> names (v1.1 §2, Module.pin)
   for a root standard in folder dir ("" or ending in '/'): NULL when PIN
   is ACCORD_PATH:NAME and no folder of ACCORD_PATH holds NAME now. */
const char *load_pin_path(Arena *a, const char *dir, const char *pin);

#endif
