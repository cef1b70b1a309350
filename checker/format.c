/* format.c - prints a module in the one canonical layout.
 *
 * The rules, in short (docs/language.md has them for users):
 * - two spaces of indentation per block; one declaration or statement a line;
 * - single spaces around binary operators, after commas and colons;
 * - a blank line between top-level declarations, except between one-line
 *   declarations of the same kind (params, sets, defines, imports), where the
 *   author's blank lines are kept (at most one);
 * - inside blocks, the author's blank lines are kept (at most one), none at
 *   the start or end of a block;
 * - runs of consecutive params, sets, defines, lets, header lines and
 *   evidence fields are aligned in columns, as in the spec's examples;
 * - a statement longer than 80 columns breaks its top-level and/or chain, or
 *   else its outermost call of several arguments; a `require` that is still
 *   too long puts `else "..."` on the next line;
 * - comments stay where they were: on their own line before the item that
 *   follows them, or at the end of the line they ended. A comment inside a
 *   multi-line item moves above the item.
 */
#include "format.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct Buf {
    char *s;
    size_t n, cap;
    bool wrap;          /* break the next call of two or more arguments */
    int chain;          /* break before each `and` (E_AND) or `or` (E_OR) of
                           the top-level chain; 0 for none */
    size_t col0;        /* the column where this text will start */
} Buf;

static void put(Buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        b->s = xrealloc(b->s, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(Buf *b, const char *s) { put(b, s, strlen(s)); }

static void putf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(Buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        put(b, tmp, (size_t)n);
        return;
    }
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    put(b, big, (size_t)n);
    free(big);
}

static void indent(Buf *b, int level)
{
    for (int i = 0; i < level; i++)
        put(b, "  ", 2);
}

typedef struct Printer {
    const Module *m;
    const char *src;
    Buf out;
    int ci;              /* next comment to print */
} Printer;

/* Display width of the last line of b (code points), from column col0. */
static size_t column(const Buf *b)
{
    if (!b->s)
        return b->col0;
    const char *start = strrchr(b->s, '\n');
    size_t w = start ? 0 : b->col0;
    for (const char *c = start ? start + 1 : b->s; *c; c++)
        w += ((unsigned char)*c & 0xC0) != 0x80;
    return w;
}

/* The source text of a token, as written. */
static void raw(Buf *b, const Printer *p, Loc at)
{
    put(b, p->src + at.beg, at.end - at.beg);
}

/* ---- expressions ------------------------------------------------------ */

static void expr(Buf *b, const Printer *p, const Expr *e)
{
    switch (e->kind) {
    case E_NUM: case E_PCT: case E_DUR: case E_DATE: case E_DATETIME: case E_STR:
        raw(b, p, e->loc);
        break;
    case E_BOOL: puts_(b, e->num ? "true" : "false"); break;
    case E_TODAY: puts_(b, "today"); break;
    case E_LIST:
        puts_(b, "[");
        for (const Expr *x = e->a; x; x = x->next) {
            expr(b, p, x);
            if (x->next)
                puts_(b, ", ");
        }
        puts_(b, "]");
        break;
    case E_NAME: puts_(b, e->name); break;
    case E_DOT:
        expr(b, p, e->a);
        puts_(b, ".");
        puts_(b, e->name);
        break;
    case E_CALL: {
        puts_(b, e->name);
        puts_(b, "(");
        /* a line too long breaks its outermost call of several arguments
           after each comma, aligned after the parenthesis */
        bool wrap = b->wrap && e->a && e->a->next;
        size_t col = 0;
        if (wrap) {
            b->wrap = false;
            col = column(b);
        }
        for (const Expr *x = e->a; x; x = x->next) {
            expr(b, p, x);
            if (x->next && wrap) {
                puts_(b, ",\n");
                for (size_t i = 0; i < col; i++)
                    puts_(b, " ");
            } else if (x->next) {
                puts_(b, ", ");
            }
        }
        puts_(b, ")");
        break;
    }
    case E_NEG: puts_(b, "-"); expr(b, p, e->a); break;
    case E_NOT: puts_(b, "not "); expr(b, p, e->a); break;
    case E_ARITH: case E_CMP:
        expr(b, p, e->a);
        putf(b, " %s ", op_text(e->op));
        expr(b, p, e->b);
        if (e->c) {
            puts_(b, e->exact ? " with exact confidence " : " with confidence ");
            expr(b, p, e->c);
        }
        break;
    case E_AND: case E_OR:
        if (b->chain == (int)e->kind) {
            /* the left operand continues the chain; the right one does not */
            expr(b, p, e->a);
            puts_(b, "\n");
            for (size_t i = 0; i < b->col0 + 2; i++)
                puts_(b, " ");
            puts_(b, e->kind == E_AND ? "and " : "or ");
            int saved = b->chain;
            b->chain = 0;
            expr(b, p, e->b);
            b->chain = saved;
            break;
        }
        /* fall through */
    case E_IN: case E_WHERE:
        expr(b, p, e->a);
        puts_(b, e->kind == E_AND ? " and " : e->kind == E_OR ? " or "
                 : e->kind == E_IN ? " in " : " where ");
        expr(b, p, e->b);
        break;
    case E_QUANT:
        putf(b, "%s %s in ", op_text(e->op), e->name);
        expr(b, p, e->a);
        puts_(b, ": ");
        expr(b, p, e->b);
        break;
    case E_IF:
        puts_(b, "if ");
        expr(b, p, e->a);
        puts_(b, " then ");
        expr(b, p, e->b);
        puts_(b, " else ");
        expr(b, p, e->c);
        break;
    case E_PAREN:
        puts_(b, "(");
        expr(b, p, e->a);
        puts_(b, ")");
        break;
    case E__COUNT:
        break;
    }
}

static void type_expr(Buf *b, const TypeExpr *t)
{
    puts_(b, t->name);
    if (t->arg) {
        puts_(b, "<");
        type_expr(b, t->arg);
        puts_(b, ">");
    }
}

enum { WRAP = 80 };

/* Prints e; if the line would pass WRAP columns, breaks a top-level chain
   of `and` (or of `or`) before each operator, or else its outermost call of
   several arguments after each comma. level is the line's indentation. */
static void expr_fit(Buf *b, const Printer *p, const Expr *e, int level)
{
    size_t start = b->n;
    b->col0 = (size_t)level * 2;
    expr(b, p, e);
    if (column(b) <= WRAP)
        return;
    b->n = start;
    b->s[start] = '\0';
    if (e->kind == E_AND || e->kind == E_OR)
        b->chain = (int)e->kind;
    else
        b->wrap = true;
    expr(b, p, e);
    b->wrap = false;
    b->chain = 0;
}

/* ---- comments and blank lines ----------------------------------------- */

/* Whether the source has an empty line between offsets from and to. */
static bool blank_between(const Printer *p, unsigned from, unsigned to)
{
    int newlines = 0;
    for (unsigned i = from; i < to; i++) {
        if (p->src[i] == '\n' && ++newlines >= 2)
            return true;
        if (p->src[i] != '\n' && p->src[i] != ' ' && p->src[i] != '\t' && p->src[i] != '\r')
            newlines = 0;
    }
    return false;
}

static bool same_line(const Printer *p, unsigned from, unsigned to)
{
    for (unsigned i = from; i < to; i++)
        if (p->src[i] == '\n')
            return false;
    return true;
}

static void comment_text(Printer *p, const Comment *c)
{
    unsigned end = c->end;
    while (end > c->beg && (p->src[end - 1] == ' ' || p->src[end - 1] == '\t'))
        end--;
    put(&p->out, p->src + c->beg, end - c->beg);
}

/* Prints, each on its own line, the comments that begin before offset
   `before`, keeping single blank lines that separated them. *prev is the
   source offset where the previous printed thing ended (updated); *first is
   true at the start of a block (no blank line is kept there). Returns
   whether any comment was printed. */
static bool leading_comments(Printer *p, unsigned before, int level, unsigned *prev, bool *first)
{
    bool any = false;
    while (p->ci < p->m->ncomments && p->m->comments[p->ci].beg < before) {
        const Comment *c = &p->m->comments[p->ci++];
        if (!*first && blank_between(p, *prev, c->beg))
            puts_(&p->out, "\n");
        indent(&p->out, level);
        comment_text(p, c);
        puts_(&p->out, "\n");
        *prev = c->end;
        *first = false;
        any = true;
    }
    return any;
}

/* A comment that starts on the line where the item ending at `end` ends. */
static void trailing_comment(Printer *p, unsigned end)
{
    if (p->ci < p->m->ncomments && same_line(p, end, p->m->comments[p->ci].beg)) {
        puts_(&p->out, "  ");
        comment_text(p, &p->m->comments[p->ci++]);
    }
}

/* ---- items of a block -------------------------------------------------- */

enum { MAXCELLS = 4 };

/* One line of a block. Alignable lines (shape != 0) are split in cells that
   are padded to the widest cell of their column within a run of lines of
   the same shape; other lines are printed by their own function. */
typedef struct Line {
    int shape;
    int ncells;
    char *cells[MAXCELLS];
    unsigned beg, end;          /* source range */
    char *trail;                /* trailing comment, or NULL */
} Line;

typedef struct Run {
    Line *lines;
    int n, cap;
    int level;
} Run;

static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void flush_run(Printer *p, Run *r)
{
    size_t w[MAXCELLS] = {0};
    for (int i = 0; i < r->n; i++)
        for (int k = 0; k < r->lines[i].ncells - 1; k++) {
            size_t cw = width(r->lines[i].cells[k]);
            if (cw > w[k])
                w[k] = cw;
        }
    for (int i = 0; i < r->n; i++) {
        Line *l = &r->lines[i];
        indent(&p->out, r->level);
        for (int k = 0; k < l->ncells; k++) {
            puts_(&p->out, l->cells[k]);
            if (k < l->ncells - 1)
                for (size_t pad = width(l->cells[k]); pad < w[k] + 1; pad++)
                    puts_(&p->out, " ");
            free(l->cells[k]);
        }
        if (l->trail) {
            puts_(&p->out, "  ");
            puts_(&p->out, l->trail);
            free(l->trail);
        }
        puts_(&p->out, "\n");
    }
    r->n = 0;
}

static char *cell_expr(const Printer *p, const char *prefix, const Expr *e)
{
    Buf b = {0};
    puts_(&b, prefix);
    expr(&b, p, e);
    return b.s;
}

static char *cell_raw(const Printer *p, const char *prefix, Loc at)
{
    Buf b = {0};
    puts_(&b, prefix);
    raw(&b, p, at);
    return b.s;
}

static char *cell_str(const char *s)
{
    Buf b = {0};
    puts_(&b, s);
    return b.s;
}

static Line *new_line(Run *r, int shape, unsigned beg, unsigned end)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->lines = xrealloc(r->lines, sizeof(Line) * (size_t)r->cap);
    }
    Line *l = &r->lines[r->n++];
    memset(l, 0, sizeof *l);
    l->shape = shape;
    l->beg = beg;
    l->end = end;
    return l;
}

/* Walks the items of a block: `item` is called for each with its source
   range; the Block struct carries the state between items. */
typedef struct Block {
    Printer *p;
    Run run;
    int level;
    bool first;
    unsigned prev;          /* source offset where the previous item ended */
} Block;

enum { SHAPE_NONE, SHAPE_PARAM, SHAPE_SET, SHAPE_DEFINE, SHAPE_LET, SHAPE_HEADER,
       SHAPE_FIELD, SHAPE_IMPORT };

/* Starts an item at [beg, end): prints pending comments and the blank line
   before it, and ends the current run unless this item continues it. */
static void begin_item(Block *k, int shape, unsigned beg, bool force_blank, bool keep_blank)
{
    Printer *p = k->p;
    bool blank = !k->first && (force_blank || (keep_blank && blank_between(p, k->prev, beg)));
    /* a comment before the item breaks a run, as does a blank line */
    bool comment = p->ci < p->m->ncomments && p->m->comments[p->ci].beg < beg;
    if (k->run.n && (blank || comment || shape == SHAPE_NONE || k->run.lines[0].shape != shape))
        flush_run(p, &k->run);
    if (comment) {
        /* the blank line goes before the comments, unless they were
           separated from the item by one in the source */
        unsigned cbeg = p->m->comments[p->ci].beg;
        bool blank_before = !k->first && (force_blank || (keep_blank && blank_between(p, k->prev, cbeg)));
        if (blank_before)
            puts_(&p->out, "\n");
        bool first = true;
        unsigned prev = k->prev;
        leading_comments(p, beg, k->level, &prev, &first);
        if (blank_between(p, prev, beg) && (keep_blank || force_blank))
            puts_(&p->out, "\n");
    } else if (blank) {
        puts_(&p->out, "\n");
    }
    k->first = false;
}

static void end_item(Block *k, unsigned end)
{
    k->prev = end;
}

/* Comments inside an item's range that are not trailing are printed above
   the item (before its line is started). */
static void inner_comments(Block *k, unsigned end)
{
    Printer *p = k->p;
    while (p->ci < p->m->ncomments && p->m->comments[p->ci].beg < end
           && !same_line(p, p->m->comments[p->ci].beg, end)) {
        if (k->run.n)
            flush_run(p, &k->run);
        indent(&p->out, k->level);
        comment_text(p, &p->m->comments[p->ci++]);
        puts_(&p->out, "\n");
    }
}

/* The comment that begins on the item's last line, after it, or NULL. */
static char *take_trailing(Printer *p, unsigned end)
{
    if (p->ci < p->m->ncomments && same_line(p, end, p->m->comments[p->ci].beg)) {
        const Comment *c = &p->m->comments[p->ci++];
        unsigned e = c->end;
        while (e > c->beg && (p->src[e - 1] == ' ' || p->src[e - 1] == '\t'))
            e--;
        char *s = xmalloc(e - c->beg + 1);
        memcpy(s, p->src + c->beg, e - c->beg);
        s[e - c->beg] = '\0';
        return s;
    }
    return NULL;
}

/* An aligned line: cells are given already made. */
static void aligned(Block *k, int shape, Loc loc, int ncells, char **cells)
{
    inner_comments(k, loc.end);
    Line *l = new_line(&k->run, shape, loc.beg, loc.end);
    l->ncells = ncells;
    for (int i = 0; i < ncells; i++)
        l->cells[i] = cells[i];
    l->trail = take_trailing(k->p, loc.end);
    k->run.level = k->level;
    end_item(k, loc.end);
}

/* A free line: its text is in b (without indentation or newline). */
static void free_line(Block *k, Loc loc, Buf *b)
{
    Printer *p = k->p;
    inner_comments(k, loc.end);
    indent(&p->out, k->level);
    put(&p->out, b->s ? b->s : "", b->n);
    free(b->s);
    trailing_comment(p, loc.end);
    puts_(&p->out, "\n");
    end_item(k, loc.end);
}

/* Ends a block: pending lines, then comments before the closing brace. */
static void end_block(Block *k, unsigned rbrace)
{
    Printer *p = k->p;
    if (k->run.n)
        flush_run(p, &k->run);
    bool first = k->first;
    unsigned prev = k->prev;
    leading_comments(p, rbrace, k->level, &prev, &first);
    free(k->run.lines);
}

static bool has_comment_before(const Printer *p, unsigned off)
{
    return p->ci < p->m->ncomments && p->m->comments[p->ci].beg < off;
}

/* Prints " {", the block's items by fn, and "}" on its own line; an empty
   block without comments is " {}". */
typedef void (*BodyFn)(Printer *p, const void *items, int level, unsigned rbrace);

static void block(Printer *p, BodyFn fn, const void *items, unsigned rbrace, int level)
{
    if (!items && !has_comment_before(p, rbrace)) {
        puts_(&p->out, " {}");
        return;
    }
    puts_(&p->out, " {\n");
    fn(p, items, level + 1, rbrace);
    indent(&p->out, level);
    puts_(&p->out, "}");
}

/* Ends a block item's line: its trailing comment and the newline. */
static void end_block_item(Block *k, Loc loc)
{
    trailing_comment(k->p, loc.end);
    puts_(&k->p->out, "\n");
    end_item(k, loc.end);
}

/* Starts a block item's header line at the block's indentation. */
static void header_line(Block *k, Buf *b)
{
    indent(&k->p->out, k->level);
    put(&k->p->out, b->s ? b->s : "", b->n);
    free(b->s);
}

/* ---- blocks ------------------------------------------------------------ */

static void fields(Printer *p, const void *items, int level, unsigned rbrace)
{
    Block k = {.p = p, .level = level, .first = true};
    for (const Field *f = items; f; f = f->next) {
        if (f->records) {
            begin_item(&k, SHAPE_NONE, f->loc.beg, false, true);
            Buf b = {0};
            putf(&b, "records %s at ", f->name);
            raw(&b, p, f->xpath_loc);
            header_line(&k, &b);
            block(p, fields, f->fields, f->rbrace.beg, level);
            end_block_item(&k, f->loc);
            continue;
        }
        begin_item(&k, SHAPE_FIELD, f->loc.beg, false, true);
        Buf t = {0};
        puts_(&t, ": ");
        type_expr(&t, f->type);
        char *cells[4] = {cell_str(f->name), t.s, cell_raw(p, "at ", f->xpath_loc),
                          f->optional ? cell_str("optional") : NULL};
        aligned(&k, SHAPE_FIELD, f->loc, f->optional ? 4 : 3, cells);
    }
    end_block(&k, rbrace);
}

static void stmts(Printer *p, const void *items, int level, unsigned rbrace)
{
    static const char *const severity_word = "severity ";
    Block k = {.p = p, .level = level, .first = true};
    for (const Stmt *st = items; st; st = st->next) {
        Buf b = {0};
        if (st->kind == S_LET) {
            putf(&b, "let %s = ", st->name);
            b.col0 = (size_t)level * 2;
            expr(&b, p, st->expr);
            if (column(&b) <= WRAP) {
                /* fits: one of a run of aligned lets */
                free(b.s);
                begin_item(&k, SHAPE_LET, st->loc.beg, false, true);
                Buf name = {0};
                putf(&name, "let %s", st->name);
                char *cells[2] = {name.s, cell_expr(p, "= ", st->expr)};
                aligned(&k, SHAPE_LET, st->loc, 2, cells);
                continue;
            }
            begin_item(&k, SHAPE_NONE, st->loc.beg, false, true);
            b.n = 0;
            putf(&b, "let %s = ", st->name);
            expr_fit(&b, p, st->expr, level);
            free_line(&k, st->loc, &b);
            continue;
        }
        begin_item(&k, SHAPE_NONE, st->loc.beg, false, true);
        switch (st->kind) {
        case S_SEVERITY: puts_(&b, severity_word); puts_(&b, st->name); break;
        case S_CITES: puts_(&b, "cites "); raw(&b, p, st->str_loc); break;
        case S_RATIONALE: puts_(&b, "rationale "); raw(&b, p, st->str_loc); break;
        case S_APPLIES: puts_(&b, "applies when "); expr_fit(&b, p, st->expr, level); break;
        case S_WAIVABLE: puts_(&b, st->flag ? "waivable true" : "waivable false"); break;
        case S_LET: break;
        case S_REQUIRE: {
            puts_(&b, "require ");
            expr_fit(&b, p, st->expr, level);
            if (st->str) {
                puts_(&b, " as ");
                raw(&b, p, st->str_loc);
            }
            if (st->msg) {
                Buf m = {0};
                puts_(&m, "else ");
                raw(&m, p, st->msg_loc);
                b.col0 = (size_t)level * 2;
                if (column(&b) + 1 + width(m.s) > WRAP) {
                    puts_(&b, "\n");
                    for (int i = 0; i <= level; i++)
                        puts_(&b, "  ");
                } else {
                    puts_(&b, " ");
                }
                put(&b, m.s, m.n);
                free(m.s);
            }
            break;
        }
        case S_FOREACH:
            inner_comments(&k, st->expr->loc.end);
            putf(&b, "for each %s in ", st->name);
            expr(&b, p, st->expr);
            if (st->label) {
                puts_(&b, " label ");
                expr(&b, p, st->label);
            }
            header_line(&k, &b);
            block(p, stmts, st->body, st->rbrace.beg, level);
            end_block_item(&k, st->loc);
            continue;
        }
        free_line(&k, st->loc, &b);
    }
    end_block(&k, rbrace);
}

static void header_items(Printer *p, const void *items, int level, unsigned rbrace)
{
    static const char *const words[] = {"title", "version", "publisher", "description"};
    Block k = {.p = p, .level = level, .first = true};
    for (const Item *it = items; it; it = it->next) {
        begin_item(&k, SHAPE_HEADER, it->loc.beg, false, true);
        char *cells[2] = {cell_str(words[it->kind]), cell_raw(p, "", it->str_loc)};
        aligned(&k, SHAPE_HEADER, it->loc, 2, cells);
    }
    end_block(&k, rbrace);
}

static void ids(Buf *b, const Id *id)
{
    for (; id; id = id->next) {
        puts_(b, id->id);
        if (id->next)
            puts_(b, ", ");
    }
}

static void profile_items(Printer *p, const void *items, int level, unsigned rbrace)
{
    Block k = {.p = p, .level = level, .first = true};
    for (const Item *it = items; it; it = it->next) {
        if (it->kind == I_SET) {
            begin_item(&k, SHAPE_SET, it->loc.beg, false, true);
            Buf b = {0};
            putf(&b, "set %s", it->name);
            char *cells[2] = {b.s, cell_expr(p, "= ", it->expr)};
            aligned(&k, SHAPE_SET, it->loc, 2, cells);
            continue;
        }
        begin_item(&k, SHAPE_NONE, it->loc.beg, false, true);
        Buf b = {0};
        puts_(&b, it->kind == I_INCLUDE ? "include " : "exclude ");
        ids(&b, it->ids);
        free_line(&k, it->loc, &b);
    }
    end_block(&k, rbrace);
}

static void test_items(Printer *p, const void *items, int level, unsigned rbrace)
{
    Block k = {.p = p, .level = level, .first = true};
    for (const Item *it = items; it; it = it->next) {
        begin_item(&k, SHAPE_NONE, it->loc.beg, false, true);
        Buf b = {0};
        switch (it->kind) {
        case I_EVIDENCE: puts_(&b, "evidence "); raw(&b, p, it->str_loc); break;
        case I_WAIVERS: puts_(&b, "waivers "); raw(&b, p, it->str_loc); break;
        case I_PROFILE: putf(&b, "profile %s", it->name); break;
        case I_AS_OF: puts_(&b, "as_of "); raw(&b, p, it->expr->loc); break;
        case I_EXPECT: putf(&b, "expect %s %s", it->name, it->str); break;
        default: break;
        }
        free_line(&k, it->loc, &b);
    }
    end_block(&k, rbrace);
}

static int shape_of(const Decl *d)
{
    switch (d->kind) {
    case D_PARAM: return SHAPE_PARAM;
    case D_SET: return SHAPE_SET;
    case D_DEFINE: return SHAPE_DEFINE;
    case D_IMPORT: return SHAPE_IMPORT;
    default: return SHAPE_NONE;
    }
}

static void decls(Printer *p)
{
    Block k = {.p = p, .level = 0, .first = true};
    const Decl *prev = NULL;
    for (const Decl *d = p->m->decls; d; prev = d, d = d->next) {
        int shape = shape_of(d);
        bool force = prev && (shape == SHAPE_NONE || shape_of(prev) != shape);
        begin_item(&k, shape, d->loc.beg, force, true);
        Buf b = {0};
        switch (d->kind) {
        case D_IMPORT: {
            char *cells[1] = {cell_raw(p, "import ", d->name_loc)};
            aligned(&k, SHAPE_IMPORT, d->loc, 1, cells);
            continue;
        }
        case D_PARAM: {
            putf(&b, "param %s", d->name);
            if (d->type) {
                puts_(&b, ": ");
                type_expr(&b, d->type);
            }
            char *cells[3] = {b.s, cell_expr(p, "= ", d->value),
                              d->doc ? cell_raw(p, "", d->doc_loc) : NULL};
            aligned(&k, SHAPE_PARAM, d->loc, d->doc ? 3 : 2, cells);
            continue;
        }
        case D_SET: case D_DEFINE: {
            putf(&b, "%s %s = ", d->kind == D_SET ? "set" : "define", d->name);
            expr(&b, p, d->value);
            if (column(&b) > WRAP && d->kind == D_DEFINE) {
                /* too long to align: a line of its own, broken */
                b.n = 0;
                putf(&b, "define %s = ", d->name);
                expr_fit(&b, p, d->value, 0);
                if (k.run.n)
                    flush_run(p, &k.run);
                free_line(&k, d->loc, &b);
                continue;
            }
            free(b.s);
            Buf name = {0};
            putf(&name, "%s %s", d->kind == D_SET ? "set" : "define", d->name);
            char *cells[2] = {name.s, cell_expr(p, "= ", d->value)};
            aligned(&k, shape, d->loc, 2, cells);
            continue;
        }
        case D_STANDARD:
            putf(&b, "standard %s", d->name);
            header_line(&k, &b);
            block(p, header_items, d->items, d->rbrace.beg, 0);
            break;
        case D_EVIDENCE:
            putf(&b, "evidence %s from ", d->name);
            raw(&b, p, d->glob_loc);
            if (d->format)
                putf(&b, " as %s", d->format);
            header_line(&k, &b);
            block(p, fields, d->fields, d->rbrace.beg, 0);
            break;
        case D_REQUIREMENT: case D_RECOMMENDATION:
            putf(&b, "%s %s ", d->kind == D_REQUIREMENT ? "requirement" : "recommendation",
                 d->name);
            raw(&b, p, d->title_loc);
            header_line(&k, &b);
            block(p, stmts, d->body, d->rbrace.beg, 0);
            break;
        case D_PROFILE:
            putf(&b, "profile %s", d->name);
            if (d->title) {
                puts_(&b, " ");
                raw(&b, p, d->title_loc);
            }
            if (d->extends)
                putf(&b, " extends %s", d->extends);
            header_line(&k, &b);
            block(p, profile_items, d->items, d->rbrace.beg, 0);
            break;
        case D_TEST:
            puts_(&b, "test ");
            raw(&b, p, d->name_loc);
            header_line(&k, &b);
            block(p, test_items, d->items, d->rbrace.beg, 0);
            break;
        }
        end_block_item(&k, d->loc);
    }
    end_block(&k, (unsigned)p->m->src->len + 1);
}

char *format_module(const Module *m, size_t *len)
{
    Printer p = {0};
    p.m = m;
    p.src = m->src->text;
    decls(&p);
    if (!p.out.s)
        puts_(&p.out, "");
    *len = p.out.n;
    return p.out.s;
}

char *format_expr(const Module *m, const Expr *e)
{
    Printer p = {0};
    p.m = m;
    p.src = m->src->text;
    p.out.col0 = 0;
    expr(&p.out, &p, e);
    if (!p.out.s)
        puts_(&p.out, "");
    return p.out.s;
}

char *format_decl(const Module *m, const Decl *d, size_t *len)
{
    Decl one = *d;
    one.next = NULL;
    Module alone = {0};
    alone.src = m->src;
    alone.decls = &one;
    return format_module(&alone, len);
}
