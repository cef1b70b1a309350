/* fuzz_check.c - fuzz target: `accord check` of a fixed standard over one
 * fuzzed evidence file. The first byte picks the format (XML, JSON, JSON
 * Lines, CSV); the rest is the file. The whole pipeline runs: binding,
 * evaluation, every report. Besides not crashing, the XML report must be
 * well-formed XML whatever the evidence holds, and the text report valid
 * UTF-8 whose only line breaks are its own. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "arena.h"
#include "bind.h"
#include "eval.h"
#include "fuzz.h"
#include "load.h"
#include "report.h"
#include "typecheck.h"
#include "utf8.h"

/* Every format, every field type, records, where, quantifiers, rates with
   confidence, dates and durations, optional fields. */
static const char standard[] =
    "standard FUZZ { title \"fuzz\" version \"1\" publisher \"fuzz\" }\n"
    "param level = 95%\n"
    "evidence x from \"e.xml\" {\n"
    "  name : string at \"/*/@name\" optional\n"
    "  when : date at \"/*/@date\" optional\n"
    "  records r at \"//attempt\" {\n"
    "    cat : string at \"@category\"\n"
    "    ok : bool at \"@ok\" optional\n"
    "    sev : int at \"@severity\" optional\n"
    "    score : number at \"score\" optional\n"
    "  }\n"
    "}\n"
    "evidence j from \"e.json\" {\n"
    "  records r at \"/json/*\" {\n"
    "    id : string at \"id\"\n"
    "    at_ : datetime at \"at\" optional\n"
    "    n : number at \"n\" optional\n"
    "  }\n"
    "}\n"
    "evidence l from \"e.jsonl\" {\n"
    "  records r at \"/jsonl/*\" {\n"
    "    found : datetime at \"found\"\n"
    "    told : datetime at \"told\" optional\n"
    "  }\n"
    "}\n"
    "evidence c from \"e.csv\" {\n"
    "  records r at \"/csv/row\" {\n"
    "    k : string at \"kind\"\n"
    "    v : number at \"value\" optional\n"
    "    d : date at \"day\" optional\n"
    "  }\n"
    "}\n"
    "requirement X-1 \"counts\" {\n"
    "  require count(x.r) >= 1\n"
    "  require rate(count(x.r where ok), count(x.r)) <= 10% with confidence level\n"
    "  require all a in x.r: a.sev <= 3 or not exists(a.sev)\n"
    "}\n"
    "requirement X-2 \"dates\" {\n"
    "  require x.when >= 2020-01-01\n"
    "  require sum(x.r.score) < 1e9 and max(x.r.sev) < 10\n"
    "}\n"
    "requirement J-1 \"json\" {\n"
    "  require any e in j.r: e.n > 0.5\n"
    "  require count(j.r where id == \"a\") <= 1\n"
    "}\n"
    "requirement L-1 \"jsonl\" {\n"
    "  require all i in l.r: i.told - i.found <= 72h\n"
    "}\n"
    "requirement C-1 \"csv\" {\n"
    "  for each kk in [\"a\", \"b\"] {\n"
    "    require count(c.r where k == kk) >= 0\n"
    "  }\n"
    "  require mean(c.r.v) >= 0 and all r in c.r: today - r.d <= 365d\n"
    "  require median(c.r.v) <= percentile(c.r.v, 0.9) and stddev(c.r.v) >= 0\n"
    "  require count(distinct(c.r.k)) <= 5\n"
    "  require all r in c.r: matches(lower(r.k), \"^[a-z]+$\") and len(r.k) < 9\n"
    "  require wilson_upper(count(c.r where v > 1), count(c.r), 95%) < 50%\n"
    "}\n"
    /* v1.1 §1: overflow, dates out of range, regular expressions over the
       evidence's text, the index, and records at the root of a file */
    "evidence top from \"e.json\" {\n"
    "  records one at \"/json\" {\n"
    "    id : string at \"id\" optional\n"
    "  }\n"
    "}\n"
    "requirement S-1 \"sound\" {\n"
    "  require sum(j.r.n) * 1e300 < 1e308 and stddev(c.r.v) < 1e308\n"
    "  require all e in j.r: e.at_ + 3652000d > e.at_\n"
    "  require any e in j.r: matches(e.id, \"^(a+)+$\") or matches(e.id, \"[[:alpha:]]{2,}é\")\n"
    "  require all e in j.r: count(j.r where id == e.id) == 1\n"
    "  require all t in top.one: not matches(t.id, \"(x|xy)*y$\")\n"
    "  require x.name == \"m\" else \"the name is {x.name}\"\n"
    "}\n";

static const char *const names[] = {"e.xml", "e.json", "e.jsonl", "e.csv"};
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *std_path, *ev_dir;
    fuzz_fixture(standard, &std_path, &ev_dir);
    if (size < 1)
        return 0;
    char path[4400];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", ev_dir, names[i]);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/%s", ev_dir, names[data[0] & 3]);
    fuzz_write(path, data + 1, size - 1);

    Arena *a = arena_new();
    Program *p = fuzz_compile(a, std_path);
    Arena *ea = arena_new();
    Binding *b;
    Outcome *o = fuzz_evaluate(ea, p, ev_dir, &b);
    ReportInfo info = {.standard_file = "std.accord", .standard_sha256 = "0", .as_of = "2024-10-04", .evidence_root = "ev"};
    size_t len;
    char *xml = report_xml(p, b, o, &info, &len);
    if (!xml)
        abort();
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "report.xml", NULL, XML_PARSE_NONET);
    if (!doc)
        __builtin_trap();    /* the report is not well-formed */
    xmlFreeDoc(doc);
    free(xml);
    /* the text report is valid UTF-8 with no control character but the
       line feeds it writes itself and tabs, and no other line or paragraph
       separator: no value can forge a line of it (v1.1 §1) */
    char *text = report_text(p, b, o, &info, &len);
    if (!text || utf8_check(text, len, 0) != len)
        __builtin_trap();
    for (size_t i = 0; i < len; i++) {
        unsigned char u = (unsigned char)text[i];
        if ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7F)
            __builtin_trap();
        if (u == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80
            && ((unsigned char)text[i + 2] == 0xA8 || (unsigned char)text[i + 2] == 0xA9))
            __builtin_trap();
        if (u == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] == 0x85)
            __builtin_trap();
    }
    free(text);
    char *junit = report_junit(p, b, o, &info, &len);
    free(junit);
    arena_free(ea);
    arena_free(a);
    return 0;
}
