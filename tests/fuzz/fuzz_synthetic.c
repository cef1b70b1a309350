/* fuzz_synthetic.c - differential fuzz target for the JSON, JSON Lines and
 * CSV readers without a tree, and for .eval logs: the input is written as
 * e.json, e.jsonl (and again as f.jsonl), e.csv and e.eval, read by one
 * declaration each, and the report checked the way
 * read_json_events and read_csv_events hand elements to extract_xml.c must
 * equal, byte for byte, the report of the same check through the tree and
 * XPath (ACCORD_XML_TREE), with every record kept whole (ACCORD_STREAM=0)
 * and with the two JSON Lines files read by one thread and by four
 * (ACCORD_JOBS): the same values, lines, node paths and refusals. The
 * fixed standard uses only paths the streaming reader takes: nulls, keys
 * that are not element names (key="..."), members' arrays and items; CSV
 * both as rows (records at /csv/row and nothing else: read_csv_rows, a
 * field no expression reads left unconverted) and as elements (with a
 * top-level field); JSON and JSON Lines of records alone (at /json/item:
 * extract_xml.c's flat reader, with keys checked as names and, where no
 * field is at "_", given unchecked: EvOut.raw_keys) beside declarations
 * that are not. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fuzz.h"

static const char standard[] =
    "standard FSY { title \"fuzz\" version \"1\" publisher \"fuzz\" }\n"
    "evidence j from \"e.json\" {\n"
    "  name : string at \"/json/name\" optional\n"
    "  odd : string at \"/json/_/@key\" optional\n"
    "  records r at \"/json/r\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : number at \"n\" optional\n"
    "    k : string at \"_\" optional\n"
    "    nul : string at \"@null\" optional\n"
    "  }\n"
    "  records i at \"/json/item\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : number at \"n\" optional\n"
    "  }\n"
    "}\n"
    "evidence l from \"*.jsonl\" {\n"
    "  records i at \"/json/item\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : number at \"n\" optional\n"
    "    r : string at \"r\" optional\n"
    "  }\n"
    "  records r at \"/json/item/r\" {\n"
    "    n : int at \"n\" optional\n"
    "  }\n"
    "}\n"
    "evidence c from \"e.csv\" {\n"
    "  records row at \"/csv/row\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : number at \"n\" optional\n"
    "    k : string at \"_/@key\" optional\n"
    "  }\n"
    "}\n"
    "evidence m from \"*.jsonl\" {\n"
    "  records i at \"/json/item\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : number at \"n\" optional\n"
    "    k : string at \"_\" optional\n"
    "    unread : int at \"r\" optional\n"
    "  }\n"
    "}\n"
    "evidence p from \"*.jsonl\" {\n"
    "  records i at \"/json/item\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : number at \"n\" optional\n"
    "  }\n"
    "}\n"
    "evidence k from \"e.json\" {\n"
    "  records i at \"/json/item\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : int at \"n\"\n"
    "  }\n"
    "}\n"
    "evidence d from \"e.csv\" {\n"
    "  records row at \"/csv/row\" {\n"
    "    tag : string at \"tag\" optional\n"
    "    n : int at \"n\"\n"
    "    odd : string at \"_\" optional\n"
    "    unread : number at \"tag\"\n"
    "  }\n"
    "}\n"
    "evidence t from \"e.csv\" {\n"
    "  tag : string at \"/csv/row/tag\" optional\n"
    "  records row at \"/csv/row\" {\n"
    "    n : number at \"n\" optional\n"
    "  }\n"
    "}\n"
    "evidence v from \"e.eval\" {\n"
    "  status : string at \"/json/status\" optional\n"
    "  records s at \"/json/samples\" {\n"
    "    id : string at \"id\"\n"
    "    v : string at \"scores/match/value\" optional\n"
    "  }\n"
    "}\n"
    "requirement F-1 \"json\" {\n"
    "  require len(j.name) < 9 and not exists(j.odd)\n"
    "  require all x in j.r: x.n > 0 and len(x.tag) < 4 and not exists(x.nul)\n"
    "  require count(j.r where tag == \"a\") + count(j.i where n > 1) < 3\n"
    "  require all x in j.r: exists(x.k)\n"
    "}\n"
    "requirement F-2 \"jsonl\" {\n"
    "  require all x in l.i: x.n > 0 and exists(x.r)\n"
    "  require sum(l.r.n) < 10 and count(l.i where tag == \"b\") < 2\n"
    "  require all x in p.i: x.n > 0 and len(x.tag) < 4\n"
    "}\n"
    "requirement F-4 \"eval\" {\n"
    "  require v.status == \"success\" and all x in v.s: x.v == \"C\"\n"
    "}\n"
    "requirement F-3 \"csv\" {\n"
    "  require all x in c.row: x.n > 0 and len(x.tag) < 3\n"
    "  require count(c.row where exists(k)) < 2 and max(c.row.tag) != \"z\"\n"
    "  require all x in d.row: x.n < 5 and exists(x.odd)\n"
    "  require all x in m.i: x.n > 1 and len(x.tag) < 3 and not exists(x.k)\n"
    "  require count(m.i where tag == \"a\" or tag == \"b\") < 2 and sum(k.i.n) < 4\n"
    "  require count(d.row where tag == \"a\") < 2 and t.tag != \"q\" and sum(t.row.n) < 7\n"
    "}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *std_path, *ev_dir;
    fuzz_fixture(standard, &std_path, &ev_dir);
    static const char *const names[] = {"e.json", "e.jsonl", "e.csv", "f.jsonl", "e.eval"};
    char path[4400];
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", ev_dir, names[i]);
        fuzz_write(path, data, size);
    }
    Arena *a = arena_new();
    struct Program *p = fuzz_compile(a, std_path);
    size_t n;
    char *fast = fuzz_report(p, ev_dir, &n);
    fuzz_same_report(p, ev_dir, "ACCORD_XML_TREE=1", fast, n);
    fuzz_same_report(p, ev_dir, "ACCORD_STREAM=0", fast, n);
    fuzz_same_report(p, ev_dir, "ACCORD_JOBS=1", fast, n);
    fuzz_same_report(p, ev_dir, "ACCORD_JOBS=4", fast, n);
    free(fast);
    arena_free(a);
    return 0;
}
