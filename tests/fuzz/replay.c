/* replay.c - runs a fuzz target without libFuzzer, on the files named on
 * the command line: how `make check` replays the regression corpus under
 * the sanitizers with gcc. Prints one line per file. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t cap = 1 << 16, n = 0, got;
        unsigned char *buf = malloc(cap);
        while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0)
            if ((n += got) == cap)
                buf = realloc(buf, cap *= 2);
        fclose(f);
        if (!buf)
            return 2;
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
        printf("ok %s\n", argv[i]);
    }
    return 0;
}
