/* astdump.c - prints the position-free tree of a standard file, for the
 * test suite: `accord fmt` must not change it (meaning preserved). Exit 2 if
 * the file does not parse. */
#include <stdio.h>

#include "ast.h"
#include "load.h"
#include "parse.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: astdump FILE\n");
        return 2;
    }
    Arena *a = arena_new();
    Diag *d = diag_new(a, stderr);
    size_t len;
    char *text = load_file(a, argv[1], &len);
    if (!text) {
        perror(argv[1]);
        arena_free(a);
        return 2;
    }
    Module *m = parse_module(a, d, diag_add_source(d, argv[1], text, len));
    diag_flush(d);
    int rc = d->errors ? 2 : 0;
    if (!rc)
        ast_dump(stdout, m);
    arena_free(a);
    return rc;
}
