/* fuzz_front.c - fuzz target: the front end (scanner, parser, loader, type
 * checker, formatter) over an arbitrary standard. Besides not crashing, a
 * standard that parses must format to a text that formats to itself (fmt's
 * promise of idempotence). */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "format.h"
#include "fuzz.h"
#include "load.h"
#include "parse.h"
#include "typecheck.h"

/* fmt's text of text, or NULL when it does not parse. */
static char *formatted(const char *text, size_t len, size_t *outlen)
{
    Arena *a = arena_new();
    Diag *d = diag_new(a, fuzz_sink());
    Source *src = diag_add_source(d, "fuzz.accord", arena_strndup(a, text, len), len);
    Module *m = parse_module(a, d, src);
    diag_flush(d);
    char *out = d->errors ? NULL : format_module(m, outlen);
    arena_free(a);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n1, n2;
    char *once = formatted((const char *)data, size, &n1);
    if (once) {
        char *twice = formatted(once, n1, &n2);
        if (!twice || n1 != n2 || memcmp(once, twice, n1) != 0)
            __builtin_trap();    /* fmt lost or changed something */
        free(twice);
        free(once);
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/std.accord", fuzz_scratch());
    fuzz_write(path, data, size);
    Arena *a = arena_new();
    Diag *d = diag_new(a, fuzz_sink());
    Program *p = load_program(a, d, path);
    if (p && d->errors == 0) {
        TcOptions opt = {.need_standard = false, .lint = true};
        tc_check(p, &opt);
    }
    diag_flush(d);
    arena_free(a);
    return 0;
}
