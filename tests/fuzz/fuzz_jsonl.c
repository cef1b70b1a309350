/* fuzz_jsonl.c - fuzz target: the jsonl evidence reader over arbitrary bytes. */
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(FMT_JSONL, data, size);
}
