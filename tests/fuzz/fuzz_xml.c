/* fuzz_xml.c - fuzz target: the xml evidence reader over arbitrary bytes. */
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(FMT_XML, data, size);
}
