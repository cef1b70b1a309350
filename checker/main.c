/* main.c - the command line (report.md §1, §2): lint, fmt, help, version.
 *
 * Exit codes: 0 success; 1 `fmt --check` found a file to reformat; 2 usage
 * error or a standard that does not compile.
 */
#define _GNU_SOURCE   /* O_TMPFILE */
#include <errno.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <time.h>

#include <libxml/xmlmemory.h>

#include "bind.h"
#include "calendar.h"
#include "check.h"
#include "eval.h"
#include "format.h"
#include "load.h"
#include "output.h"
#include "parse.h"
#include "report.h"
#include "run.h"
#include "typecheck.h"
#include "sign.h"
#include "summarize.h"
#include "compare.h"
#include "diff.h"
#include "doc.h"
#include "verify.h"
#include "waivers.h"

#ifndef ACCORD_VERSION
#define ACCORD_VERSION "0.0.0"
#endif

static const char usage_text[] =
    "usage: accord COMMAND [OPTION]... FILE...\n"
    "\n"
    "Checks evaluation evidence against AI-safety standards written in the\n"
    "accord language.\n"
    "\n"
    "commands:\n"
    "  check STANDARD [-e DIR] [-p PROFILE] [-w WAIVERS] [--as-of DATE]\n"
    "                 [-o FILE] [-f xml|junit|text|html|json|sarif|oscal]\n"
    "                           evaluate evidence and write a report\n"
    "  lint [--werror] STANDARD...\n"
    "                           compile only; print diagnostics\n"
    "  fmt [-w | --check] FILE...\n"
    "                           print (or rewrite) in canonical layout\n"
    "  test FILE...             run the tests declared in standard files\n"
    "  verify REPORT [-e DIR] [--standard FILE] [-w WAIVERS]\n"
    "                           re-check a report: re-hash its files, re-run, compare\n"
    "  verify ENVELOPE --trust KEYS.pem [--threshold N] [-e DIR] ...\n"
    "                           check its signatures, then re-check its report\n"
    "  sign REPORT --key KEY.pem [-o ENVELOPE] [--add ENVELOPE]\n"
    "                           sign (or countersign) a report\n"
    "  compare STANDARD -p A -p B [-p ...] [-e DIR] [-f xml|text|html|json]\n"
    "                           one standard under several profiles, compared\n"
    "  diff OLD NEW [-e DIR [--as-of DATE]] [-f text|xml|json]\n"
    "                           two standards told apart by meaning\n"
    "  doc STANDARD [-p PROFILE] [-f html|markdown] [-o FILE]\n"
    "                           the standard as a document for people\n"
    "  summarize REPORT... [-f text|csv|xml|html|json] [-o FILE]\n"
    "                           many reports as one table\n"
    "  help COMMAND             describe a command\n"
    "\n"
    "options:\n"
    "  -h, --help               show this help\n"
    "  -V, --version            show the version\n"
    "\n"
    "exit codes: 0 success, 1 a check failed or a file would change,\n"
    "2 usage error or a standard that does not compile, 3 incomplete (check),\n"
    "4 inconclusive (check).\n";

/* An option of a command: its short and long spelling, and whether it
   takes a value (the next argument, or after '=' in the long form). Each
   command has one table; its parsing, its "did you mean" and the cases
   read it (next_arg). -h and --help are every command's. */
typedef struct Option {
    const char *s, *l;
    bool value;
} Option;

/* check: its options, then its limits in the order of enum Limit (the
   limits' defaults and bounds are limit_info, limits.def) */
enum { CHECK_EVIDENCE, CHECK_PROFILE, CHECK_WAIVERS, CHECK_AS_OF, CHECK_OUTPUT, CHECK_FORMAT,
       CHECK_SET, CHECK_JOBS, CHECK_COLOR, CHECK_QUIET, CHECK_VERBOSE, CHECK_LIMITS };
static const Option check_options[] = {
    {"-e", "--evidence", true}, {"-p", "--profile", true}, {"-w", "--waivers", true},
    {NULL, "--as-of", true}, {"-o", "--output", true}, {"-f", "--format", true},
    {NULL, "--set", true}, {"-j", "--jobs", true}, {NULL, "--color", true},
    {"-q", "--quiet", false}, {"-v", "--verbose", false},
#define LIMIT(id, name, dflt, max) {NULL, "--" name, true},
#include "limits.def"
#undef LIMIT
};
enum { MAX_JOBS = 64 };
enum { FMT_WRITE, FMT_CHECK };
enum { LINT_WERROR };
static const Option lint_options[] = {{NULL, "--werror", false}};
static const Option fmt_options[] = {{"-w", "--write", false}, {NULL, "--check", false}};
enum { TEST_AS_OF };
static const Option test_options[] = {{NULL, "--as-of", true}};
enum { VERIFY_EVIDENCE, VERIFY_STANDARD, VERIFY_WAIVERS, VERIFY_TRUST, VERIFY_THRESHOLD };
static const Option verify_options[] = {
    {"-e", "--evidence", true}, {NULL, "--standard", true}, {"-w", "--waivers", true},
    {NULL, "--trust", true}, {NULL, "--threshold", true}};
enum { DIFF_EVIDENCE, DIFF_AS_OF, DIFF_FORMAT, DIFF_OUTPUT };
static const Option diff_options[] = {{"-e", "--evidence", true}, {NULL, "--as-of", true},
                                      {"-f", "--format", true}, {"-o", "--output", true}};
enum { DOC_PROFILE, DOC_FORMAT, DOC_OUTPUT };
static const Option doc_options[] = {{"-p", "--profile", true}, {"-f", "--format", true},
                                     {"-o", "--output", true}};
enum { SUMMARIZE_FORMAT, SUMMARIZE_OUTPUT };
static const Option summarize_options[] = {{"-f", "--format", true}, {"-o", "--output", true}};
enum { SIGN_KEY, SIGN_OUTPUT, SIGN_ADD };
static const Option sign_options[] = {
    {NULL, "--key", true}, {"-o", "--output", true}, {NULL, "--add", true}};

static int cmd_check(int argc, char **argv);
static int cmd_lint(int argc, char **argv);
static int cmd_fmt(int argc, char **argv);
static int cmd_test(int argc, char **argv);
static int cmd_verify(int argc, char **argv);
static int cmd_sign(int argc, char **argv);
static int cmd_summarize(int argc, char **argv);
static int cmd_compare(int argc, char **argv);
static int cmd_diff(int argc, char **argv);
static int cmd_doc(int argc, char **argv);

/* The commands: name, help (`accord help NAME`, NAME --help) and what runs
   it with the arguments after its name (help itself is run by run()). */
static const struct Command {
    const char *name;
    const char *help;
    int (*run)(int argc, char **argv);
    const Option *opts;
    int nopts;
} commands[] = {
    {"check",
     "usage: accord check STANDARD [-e DIR] [-p PROFILE] [-w WAIVERS] [--as-of DATE]\n"
     "                    [-o FILE] [-f @FORMAT_NAMES@]\n"
     "\n"
     "Binds the evidence in DIR to STANDARD's declarations, evaluates every\n"
     "requirement and writes the XML report.\n"
     "  -e, --evidence DIR    the evidence folder (default: .)\n"
     "  -p, --profile NAME    evaluate only what the profile selects, with its parameters\n"
     "  --as-of DATE          the evaluation date (default: SOURCE_DATE_EPOCH's date, else today, UTC)\n"
     "  -o, --output FILE     write the report there, atomically (default: standard output)\n"
     "  -f, --format FORMAT   the report's format (default xml):\n"
     "@FORMATS@\n"
     "  -w, --waivers FILE    waivers (report.md section 4); a malformed file: exit 2\n"
     "  --set NAME=VALUE      set parameter NAME to VALUE (a constant expression),\n"
     "                        after the profile's sets; repeatable\n"
     "  -j, --jobs N          threads at work, the main one included: N - 1 read\n"
     "                        evidence files ahead (default: one per core);\n"
     "                        the report is the same for every N\n"
     "  --color WHEN          colour in the text report: auto (default: on a terminal,\n"
     "                        unless NO_COLOR is set, or when FORCE_COLOR is), always, never\n"
     "  -q, --quiet           nothing on standard error but errors: no progress, no\n"
     "                        warnings (they stay in the report)\n"
     "  -v, --verbose         progress even when standard error is not a terminal, and\n"
     "                        how each evidence declaration is read\n"
     "limits (docs/robustness.md); evidence over one is an error result, never a pass:\n"
     "  --max-file-size N     bytes of one evidence file (default 268435456)\n"
     "  --max-depth N         nesting of one evidence file (default 512; XML stops at 256)\n"
     "  --xpath-budget N      XPath steps of one selection in one file (default 50000000)\n"
     "  --max-records N       records of one records block held at once: all files, or\n"
     "                        one when read a file at a time (default 10000000)\n"
     "  --max-values N        values of one top-level field, all files (default 1000000)\n"
     "  --max-message N       bytes of an else message; longer ones are cut (default 1000)\n"
     "  --max-value-length N  characters of a value in the report; longer ones are shortened,\n"
     "                        with their length and SHA-256 (default 1024)\n"
     "  --max-steps N         evaluation steps of one check (default 1000000000)\n"
     "  --max-nodes N         nodes of the tree built for one evidence file read whole\n"
     "                        (paths only the tree serves; default 4000000)\n"
     "On a terminal, a check that reads evidence for more than a second shows its\n"
     "progress on standard error (ACCORD_PROGRESS_DELAY sets the second).\n"
     "Records are read a file at a time wherever the standard allows (memory of\n"
     "one file, not the bundle); ACCORD_STREAM=show says which, on standard error.\n"
     "\n"
     "exit: 0 compliant, 1 non-compliant, 2 usage error or the standard does not\n"
     "compile (nothing written), 3 incomplete, 4 inconclusive.\n", cmd_check,
     check_options, sizeof check_options / sizeof *check_options},
    {"lint",
     "usage: accord lint [--werror] STANDARD...\n"
     "\n"
     "Compiles each STANDARD (and what it imports) without evaluating it, and\n"
     "prints errors and warnings (unused parameters, evidence, definitions and\n"
     "imports; shadowed names; constant requirements; comparisons that always\n"
     "or never hold; rates compared without confidence where the standard uses\n"
     "it elsewhere; requirements without cites where the others cite) as\n"
     "FILE:LINE:COL: error|warning: MESSAGE, the line and a caret. A file\n"
     "without a 'standard' header is checked as a library. '-' reads standard\n"
     "input.\n"
     "  --werror      warnings count as errors (exit 2)\n"
     "\n"
     "exit: 0 no errors (warnings allowed), 2 errors (or warnings, with --werror).\n",
     cmd_lint, lint_options, sizeof lint_options / sizeof *lint_options},
    {"fmt",
     "usage: accord fmt [-w | --check] FILE...\n"
     "\n"
     "Prints each FILE in accord's one canonical layout, comments kept.\n"
     "  -w, --write   rewrite the files in place (only those that change)\n"
     "  --check       change nothing; name each file that would change\n"
     "'-' reads standard input.\n"
     "\n"
     "exit: 0 formatted, 1 a file would change (--check), 2 usage or syntax error.\n",
     cmd_fmt, fmt_options, sizeof fmt_options / sizeof *fmt_options},
    {"test",
     "usage: accord test [--as-of DATE] FILE...\n"
     "\n"
     "Runs the tests declared in each FILE (not those of its imports): checks\n"
     "the test's evidence folder (relative to FILE) with its profile and\n"
     "as_of, and compares the verdict and results with its expectations.\n"
     "Prints 'ok NAME' or 'FAILED NAME' per test, a line per expectation that\n"
     "fails, and 'N passed, N failed'. --as-of is the date of tests without\n"
     "as_of (default: SOURCE_DATE_EPOCH's date, else today, UTC).\n"
     "\n"
     "exit: 0 all pass, 1 a test fails, 2 usage error or a file does not compile.\n",
     cmd_test, test_options, sizeof test_options / sizeof *test_options},
    {"verify",
     "usage: accord verify REPORT [-e DIR] [--standard FILE] [-w WAIVERS]\n"
     "       accord verify ENVELOPE --trust KEYS.pem [--threshold N] [-e DIR]\n"
     "                     [--standard FILE] [-w WAIVERS]\n"
     "\n"
     "Re-checks an XML report of accord check as a regulator would: hashes\n"
     "again the standard, each import, the waivers file and each evidence file\n"
     "the report pins, and names each one missing or changed; runs the check\n"
     "again with the options the report records (profile, date, limits,\n"
     "waivers) and compares the new report with REPORT byte for byte, naming\n"
     "each requirement whose result differs and each evidence file matched now\n"
     "and not in the report. One line per difference on standard output, then\n"
     "'N differences' or 'reproduced exactly'. Run it where the check was run\n"
     "(the report's paths are as given to check), or say where the files are:\n"
     "  -e, --evidence DIR    the evidence folder (default: the report's)\n"
     "  --standard FILE       the standard (default: the report's)\n"
     "  -w, --waivers FILE    the waivers file (default: the report's)\n"
     "An ENVELOPE (accord sign's JSON) is verified first: its signatures by\n"
     "the keys of KEYS.pem (PEM public keys: Ed25519, ECDSA P-256, SM2), at\n"
     "least N of them (--threshold, default 1; other signatures are listed and\n"
     "not counted), its statement against the report it names (read from\n"
     "this folder); then that report is re-checked as above.\n"
     "  --trust KEYS.pem      the keys whose signatures count\n"
     "  --threshold N         how many distinct trusted keys must have signed\n"
     "\n"
     "exit: 0 reproduced exactly (and signed), 1 something differs or a\n"
     "signature fails, 2 usage error, or FILE cannot be read or is not an\n"
     "accord report or envelope.\n",
     cmd_verify, verify_options, sizeof verify_options / sizeof *verify_options},
    {"sign",
     "usage: accord sign REPORT --key KEY.pem [-o ENVELOPE] [--add ENVELOPE]\n"
     "\n"
     "Signs an XML report of accord check: writes a DSSE envelope whose payload\n"
     "is an in-toto Statement v1 (test-result predicate) naming the report,\n"
     "the standard, its imports, the waivers file and every evidence file with\n"
     "their SHA-256, the verdict and the requirements by result. Every file\n"
     "the report pins is hashed again first: a report whose files changed is\n"
     "not signed. Keys are PEM private keys as openssl genpkey writes them:\n"
     "Ed25519, ECDSA P-256 (SHA-256) or SM2 (SM3, id 1234567812345678).\n"
     "  --key KEY.pem         the signing key\n"
     "  -o, --output FILE     write the envelope there, atomically (default:\n"
     "                        standard output)\n"
     "  --add ENVELOPE        countersign: add a signature to ENVELOPE, whose\n"
     "                        statement must be the one the report and the files\n"
     "                        give\n"
     "\n"
     "exit: 0 signed, 1 a file differs from the report (or from --add's\n"
     "statement), 2 usage error, or a key, report or envelope that cannot be\n"
     "read.\n",
     cmd_sign, sign_options, sizeof sign_options / sizeof *sign_options},
    {"compare",
     "usage: accord compare STANDARD -p A -p B [-p ...] [-e DIR] [--as-of DATE]\n"
     "                      [-w WAIVERS] [--set NAME=VALUE] [-o FILE]\n"
     "                      [-f xml|text|html|json]\n"
     "\n"
     "Checks STANDARD under each profile on the same evidence and writes one\n"
     "comparison: each profile's verdict and counts, every parameter whose value\n"
     "differs between the profiles (in fmt's canonical form), and per requirement\n"
     "its result under each profile ('excluded' where a profile leaves it out)\n"
     "and whether they agree. The standard and the evidence are pinned with\n"
     "their SHA-256; every profile must have read the same files.\n"
     "  -p, --profile NAME    a profile to compare (two or more)\n"
     "  -f, --format FORMAT   xml (default; urn:x-accord:comparison:1,\n"
     "                        reports/comparison.rng), text, html or json\n"
     "The other options are accord check's, applied under every profile.\n"
     "\n"
     "exit: 0 compliant under every profile, else that of the worst verdict (1\n"
     "non-compliant, 3 incomplete, 4 inconclusive); 3 when the evidence changed\n"
     "between the profiles' checks; 2 usage error.\n",
     cmd_compare, check_options, sizeof check_options / sizeof *check_options},
    {"diff",
     "usage: accord diff OLD NEW [-e DIR [--as-of DATE]] [-f text|xml|json] [-o FILE]\n"
     "\n"
     "Tells two standards (two versions, or two jurisdictions') apart by meaning:\n"
     "the header, parameters (the value in effect), evidence declarations,\n"
     "definitions, requirements and recommendations, and profiles, each compared\n"
     "in fmt's canonical form, so that layout and comments never count; for each\n"
     "one added, removed or changed, the canonical lines removed and added.\n"
     "  -e, --evidence DIR    also check DIR against both and list each requirement\n"
     "                        whose result differs, and the two verdicts\n"
     "  --as-of DATE          the date of those checks (default: as accord check)\n"
     "  -f, --format FORMAT   text (default), xml (urn:x-accord:diff:1,\n"
     "                        reports/diff.rng) or json\n"
     "  -o, --output FILE     write there, atomically (default: standard output)\n"
     "\n"
     "exit: 0 no difference, 1 a difference (of meaning, or of a result), 2 usage\n"
     "error or a standard that does not compile (as diff(1)).\n",
     cmd_diff, diff_options, sizeof diff_options / sizeof *diff_options},
    {"doc",
     "usage: accord doc STANDARD [-p PROFILE] [-f html|markdown] [-o FILE]\n"
     "\n"
     "Writes the standard for people: its header and description, the parameters\n"
     "with their values (after the profile) and doc strings, the evidence it\n"
     "expects (files, format, fields, types, selectors), every requirement with\n"
     "its title, severity, citations, rationale, applicability and rules in fmt's\n"
     "canonical form, and its profiles. The same standard gives the same bytes;\n"
     "the HTML is one self-contained page.\n"
     "  -p, --profile NAME    the parameters' values under that profile, and only\n"
     "                        the requirements it selects\n"
     "  -f, --format FORMAT   html (default) or markdown\n"
     "  -o, --output FILE     write there, atomically (default: standard output)\n"
     "\n"
     "exit: 0 written, 2 usage error or a standard that does not compile.\n",
     cmd_doc, doc_options, sizeof doc_options / sizeof *doc_options},
    {"summarize",
     "usage: accord summarize REPORT... [-f text|csv|xml|html|json] [-o FILE]\n"
     "\n"
     "Turns many XML reports of accord check (say, a batch of submissions) into\n"
     "one table: a row per report (standard, version, profile, evidence folder,\n"
     "as-of date, verdict, counts) and, per requirement, its result in each\n"
     "report. Reports of different standards may be mixed (requirements are then\n"
     "named STANDARD/ID). A file that is not an accord report stops the summary.\n"
     "  -f, --format FORMAT   text (default), csv, xml (urn:x-accord:summary:1,\n"
     "                        reports/summary.rng), html or json\n"
     "  -o, --output FILE     write there, atomically (default: standard output)\n"
     "\n"
     "exit: 0 written, 2 usage error, or a file that cannot be read or is not a\n"
     "report.\n",
     cmd_summarize, summarize_options, sizeof summarize_options / sizeof *summarize_options},
    {"help",
     "usage: accord help COMMAND\n"
     "\n"
     "Describes COMMAND (check, lint, fmt, test, verify, sign).\n", NULL, NULL, 0},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int usage_error(const char *cmd, const char *fmt, const char *arg, const char *sugg)
{
    fprintf(stderr, "accord%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    if (sugg)
        fprintf(stderr, "; did you mean '%s'?", sugg);
    if (cmd)
        fprintf(stderr, "\nRun 'accord help %s' for usage.\n", cmd);
    else
        fprintf(stderr, "\nRun 'accord --help' for usage.\n");
    return EXIT_USAGE;
}

static const struct Command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* A command's help; @FORMAT_NAMES@ stands for the report formats of
   reports.def joined by "|" (the synopsis of report.md §1), and the line
   @FORMATS@ for them one per line, each with what it is for. */
static void put_help(const struct Command *c)
{
    static const char names[] = "@FORMAT_NAMES@", lines[] = "@FORMATS@\n";
    for (const char *h = c->help; *h;) {
        if (strncmp(h, names, sizeof names - 1) == 0) {
            for (int i = 0; i < REPORT_FORMAT_COUNT; i++)
                printf("%s%s", i ? "|" : "", report_formats[i].name);
            h += sizeof names - 1;
        } else if (strncmp(h, lines, sizeof lines - 1) == 0) {
            for (int i = 0; i < REPORT_FORMAT_COUNT; i++)
                printf("                          %-7s %s\n", report_formats[i].name,
                       report_formats[i].help);
            h += sizeof lines - 1;
        } else {
            putchar(*h++);
        }
    }
}

static int unknown_option(const char *cmd, const char *opt, const char *const *known, size_t n)
{
    return usage_error(cmd, "unknown option '%s'", opt, suggest(opt, known, n));
}

enum { ARG_OPERAND = -1, ARG_HELP = -2, ARG_ERROR = -3 };

/* The argument argv[*i] of command c: the index of its option in c's
   table (*val its value, NULL for one without; *i moves past a value
   given as the next argument), ARG_OPERAND (a file, a standard; '-' is
   one), ARG_HELP for -h and --help, or ARG_ERROR, said on standard error
   (*rc the exit code): an unknown option, with the nearest known one, or
   a value missing. */
static int next_arg(const struct Command *c, int argc, char **argv, int *i, const char **val,
                    int *rc)
{
    const char *s = argv[*i];
    *val = NULL;
    if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0)
        return ARG_HELP;
    if (s[0] != '-' || s[1] == '\0')
        return ARG_OPERAND;
    for (int k = 0; k < c->nopts; k++) {
        const Option *o = &c->opts[k];
        size_t ln = strlen(o->l);
        if (o->value && strncmp(s, o->l, ln) == 0 && s[ln] == '=') {
            *val = s + ln + 1;
            return k;
        }
        if ((o->s && strcmp(s, o->s) == 0) || strcmp(s, o->l) == 0) {
            if (o->value) {
                if (*i + 1 >= argc) {
                    *rc = usage_error(c->name, "option '%s' needs a value", s, NULL);
                    return ARG_ERROR;
                }
                *val = argv[++*i];
            }
            return k;
        }
    }
    /* for "did you mean": the long options, and --help */
    const char *known[32];
    int n = 0;
    for (int k = 0; k < c->nopts && n < 31; k++)
        known[n++] = c->opts[k].l;
    known[n++] = "--help";
    *rc = unknown_option(c->name, s, known, (size_t)n);
    return ARG_ERROR;
}

/* The operands of a command line already read by next_arg (so without
   errors): whether argv[i] is one, skipping options and their values. */
static bool is_operand(const struct Command *c, int argc, char **argv, int *i)
{
    const char *val;
    int rc = 0;
    return next_arg(c, argc, argv, i, &val, &rc) == ARG_OPERAND;
}

/* Compiles one standard file; returns whether it had no error (and, with
   werror, no warning). */
static bool compile(const char *path, bool need_standard, bool lint, bool werror)
{
    Arena *a = arena_new();
    Program *p = compile_standard(a, path, need_standard, lint, false);
    bool ok = p != NULL && !(werror && p->diag->warnings > 0);
    arena_free(a);
    return ok;
}

static int cmd_lint(int argc, char **argv)
{
    const struct Command *c = find_command("lint");
    int nfiles = 0;
    bool werror = false;
    for (int i = 0; i < argc; i++) {
        const char *val;
        int rc = EXIT_USAGE;
        switch (next_arg(c, argc, argv, &i, &val, &rc)) {
        case ARG_HELP: put_help(c); return EXIT_OK;
        case ARG_OPERAND: nfiles++; break;
        case LINT_WERROR: werror = true; break;
        default: return rc;
        }
    }
    if (nfiles == 0)
        return usage_error("lint", "%s", "no standard given", NULL);
    bool ok = true;
    for (int i = 0; i < argc; i++)
        if (is_operand(c, argc, argv, &i))
            ok &= compile(argv[i], false, true, werror);
    return ok ? EXIT_OK : EXIT_USAGE;
}

/* The evaluation date: --as-of, else SOURCE_DATE_EPOCH's date, else today
   (UTC). Returns false (reported) on a bad value. */
static bool as_of_date(const char *who, const char *opt, double *days, char out[11])
{
    int64_t d;
    if (opt) {
        if (!cal_parse_date(opt, strlen(opt), &d)) {
            fprintf(stderr, "accord %s: --as-of needs a date YYYY-MM-DD in the years 0001 to 9999, not '%s'\n", who, opt);
            return false;
        }
    } else {
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        long long secs;
        if (sde && *sde) {
            char *end;
            errno = 0;
            secs = strtoll(sde, &end, 10);
            if (*end || errno || secs < 0) {
                fprintf(stderr, "accord %s: SOURCE_DATE_EPOCH must be a number of seconds, "
                                "not '%s'\n", who, sde);
                return false;
            }
        } else {
            secs = (long long)time(NULL);
        }
        if (!cal_instant_in_range((double)secs)) {
            fprintf(stderr, "accord %s: SOURCE_DATE_EPOCH %s is after the year 9999\n", who,
                    sde && *sde ? sde : "(the clock)");
            return false;
        }
        d = (int64_t)(secs / 86400);
    }
    int64_t y;
    int m, dd;
    cal_civil_from_days(d, &y, &m, &dd);
    snprintf(out, 11, "%04d-%02d-%02d", (int)y, m, dd);
    *days = (double)d;
    return true;
}

_Static_assert(sizeof check_options / sizeof *check_options == CHECK_LIMITS + L__COUNT,
               "check_options lists every limit, in the order of enum Limit");

/* What the command line gives accord check. */
typedef struct CheckArgs {
    const char *who;         /* "check", or "compare" (whose -p repeats) */
    const char *std, *root, *profile, *waivers, *as_of, *output;
    const char **profiles;   /* compare: each -p (room for argc) */
    int nprofiles;
    const char *format_name; /* compare: its own formats */
    Setting *sets;           /* each --set NAME=VALUE (room for argc) */
    int nsets;
    const ReportFormat *format;
    long long limits[L__COUNT];
    int jobs;                /* 0: the default, one per core */
    const char *color;       /* --color: auto, always or never */
    bool quiet, verbose;     /* -q, -v */
} CheckArgs;

/* Reads check's arguments into ca: -1 when the check is to run, else the
   exit code (0 for --help; a usage error said on standard error). */
static int check_args(int argc, char **argv, CheckArgs *ca)
{
    const char *std = NULL, *root = ".", *profile = NULL, *waivers = NULL, *as_of = NULL;
    const char *output = NULL, *format = report_formats[0].name;
    long long *limits = ca->limits;
    for (int k = 0; k < L__COUNT; k++)
        limits[k] = limit_info[k].dflt;
    const char *who = ca->who;
    bool cmp = strcmp(who, "compare") == 0;
    const struct Command *c = find_command(who);
    const char **targets[CHECK_SET] = {&root, &profile, &waivers, &as_of, &output, &format};
    bool given[CHECK_SET] = {false};
    ca->nsets = 0;           /* ca->sets has room for argc (cmd_check) */
    for (int i = 0; i < argc; i++) {
        const char *val;
        int rc = EXIT_USAGE;
        int which = next_arg(c, argc, argv, &i, &val, &rc);
        if (which == ARG_HELP) {
            put_help(c);
            return EXIT_OK;
        }
        if (which == ARG_ERROR)
            return rc;
        if (which == ARG_OPERAND) {
            if (std)
                return usage_error(who, "one standard at a time; '%s' is one too many",
                                   argv[i], NULL);
            std = argv[i];
        } else if (which == CHECK_PROFILE && cmp) {
            for (int k = 0; k < ca->nprofiles; k++)
                if (strcmp(ca->profiles[k], val) == 0)
                    return usage_error(who, "profile '%s' is given twice", val, NULL);
            ca->profiles[ca->nprofiles++] = val;
        } else if (which < CHECK_SET) {
            /* one profile and one evidence folder per check (v1.1 §5):
               a second one is a mistake, not a replacement */
            if (given[which] && (which == CHECK_PROFILE || which == CHECK_EVIDENCE))
                return usage_error(who, which == CHECK_PROFILE
                                   ? "'%s' is given twice: one profile per check"
                                   : "'%s' is given twice: one evidence folder per check",
                                   check_options[which].l, NULL);
            given[which] = true;
            *targets[which] = val;
        } else if (which == CHECK_SET) {
            const char *eq = strchr(val, '=');
            if (!eq || eq == val)
                return usage_error(who, "--set needs NAME=VALUE, not '%s'", val, NULL);
            /* the name is cut from the argument in place (argv is ours),
               without the blanks around it: --set "max_asr = 5%" */
            char *name = argv[i] + (val - argv[i]), *end = argv[i] + (eq - argv[i]);
            while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
                end--;
            *end = '\0';
            while (*name == ' ' || *name == '\t')
                name++;
            ca->sets[ca->nsets++] = (Setting){name, eq + 1};
        } else if (which == CHECK_COLOR) {
            if (strcmp(val, "auto") != 0 && strcmp(val, "always") != 0 && strcmp(val, "never") != 0)
                return usage_error(who, "--color needs auto, always or never, not '%s'", val, NULL);
            ca->color = val;
        } else if (which == CHECK_QUIET) {
            ca->quiet = true;
        } else if (which == CHECK_VERBOSE) {
            ca->verbose = true;
        } else if (which == CHECK_JOBS) {
            char *end;
            errno = 0;
            long n = strtol(val, &end, 10);
            if (end == val || *end || errno || n < 1 || n > MAX_JOBS)
                return usage_error(who, "--jobs needs a whole number from 1 to 64, not '%s'",
                                   val, NULL);
            ca->jobs = (int)n;
        } else {
            int k = which - CHECK_LIMITS;
            char *end;
            errno = 0;
            long long n = strtoll(val, &end, 10);
            if (end == val || *end || errno || n <= 0 || n > limit_info[k].max) {
                char what[120];
                snprintf(what, sizeof what, "%s needs a whole number from 1 to %lld, not '%%s'",
                         check_options[which].l, limit_info[k].max);
                return usage_error(who, what, val, NULL);
            }
            limits[k] = n;
        }
    }
    if (!std)
        return usage_error(who, "%s", "no standard given", NULL);
    ca->format_name = format;
    if (cmp) {
        if (!compare_format_known(format))
            return usage_error(who, "unknown format '%s' (xml, text, html or json)", format,
                               NULL);
        if (ca->nprofiles < 2)
            return usage_error(who, "%s", "compare needs two profiles or more (-p A -p B)",
                               NULL);
    }
    const ReportFormat *rf = cmp ? report_format("xml") : report_format(format);
    if (!rf) {
        Arena *la = arena_new();
        char *what = arena_printf(la, "unknown format '%%s' (%s)",
                                  name_list(la, report_format_names, REPORT_FORMAT_COUNT, "", ""));
        int rc = usage_error("check", what, format,
                             suggest(format, report_format_names, REPORT_FORMAT_COUNT));
        arena_free(la);
        return rc;
    }
    ca->std = std;
    ca->root = root;
    ca->profile = profile;
    ca->waivers = waivers;
    ca->as_of = as_of;
    ca->output = output;
    ca->format = rf;
    return -1;
}

static int check_run_args(CheckArgs *cap);

static int cmd_check(int argc, char **argv)
{
    CheckArgs ca = {0};
    ca.who = "check";
    ca.sets = xmalloc(sizeof(Setting) * (size_t)(argc + 1));
    int rc = check_args(argc, argv, &ca);
    if (rc < 0)
        rc = check_run_args(&ca);
    free(ca.sets);
    return rc;
}

static int cmd_compare(int argc, char **argv)
{
    CheckArgs ca = {0};
    ca.who = "compare";
    ca.sets = xmalloc(sizeof(Setting) * (size_t)(argc + 1));
    ca.profiles = xmalloc(sizeof(char *) * (size_t)(argc + 1));
    int rc = check_args(argc, argv, &ca);
    if (rc < 0) {
        CompareRequest cq = {{.who = "compare", .std = ca.std, .root = ca.root,
                              .waivers = ca.waivers, .sets = ca.sets, .nsets = ca.nsets,
                              .jobs = ca.jobs, .progress = isatty(STDERR_FILENO)},
                             ca.profiles, ca.nprofiles, ca.format_name, ca.output};
        memcpy(cq.run.limits, ca.limits, sizeof cq.run.limits);
        char today_s[11];
        if (!as_of_date("compare", ca.as_of, &cq.run.today, today_s)) {
            rc = EXIT_USAGE;
        } else {
            cq.run.today_s = today_s;
            rc = compare_profiles(&cq);
        }
    }
    free(ca.sets);
    free(ca.profiles);
    return rc;
}

/* accord check with its arguments read. */
static int check_run_args(CheckArgs *cap)
{
    CheckArgs ca = *cap;
    if (ca.quiet && ca.verbose)
        return usage_error("check", "%s", "-q and -v cannot be combined", NULL);
    RunRequest rq = {.who = "check", .std = ca.std, .root = ca.root, .profile = ca.profile,
                     .waivers = ca.waivers, .format = ca.format, .sets = ca.sets,
                     .nsets = ca.nsets, .jobs = ca.jobs,
                     .progress = !ca.quiet && (ca.verbose || isatty(STDERR_FILENO)),
                     .quiet = ca.quiet, .verbose = ca.verbose};
    memcpy(rq.limits, ca.limits, sizeof rq.limits);
    char today_s[11];
    if (!as_of_date("check", ca.as_of, &rq.today, today_s))
        return EXIT_USAGE;
    rq.today_s = today_s;
    /* --color=always|never decides; with auto (the default), NO_COLOR
       (no-color.org) turns colour off, FORCE_COLOR on, and otherwise
       colour only on a terminal */
    const char *nc = getenv("NO_COLOR"), *fc = getenv("FORCE_COLOR");
    if (ca.color && strcmp(ca.color, "always") == 0)
        rq.color = true;
    else if (ca.color && strcmp(ca.color, "never") == 0)
        rq.color = false;
    else if (nc && *nc)
        rq.color = false;
    else if (fc && *fc && strcmp(fc, "0") != 0)
        rq.color = true;
    else
        rq.color = !ca.output && isatty(STDOUT_FILENO);
    /* run_check writes the report: the XML report as it is made */
    rq.write = true;
    rq.output = ca.output;
    char *report;
    size_t len;
    int rc = run_check(&rq, &report, &len);
    free(report);
    return rc;
}


/* The result of requirement id in o, or NULL when it is not in scope. */
static const ReqResult *result_of(const Outcome *o, const char *id)
{
    for (int i = 0; i < o->nreqs; i++)
        if (strcmp(o->reqs[i].decl->name, id) == 0)
            return &o->reqs[i];
    return NULL;
}

/* Runs one test of a compiled file; prints its lines; returns whether it
   passed. */
static bool run_test(const Program *p, const Decl *t, double default_day,
                     const Switches *sw)
{
    const char *evidence = NULL, *waivers = NULL;
    const Decl *profile = NULL;
    double day = default_day;
    for (const Item *it = t->items; it; it = it->next) {
        if (it->kind == I_EVIDENCE)
            evidence = it->str;
        else if (it->kind == I_WAIVERS)
            waivers = it->str;
        else if (it->kind == I_PROFILE)
            profile = map_get(p->profiles, it->name);
        else if (it->kind == I_AS_OF)
            day = it->expr->num;
    }
    Arena *ea = arena_new();
    /* the evidence folder is relative to the file that declares the test */
    const char *dir = t->module->src->dir;
    const char *root = evidence[0] == '/' ? evidence : arena_printf(ea, "%s%s", dir, evidence);
    const char *why = NULL;
    Outcome *o = NULL;
    Waivers *wv = NULL;
    const char *wpath = NULL;
    if (waivers) {
        wpath = waivers[0] == '/' ? waivers : arena_printf(ea, "%s%s", dir, waivers);
        wv = waivers_read(ea, wpath, &why);
    }
    if (!waivers || wv) {
        CheckInput in = {.root = root, .bind = BIND_DEFAULTS, .waivers = wv,
                         .waivers_path = wpath, .eval = {.profile = profile, .as_of = day},
                         .sw = *sw};
        o = check_run(ea, p, &in, NULL, &why);
    }
    bool ok = o != NULL;
    char *lines = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&lines, &len);
    if (!out) {
        arena_free(ea);
        fprintf(stderr, "accord test: out of memory\n");
        return false;
    }
    if (!o)
        fprintf(out, "  %s\n", why);
    for (const Item *it = t->items; o && it; it = it->next) {
        if (it->kind != I_EXPECT)
            continue;
        const char *actual;
        if (strcmp(it->name, "verdict") == 0) {
            actual = verdict_name(o->verdict);
        } else {
            const ReqResult *rr = result_of(o, it->name);
            actual = rr ? result_name(rr->result) : "not in the profile";
        }
        if (strcmp(actual, it->str) != 0) {
            ok = false;
            fprintf(out, "  %s: expected %s, got %s\n", it->name, it->str, actual);
        }
    }
    fclose(out);
    printf("%s %s\n", ok ? "ok" : "FAILED", t->name);
    fputs(lines, stdout);
    free(lines);
    arena_free(ea);
    return ok;
}

/* The arguments of a command of one operand (*operand, the report) and
   options that each take a value once (targets[k] for option k): -1 when
   the command is to run, else its exit code (0 for --help; a usage error
   said). */
static int one_operand(const struct Command *c, int argc, char **argv, const char **operand,
                       const char **const *targets)
{
    for (int i = 0; i < argc; i++) {
        const char *val;
        int rc = EXIT_USAGE;
        int which = next_arg(c, argc, argv, &i, &val, &rc);
        if (which == ARG_HELP) {
            put_help(c);
            return EXIT_OK;
        }
        if (which == ARG_ERROR)
            return rc;
        if (which == ARG_OPERAND) {
            if (*operand)
                return usage_error(c->name, "one report at a time; '%s' is one too many",
                                   argv[i], NULL);
            *operand = argv[i];
        } else {
            if (*targets[which])
                return usage_error(c->name, "'%s' is given twice", c->opts[which].l, NULL);
            *targets[which] = val;
        }
    }
    if (!*operand)
        return usage_error(c->name, "%s", "no report given", NULL);
    return -1;
}

static int cmd_verify(int argc, char **argv)
{
    VerifyRequest rq = {0};
    const char *threshold = NULL;
    const char **const targets[] = {&rq.evidence, &rq.standard, &rq.waivers, &rq.trust,
                                    &threshold};
    int rc = one_operand(find_command("verify"), argc, argv, &rq.report, targets);
    if (rc >= 0)
        return rc;
    if (threshold) {
        char *end;
        errno = 0;
        long n = strtol(threshold, &end, 10);
        if (end == threshold || *end || errno || n < 1 || n > 1000)
            return usage_error("verify", "--threshold needs a whole number from 1 to 1000, "
                               "not '%s'", threshold, NULL);
        rq.threshold = (int)n;
    }
    return verify(&rq);
}

static int cmd_sign(int argc, char **argv)
{
    SignRequest rq = {0};
    const char **const targets[] = {&rq.key, &rq.output, &rq.add};
    int rc = one_operand(find_command("sign"), argc, argv, &rq.report, targets);
    if (rc >= 0)
        return rc;
    if (!rq.key)
        return usage_error("sign", "%s", "no key given (--key KEY.pem)", NULL);
    return sign_report(&rq);
}

static int cmd_diff(int argc, char **argv)
{
    const struct Command *c = find_command("diff");
    DiffRequest rq = {0};
    const char *as_of = NULL;
    rq.format = "text";
    int n = 0;
    for (int i = 0; i < argc; i++) {
        const char *val;
        int rc = EXIT_USAGE;
        switch (next_arg(c, argc, argv, &i, &val, &rc)) {
        case ARG_HELP: put_help(c); return EXIT_OK;
        case ARG_ERROR: return rc;
        case ARG_OPERAND:
            if (n == 2)
                return usage_error("diff", "two standards at a time; '%s' is one too many",
                                   argv[i], NULL);
            *(n++ ? &rq.new : &rq.old) = argv[i];
            break;
        case DIFF_EVIDENCE: rq.run.root = val; break;
        case DIFF_AS_OF: as_of = val; break;
        case DIFF_FORMAT: rq.format = val; break;
        case DIFF_OUTPUT: rq.output = val; break;
        }
    }
    if (n < 2)
        return usage_error("diff", "%s", "two standards are needed: accord diff OLD NEW", NULL);
    if (!diff_format_known(rq.format))
        return usage_error("diff", "unknown format '%s' (text, xml or json)", rq.format, NULL);
    if (as_of && !rq.run.root)
        return usage_error("diff", "%s", "--as-of is the date of the checks: give -e DIR too",
                           NULL);
    char today_s[11];
    if (rq.run.root) {
        rq.run.who = "diff";
        for (int k = 0; k < L__COUNT; k++)
            rq.run.limits[k] = limit_info[k].dflt;
        if (!as_of_date("diff", as_of, &rq.run.today, today_s))
            return EXIT_USAGE;
        rq.run.today_s = today_s;
    }
    return diff_standards(&rq);
}

static int cmd_doc(int argc, char **argv)
{
    const struct Command *c = find_command("doc");
    const char *std = NULL, *profile = NULL, *format = "html", *output = NULL;
    for (int i = 0; i < argc; i++) {
        const char *val;
        int rc = EXIT_USAGE;
        switch (next_arg(c, argc, argv, &i, &val, &rc)) {
        case ARG_HELP: put_help(c); return EXIT_OK;
        case ARG_ERROR: return rc;
        case ARG_OPERAND:
            if (std)
                return usage_error("doc", "one standard at a time; '%s' is one too many",
                                   argv[i], NULL);
            std = argv[i];
            break;
        case DOC_PROFILE:
            if (profile)
                return usage_error("doc", "'%s' is given twice: one profile per document",
                                   "--profile", NULL);
            profile = val;
            break;
        case DOC_FORMAT: format = val; break;
        case DOC_OUTPUT: output = val; break;
        }
    }
    if (!std)
        return usage_error("doc", "%s", "no standard given", NULL);
    if (!doc_format_known(format))
        return usage_error("doc", "unknown format '%s' (html or markdown)", format, NULL);
    return doc_standard(std, profile, format, output);
}

static int cmd_summarize(int argc, char **argv)
{
    const struct Command *c = find_command("summarize");
    const char *format = "text", *output = NULL;
    const char **paths = calloc((size_t)argc + 1, sizeof(char *));
    if (!paths)
        out_of_memory();
    int n = 0, rc = -1;
    for (int i = 0; i < argc && rc < 0; i++) {
        const char *val;
        int err = EXIT_USAGE;
        switch (next_arg(c, argc, argv, &i, &val, &err)) {
        case ARG_HELP: put_help(c); rc = EXIT_OK; break;
        case ARG_ERROR: rc = err; break;
        case ARG_OPERAND: paths[n++] = argv[i]; break;
        case SUMMARIZE_FORMAT: format = val; break;
        case SUMMARIZE_OUTPUT: output = val; break;
        }
    }
    if (rc < 0 && !summarize_format_known(format))
        rc = usage_error("summarize", "unknown format '%s' (text, csv, xml, html or json)",
                         format, NULL);
    if (rc < 0 && n == 0)
        rc = usage_error("summarize", "%s", "no report given", NULL);
    if (rc < 0)
        rc = summarize(paths, n, format, output);
    free(paths);
    return rc;
}

static int cmd_test(int argc, char **argv)
{
    const struct Command *c = find_command("test");
    const char *as_of = NULL;
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        const char *val;
        int rc = EXIT_USAGE;
        switch (next_arg(c, argc, argv, &i, &val, &rc)) {
        case ARG_HELP: put_help(c); return EXIT_OK;
        case ARG_ERROR: return rc;
        case ARG_OPERAND: nfiles++; break;
        case TEST_AS_OF: as_of = val; break;
        }
    }
    if (nfiles == 0)
        return usage_error("test", "%s", "no file given", NULL);
    double today;
    char today_s[11];
    if (!as_of_date("test", as_of, &today, today_s))
        return EXIT_USAGE;
    int passed = 0, failed = 0;
    bool broken = false;
    Switches sw = switches_from_env();
    for (int i = 0; i < argc; i++) {
        if (!is_operand(c, argc, argv, &i))
            continue;
        Arena *a = arena_new();
        Program *p = compile_standard(a, argv[i], false, false, true);
        if (!p) {
            broken = true;
            arena_free(a);
            continue;
        }
        /* the tests of this file, not those of its imports */
        for (const Decl *t = p->root->decls; t; t = t->next)
            if (t->kind == D_TEST) {
                if (run_test(p, t, today, &sw))
                    passed++;
                else
                    failed++;
            }
        arena_free(a);
    }
    printf("%d passed, %d failed\n", passed, failed);
    if (fflush(stdout) != 0)
        return EXIT_USAGE;
    return broken ? EXIT_USAGE : failed ? EXIT_CHANGED : EXIT_OK;
}

static int cmd_fmt(int argc, char **argv)
{
    const struct Command *c = find_command("fmt");
    bool write = false, check = false;
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        const char *val;
        int rc = EXIT_USAGE;
        switch (next_arg(c, argc, argv, &i, &val, &rc)) {
        case ARG_HELP: put_help(c); return EXIT_OK;
        case ARG_ERROR: return rc;
        case ARG_OPERAND: nfiles++; break;
        case FMT_WRITE: write = true; break;
        case FMT_CHECK: check = true; break;
        }
    }
    if (write && check)
        return usage_error("fmt", "%s", "-w and --check cannot be combined", NULL);
    if (nfiles == 0)
        return usage_error("fmt", "%s", "no file given", NULL);
    int rc = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        if (!is_operand(c, argc, argv, &i))
            continue;
        const char *path = argv[i];
        bool stdin_ = strcmp(path, "-") == 0;
        Arena *a = arena_new();
        Diag *d = diag_new(a, stderr);
        size_t len;
        char *text = load_file(a, path, &len);
        if (!text) {
            fprintf(stderr, "accord fmt: cannot read '%s': %s\n", path, strerror(errno));
            arena_free(a);
            rc = EXIT_USAGE;
            continue;
        }
        Source *src = diag_add_source(d, stdin_ ? "<stdin>" : path, text, len);
        Module *m = parse_module(a, d, src);
        diag_flush(d);
        if (d->errors) {
            arena_free(a);
            rc = EXIT_USAGE;
            continue;
        }
        size_t outlen;
        char *out = format_module(m, &outlen);
        bool same = outlen == len && memcmp(out, text, len) == 0;
        if (check) {
            if (!same) {
                fprintf(stderr, "%s: would be reformatted\n", src->path);
                if (rc == EXIT_OK)
                    rc = EXIT_CHANGED;
            }
        } else if (write && !stdin_) {
            if (!same && !write_atomically("fmt", path, out, outlen))
                rc = EXIT_USAGE;
        } else {
            fwrite(out, 1, outlen, stdout);
        }
        free(out);
        arena_free(a);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "accord fmt: cannot write the output: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    return rc;
}

static int run(int argc, char **argv)
{
    /* libxml2 and libxslt allocate through xmalloc: out of memory anywhere
       ends the run the same clean way (arena.c) */
    if (xmlMemSetup(free, xmalloc, xrealloc, xstrdup) != 0)
        return EXIT_USAGE;
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("accord %s\n", ACCORD_VERSION);
        return EXIT_OK;
    }
    if (cmd[0] == '-') {
        static const char *const opts[] = {"--help", "--version"};
        return usage_error(NULL, "unknown option '%s'", cmd, suggest(cmd, opts, 2));
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc == 2) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
        const struct Command *c = find_command(argv[2]);
        if (!c)
            return usage_error("help", "unknown command '%s'", argv[2],
                               suggest(argv[2], names, NCOMMANDS));
        put_help(c);
        return EXIT_OK;
    }
    const struct Command *c = find_command(cmd);
    if (c && c->run)
        return c->run(argc - 2, argv + 2);
    return usage_error(NULL, "unknown command '%s'", cmd, suggest(cmd, names, NCOMMANDS));
}

/* accord runs on a thread of its own with a large stack. The compiler and
   the evaluator recurse over expressions, and typecheck.c bounds how deep
   (MAX_NEST: 2500 levels, a parser limit of 1000 per expression and chains
   of definitions); at that bound the plain build uses under 2 MiB of stack
   and the AddressSanitizer build under 8 MiB (measured with ulimit -s,
   docs/robustness.md). 64 MiB leaves a wide margin whatever the main
   thread's limit is; the memory is reserved, not used. */
enum { STACK_SIZE = 64 << 20 };

typedef struct Job {
    int argc;
    char **argv;
    int rc;
} Job;

static void *job(void *arg)
{
    Job *j = arg;
    j->rc = run(j->argc, j->argv);
    return NULL;
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* evidence is read a file at a time, and each file's buffers (libxml2
       copies the input, the parser's own) are freed before the next: kept
       in the heap rather than mapped and unmapped per file, they cost no
       page faults the second time (docs/performance.md: a sixth of the
       time of a check, in the kernel). The peak is the same. */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    /* the work runs on a thread of its own (main): one arena, the main
       one, grown with brk; a thread's own arena grows by mprotect, page by
       page (43 000 calls for a 12 MB JSON file: twice the time) */
    mallopt(M_ARENA_MAX, 1);
#endif
    Job j = {argc, argv, EXIT_USAGE};
    pthread_attr_t at;
    pthread_t t;
    if (pthread_attr_init(&at) == 0 && pthread_attr_setstacksize(&at, STACK_SIZE) == 0
        && pthread_create(&t, &at, job, &j) == 0) {
        pthread_attr_destroy(&at);
        pthread_join(t, NULL);
        return j.rc;
    }
    pthread_attr_destroy(&at);
    /* no thread (a system that refuses one of this size): the main
       thread's stack; the nesting bound keeps the plain build under 2 MiB
       of it (docs/soundness.md) */
    return run(argc, argv);
}
