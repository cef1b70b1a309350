/* fuzz_json.c - fuzz target: the json evidence reader over arbitrary bytes. */
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(FMT_JSON, data, size);
}
