/* fuzz_stream.c - differential fuzz target: the same XML evidence checked
 * four ways must give the same report, byte for byte: streamed without a
 * tree (extract_xml.c) with where conditions read off the columns and the
 * records a file at a time (plan.h), through libxml2's tree and XPath
 * (ACCORD_XML_TREE), with every where condition evaluated by eval
 * (ACCORD_EVAL_SLOW), and with every record kept whole (ACCORD_STREAM=0).
 * The fixed standard uses only paths the streaming reader takes, filters
 * the fast path takes, and consumers that fold file by file. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bind.h"
#include "eval.h"
#include "fuzz.h"
#include "load.h"
#include "typecheck.h"

static const char standard[] =
    "standard FS { title \"fuzz\" version \"1\" publisher \"fuzz\" }\n"
    "param cut = 2\n"
    "evidence x from \"e.xml\" {\n"
    "  title : string at \"/log/@title\" optional\n"
    "  notes : string at \"/log/note\"\n"
    "  day : date at \"/log/@day\" optional\n"
    "  records r at \"/log/group/item\" {\n"
    "    tag : string at \"@tag\"\n"
    "    n : number at \"n\" optional\n"
    "    ok : bool at \"@ok\" optional\n"
    "  }\n"
    "  records s at \"/log/group/item/sub\" {\n"
    "    v : int at \"@v\"\n"
    "  }\n"
    "  records g at \"/log/group\" {\n"
    "    name : string at \"@name\" optional\n"
    "  }\n"
    "}\n"
    "requirement F-1 \"values\" {\n"
    "  require count(x.notes) > 1 and len(x.title) < 50\n"
    "  require x.day >= 2020-01-01\n"
    "  require all i in x.r: i.n > 0\n"
    "  require count(x.r where tag == \"a\" or ok) >= count(x.s where v > cut)\n"
    "  require none g in x.g: g.name == \"y\"\n"
    "  require count(x.r where not ok and n < 3) < 5\n"
    "}\n"
    "requirement F-2 \"folds\" {\n"
    "  require sum(x.r.n) < 100 and max(x.r.tag) != \"z\"\n"
    "  require \"b\" in (x.r where n > cut).tag\n"
    "  require any v in x.s.v: v > cut\n"
    "}\n"
    /* v1.1 §1: overflow in folds and arithmetic, regular expressions over
       the evidence's text, an equality filter answered by the index, and
       records at the root */
    "evidence y from \"e.xml\" {\n"
    "  records top at \"/log\" {\n"
    "    title : string at \"@title\" optional\n"
    "  }\n"
    "}\n"
    "requirement F-3 \"sound\" {\n"
    "  require mean(x.r.n) <= 200 and stddev(x.r.n) >= 0 and median(x.r.n) < 1e300\n"
    "  require all i in x.r: i.n * 1e300 < 1e308\n"
    "  require none i in x.r: matches(i.tag, \"^(a|b)+[[:digit:]]{1,3}$\")\n"
    "  require count(x.r where matches(tag, \"(x|y)*z\")) < 3\n"
    "  require all t in y.top: exists(t.title)\n"
    "}\n"
    "requirement F-4 \"index\" {\n"
    "  require all i in x.r: count(x.r where tag == i.tag) == 1\n"
    "  require all i in x.r: count(x.r where tag == i.tag and n > cut) <= 1\n"
    "}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *std_path, *ev_dir;
    fuzz_fixture(standard, &std_path, &ev_dir);
    char path[4400];
    snprintf(path, sizeof path, "%s/e.xml", ev_dir);
    fuzz_write(path, data, size);
    Arena *a = arena_new();
    Program *p = fuzz_compile(a, std_path);
    size_t n;
    char *fast = fuzz_report(p, ev_dir, &n);
    fuzz_same_report(p, ev_dir, "ACCORD_XML_TREE=1", fast, n);
    fuzz_same_report(p, ev_dir, "ACCORD_EVAL_SLOW=1", fast, n);
    fuzz_same_report(p, ev_dir, "ACCORD_STREAM=0", fast, n);
    free(fast);
    arena_free(a);
    return 0;
}
