/* fuzz_verify.c - fuzz target: what `accord verify` and `accord sign`
 * read from another party, over arbitrary bytes. The first byte picks the
 * reader: 0 a report (report_read), 1 a DSSE envelope (envelope_read), 2
 * an in-toto Statement (statement_read); the rest is the file. Each must
 * accept or refuse with a reason, never crash, leak or run long; what it
 * accepts is written back (a statement, an envelope) and read again, the
 * same. No file is opened: verify's hashing and re-run are the check's. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "envelope.h"
#include "fuzz.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    Arena *a = arena_new();
    const char *why = NULL;
    switch (data[0] % 3) {
    case 0: {
        Report r;
        bool ok = report_read(a, text, n, &r, &why);
        if (!ok && !why)
            abort();
        report_free(&r);
        break;
    }
    case 1: {
        Envelope e;
        if (!envelope_read(a, text, n, &e, &why)) {
            if (!why)
                abort();
            break;
        }
        /* what is read is written back the same way it reads */
        size_t len;
        char *out = envelope_json(&e, &len);
        if (!out)
            break;      /* a key id or type that is not UTF-8 yajl writes */
        Envelope again;
        if (!envelope_read(a, out, len, &again, &why) || again.nsigs != e.nsigs
            || again.payload_len != e.payload_len
            || memcmp(again.payload, e.payload, e.payload_len) != 0)
            abort();
        free(out);
        break;
    }
    default: {
        Statement s;
        if (!statement_read(a, (const unsigned char *)text, n, &s, &why)) {
            if (!why)
                abort();
            break;
        }
        size_t len;
        char *out = statement_json(&s, &len);
        if (!out)
            break;
        Statement again;
        if (!statement_read(a, (const unsigned char *)out, len, &again, &why)
            || again.nsubjects != s.nsubjects || strcmp(again.result, s.result) != 0)
            abort();
        free(out);
        break;
    }
    }
    arena_free(a);
    return 0;
}
