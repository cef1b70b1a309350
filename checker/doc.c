/* doc.c - accord doc (v1.1 §6): a standard written out for people, as
 * Markdown or as one self-contained HTML page. Its header and
 * description; the parameters with their values (after the profile, if
 * one is given) and doc strings; the evidence it expects (files, format,
 * fields, types, selectors); every requirement and recommendation with
 * its title, severity, citations, rationale, applicability and rules in
 * fmt's canonical form; and its profiles.
 *
 * The document is built once as a list of blocks (heading, paragraph,
 * table, code, list) and each format renders the blocks, so the two
 * formats cannot say different things. Nothing depends on the date, the
 * machine or the order of a hash table: the same standard gives the same
 * bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include "doc.h"
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "eval.h"
#include "format.h"
#include "output.h"
#include "run.h"

typedef enum { B_HEADING, B_PARA, B_TABLE, B_CODE, B_LIST } BlockKind;

typedef struct Block {
    BlockKind kind;
    int level;               /* HEADING */
    const char *text;        /* HEADING, PARA, CODE */
    const char **cells;      /* TABLE: ncols * (nrows + 1), the header first;
                                LIST: items */
    int ncols, nrows;
    unsigned mono;           /* TABLE: the columns shown as code (bit per column) */
} Block;

typedef struct Doc {
    Arena *a;
    const Program *p;
    const Decl *profile;
    Block *blocks;
    int n, cap;
} Doc;

static Block *add(Doc *d, BlockKind k)
{
    d->blocks = arena_grow(d->a, d->blocks, d->n, &d->cap, sizeof(Block));
    Block *b = &d->blocks[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = k;
    return b;
}

static void heading(Doc *d, int level, const char *text)
{
    Block *b = add(d, B_HEADING);
    b->level = level;
    b->text = text;
}

static void para(Doc *d, const char *text)
{
    add(d, B_PARA)->text = text;
}

static void code(Doc *d, const char *text)
{
    add(d, B_CODE)->text = text;
}

/* ---- the content ------------------------------------------------------------ */

static const char *header_item(const Decl *std, ItemKind k)
{
    for (const Item *it = std ? std->items : NULL; it; it = it->next)
        if (it->kind == k)
            return it->str;
    return NULL;
}

static const char *decl_text(Doc *d, const Decl *decl)
{
    for (int m = 0; m < d->p->nmods; m++)
        for (const Decl *x = d->p->mods[m]->decls; x; x = x->next)
            if (x == decl) {
                size_t len;
                char *s = format_decl(d->p->mods[m], decl, &len);
                const char *r = arena_strndup(d->a, s, len);
                free(s);
                return r;
            }
    return "";
}

static const char *type_name(Arena *a, const TypeExpr *t)
{
    if (!t)
        return "";
    if (t->arg)
        return arena_printf(a, "%s<%s>", t->name, type_name(a, t->arg));
    return t->name;
}

static void params(Doc *d)
{
    int n = 0;
    for (int m = 0; m < d->p->nmods; m++)
        for (const Decl *x = d->p->mods[m]->decls; x; x = x->next)
            n += x->kind == D_PARAM;
    if (!n)
        return;
    heading(d, 2, d->profile ? arena_printf(d->a, "Parameters (profile %s)", d->profile->name)
                             : "Parameters");
    Block *t = add(d, B_TABLE);
    t->ncols = 3;
    t->mono = 1u << 1;
    t->cells = arena_alloc(d->a, sizeof(char *) * (size_t)(3 * (n + 1)));
    t->cells[0] = "parameter";
    t->cells[1] = "value";
    t->cells[2] = "meaning";
    for (int m = 0; m < d->p->nmods; m++)
        for (const Decl *x = d->p->mods[m]->decls; x; x = x->next) {
            if (x->kind != D_PARAM)
                continue;
            int r = ++t->nrows;
            t->cells[3 * r] = x->name;
            t->cells[3 * r + 1] = expr_text(d->a, d->p, param_in_effect(d->p, d->profile, x));
            t->cells[3 * r + 2] = x->doc ? x->doc : "";
        }
}

static void fields(Doc *d, const Field *fs, const char *prefix)
{
    int n = 0;
    for (const Field *f = fs; f; f = f->next)
        n++;
    Block *t = add(d, B_TABLE);
    t->ncols = 4;
    t->mono = 1u << 1 | 1u << 2;
    t->cells = arena_alloc(d->a, sizeof(char *) * (size_t)(4 * (n + 1)));
    t->cells[0] = "field";
    t->cells[1] = "type";
    t->cells[2] = "selected by";
    t->cells[3] = "required";
    for (const Field *f = fs; f; f = f->next) {
        int r = ++t->nrows;
        t->cells[4 * r] = arena_printf(d->a, "%s%s", prefix, f->name);
        t->cells[4 * r + 1] = f->records ? "records" : type_name(d->a, f->type);
        t->cells[4 * r + 2] = f->xpath;
        t->cells[4 * r + 3] = f->optional ? "optional" : "yes";
    }
    for (const Field *f = fs; f; f = f->next)
        if (f->records) {
            para(d, arena_printf(d->a, "Each record of `%s` (selected by `%s`):", f->name,
                                 f->xpath));
            fields(d, f->fields, arena_printf(d->a, "%s.", f->name));
        }
}

static void evidence(Doc *d)
{
    if (!d->p->nevidence)
        return;
    heading(d, 2, "Evidence");
    for (int i = 0; i < d->p->nevidence; i++) {
        const Decl *e = d->p->evidence[i];
        heading(d, 3, e->name);
        para(d, arena_printf(d->a, "Files matching `%s`%s.", e->glob,
                             e->format ? arena_printf(d->a, ", read as %s", e->format)
                                       : ", in the format their extension names"));
        fields(d, e->fields, "");
    }
}

static void definitions(Doc *d)
{
    bool any = false;
    for (int m = 0; m < d->p->nmods; m++)
        for (const Decl *x = d->p->mods[m]->decls; x; x = x->next) {
            if (x->kind != D_DEFINE)
                continue;
            if (!any)
                heading(d, 2, "Definitions");
            any = true;
            code(d, decl_text(d, x));
        }
}

static void requirements(Doc *d)
{
    if (!d->p->nreqs)
        return;
    heading(d, 2, "Requirements");
    for (int i = 0; i < d->p->nreqs; i++) {
        const Decl *r = d->p->reqs[i];
        if (d->profile && !profile_selects(d->p, d->profile, r->name))
            continue;
        bool rec = r->kind == D_RECOMMENDATION;
        heading(d, 3, arena_printf(d->a, "%s %s%s", r->name, r->title ? r->title : "",
                                   rec ? " (recommendation)" : ""));
        const char *severity = "medium";
        int ncites = 0;
        for (const Stmt *st = r->body; st; st = st->next) {
            if (st->kind == S_SEVERITY)
                severity = st->name;
            ncites += st->kind == S_CITES;
        }
        para(d, arena_printf(d->a, "Severity: %s.", severity));
        for (const Stmt *st = r->body; st; st = st->next) {
            if (st->kind == S_RATIONALE)
                para(d, arena_printf(d->a, "Rationale: %s", st->str));
            if (st->kind == S_APPLIES)
                para(d, arena_printf(d->a, "Applies when `%s`.",
                                     expr_text(d->a, d->p, st->expr)));
        }
        if (ncites) {
            para(d, "Cites:");
            Block *l = add(d, B_LIST);
            l->cells = arena_alloc(d->a, sizeof(char *) * (size_t)ncites);
            for (const Stmt *st = r->body; st; st = st->next)
                if (st->kind == S_CITES)
                    l->cells[l->nrows++] = st->str;
        }
        code(d, decl_text(d, r));
    }
}

static void profiles(Doc *d)
{
    int n = 0;
    for (int m = 0; m < d->p->nmods; m++)
        for (const Decl *x = d->p->mods[m]->decls; x; x = x->next)
            n += x->kind == D_PROFILE;
    if (!n)
        return;
    heading(d, 2, "Profiles");
    for (int m = 0; m < d->p->nmods; m++)
        for (const Decl *x = d->p->mods[m]->decls; x; x = x->next) {
            if (x->kind != D_PROFILE)
                continue;
            heading(d, 3, arena_printf(d->a, "%s%s%s", x->name, x->title ? ": " : "",
                                       x->title ? x->title : ""));
            code(d, decl_text(d, x));
        }
}

static void build(Doc *d)
{
    const Decl *std = d->p->standard;
    const char *title = header_item(std, I_TITLE);
    heading(d, 1, arena_printf(d->a, "%s %s: %s", std->name,
                               header_item(std, I_VERSION) ? header_item(std, I_VERSION) : "",
                               title ? title : ""));
    const char *pub = header_item(std, I_PUBLISHER), *desc = header_item(std, I_DESCRIPTION);
    if (pub)
        para(d, arena_printf(d->a, "Published by %s.", pub));
    if (desc)
        para(d, desc);
    if (d->profile)
        para(d, arena_printf(d->a, "This document shows the standard under its profile `%s`: "
                             "its parameters, and only the requirements it selects.",
                             d->profile->name));
    params(d);
    evidence(d);
    definitions(d);
    requirements(d);
    profiles(d);
}

/* ---- Markdown ---------------------------------------------------------------- */

/* text in a Markdown paragraph or cell: characters that would start markup
   escaped, | too in a table, line breaks as spaces */
static void md_text(FILE *f, const char *s, bool cell)
{
    for (; s && *s; s++) {
        if (*s == '\n' || *s == '\r') {
            fputc(' ', f);
            continue;
        }
        if (strchr("\\*_[]<>#", *s) || (cell && *s == '|'))
            fputc('\\', f);
        fputc(*s, f);
    }
}

/* a paragraph keeps `code` spans as written, escapes the rest */
static void md_para(FILE *f, const char *s)
{
    bool in_code = false;
    for (; *s; s++) {
        if (*s == '`') {
            in_code = !in_code;
            fputc('`', f);
        } else if (in_code) {
            fputc(*s == '\n' ? ' ' : *s, f);
        } else {
            char one[2] = {*s, 0};
            md_text(f, one, false);
        }
    }
}

static void put_md(const Doc *d, FILE *f)
{
    for (int i = 0; i < d->n; i++) {
        const Block *b = &d->blocks[i];
        if (i)
            fputc('\n', f);
        switch (b->kind) {
        case B_HEADING:
            for (int k = 0; k < b->level; k++)
                fputc('#', f);
            fputc(' ', f);
            md_text(f, b->text, false);
            fputc('\n', f);
            break;
        case B_PARA:
            md_para(f, b->text);
            fputc('\n', f);
            break;
        case B_CODE: {
            /* a fence longer than any run of backticks inside */
            int run = 0, most = 0;
            for (const char *s = b->text; *s; s++) {
                run = *s == '`' ? run + 1 : 0;
                most = run > most ? run : most;
            }
            int fence = most >= 3 ? most + 1 : 3;
            for (int k = 0; k < fence; k++)
                fputc('`', f);
            fputs("accord\n", f);
            fputs(b->text, f);
            if (!*b->text || b->text[strlen(b->text) - 1] != '\n')
                fputc('\n', f);
            for (int k = 0; k < fence; k++)
                fputc('`', f);
            fputc('\n', f);
            break;
        }
        case B_LIST:
            for (int k = 0; k < b->nrows; k++) {
                fputs("- ", f);
                md_text(f, b->cells[k], false);
                fputc('\n', f);
            }
            break;
        case B_TABLE:
            for (int r = 0; r <= b->nrows; r++) {
                fputc('|', f);
                for (int c = 0; c < b->ncols; c++) {
                    fputc(' ', f);
                    const char *cell = b->cells[r * b->ncols + c];
                    if (r && (b->mono >> c & 1) && *cell) {
                        fputc('`', f);
                        for (const char *s = cell; *s; s++)
                            fputc(*s == '`' ? '\'' : *s == '|' ? '/' : *s, f);
                        fputc('`', f);
                    } else {
                        md_text(f, cell, true);
                    }
                    fputs(" |", f);
                }
                fputc('\n', f);
                if (r == 0) {
                    fputc('|', f);
                    for (int c = 0; c < b->ncols; c++)
                        fputs(" --- |", f);
                    fputc('\n', f);
                }
            }
            break;
        }
    }
}

/* ---- HTML -------------------------------------------------------------------- */

/* a paragraph: `code` spans as <code> */
static void html_para(FILE *f, const char *s)
{
    bool in_code = false;
    for (; *s; s++) {
        if (*s == '`') {
            fputs(in_code ? "</code>" : "<code>", f);
            in_code = !in_code;
        } else {
            char one[2] = {*s, 0};
            emit_html(f, one);
        }
    }
    if (in_code)
        fputs("</code>", f);
}

static void put_html(const Doc *d, FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    emit_html(f, d->n ? d->blocks[0].text : "");
    fputs("</title>\n<style>\n"
          "body{font-family:system-ui,sans-serif;max-width:62em;margin:2em auto;padding:0 1em;"
          "color:#222;line-height:1.45}\n"
          "h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}\n"
          "table{border-collapse:collapse;margin:.5em 0}\n"
          "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n"
          "th{background:#f3f3f3}\n"
          "pre{background:#f6f8fa;padding:.8em;overflow-x:auto;border-radius:4px}\n"
          "code{font-family:ui-monospace,monospace;font-size:.92em}\n"
          "</style>\n</head>\n<body>\n", f);
    for (int i = 0; i < d->n; i++) {
        const Block *b = &d->blocks[i];
        switch (b->kind) {
        case B_HEADING:
            fprintf(f, "<h%d>", b->level);
            emit_html(f, b->text);
            fprintf(f, "</h%d>\n", b->level);
            break;
        case B_PARA:
            fputs("<p>", f);
            html_para(f, b->text);
            fputs("</p>\n", f);
            break;
        case B_CODE:
            fputs("<pre><code>", f);
            emit_html(f, b->text);
            fputs("</code></pre>\n", f);
            break;
        case B_LIST:
            fputs("<ul>\n", f);
            for (int k = 0; k < b->nrows; k++) {
                fputs("<li>", f);
                emit_html(f, b->cells[k]);
                fputs("</li>\n", f);
            }
            fputs("</ul>\n", f);
            break;
        case B_TABLE:
            fputs("<table>\n", f);
            for (int r = 0; r <= b->nrows; r++) {
                fputs("<tr>", f);
                for (int c = 0; c < b->ncols; c++) {
                    const char *cell = b->cells[r * b->ncols + c];
                    bool mono = r && (b->mono >> c & 1) && *cell;
                    fputs(r ? "<td>" : "<th>", f);
                    if (mono)
                        fputs("<code>", f);
                    emit_html(f, cell);
                    if (mono)
                        fputs("</code>", f);
                    fputs(r ? "</td>" : "</th>", f);
                }
                fputs("</tr>\n", f);
            }
            fputs("</table>\n", f);
            break;
        }
    }
    fputs("</body>\n</html>\n", f);
}

/* ---- the command ---------------------------------------------------------------- */

bool doc_format_known(const char *name)
{
    return strcmp(name, "html") == 0 || strcmp(name, "markdown") == 0;
}

int doc_standard(const char *std, const char *profile, const char *format, const char *output)
{
    Arena *a = arena_new();
    int rc = EXIT_OK;
    Program *p = compile_standard(a, std, true, false, true);
    const Decl *pr = NULL;
    if (!p) {
        rc = EXIT_USAGE;
    } else if (profile && !(pr = map_get(p->profiles, profile))) {
        fprintf(stderr, "accord doc: unknown profile '%s'\n", profile);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) {
        Doc d = {a, p, pr, NULL, 0, 0};
        build(&d);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            out_of_memory();
        if (strcmp(format, "markdown") == 0)
            put_md(&d, f);
        else
            put_html(&d, f);
        if (fclose(f) != 0)
            out_of_memory();
        if (!emit_output("doc", output, buf, len))
            rc = EXIT_USAGE;
        free(buf);
    }
    arena_free(a);
    return rc;
}
