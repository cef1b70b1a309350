/* fuzz_eval.c - fuzz target: the Inspect .eval reader (read_eval.c: ZIP
 * through libzip, then JSON members) over arbitrary bytes. */
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(FMT_EVAL, data, size);
}
