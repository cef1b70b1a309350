/* fuzz_csv.c - fuzz target: the csv evidence reader over arbitrary bytes. */
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(FMT_CSV, data, size);
}
