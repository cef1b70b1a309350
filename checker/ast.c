/* ast.c - names of node kinds and a position-free dump of the tree. */
#include "ast.h"

#include <string.h>

static const char *const expr_names[] = {
#define EXPR(k, name) name,
#include "ast.def"
#undef EXPR
};

const char *expr_kind_name(ExprKind k)
{
    return k < E__COUNT ? expr_names[k] : "?";
}

const char *op_text(Op op)
{
    static const char *const t[] = {"+", "-", "*", "/", "==", "!=", "<",
                                    "<=", ">", ">=", "all", "any", "none"};
    return t[op];
}

static void dump_str(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void dump_cstr(FILE *out, const char *s)
{
    if (s)
        dump_str(out, s, strlen(s));
    else
        fputs("-", out);
}

static void dump_expr(FILE *out, const Expr *e)
{
    if (!e) {
        fputs("-", out);
        return;
    }
    fprintf(out, "(%s", expr_kind_name(e->kind));
    switch (e->kind) {
    case E_NUM: case E_PCT: case E_DUR: case E_DATE: case E_DATETIME:
        fprintf(out, " %.17g%s", e->num, e->is_int ? "i" : "");
        break;
    case E_BOOL:
        fputs(e->num ? " true" : " false", out);
        break;
    case E_STR:
        fputc(' ', out);
        dump_str(out, e->str, e->len);
        break;
    case E_ARITH: case E_CMP: case E_QUANT:
        fprintf(out, " %s", op_text(e->op));
        break;
    default:
        break;
    }
    if (e->name)
        fprintf(out, " %s", e->name);
    for (const Expr *k = e->kind == E_LIST ? e->a : NULL; k; k = k->next) {
        fputc(' ', out);
        dump_expr(out, k);
    }
    if (e->kind == E_CALL) {
        for (const Expr *k = e->a; k; k = k->next) {
            fputc(' ', out);
            dump_expr(out, k);
        }
    } else if (e->kind != E_LIST) {
        const Expr *ops[] = {e->a, e->b, e->c};
        for (int i = 0; i < 3; i++)
            if (ops[i]) {
                fputc(' ', out);
                dump_expr(out, ops[i]);
            }
    }
    fputc(')', out);
}

static void dump_type(FILE *out, const TypeExpr *t)
{
    if (!t) {
        fputs("-", out);
        return;
    }
    fputs(t->name, out);
    if (t->arg) {
        fputc('<', out);
        dump_type(out, t->arg);
        fputc('>', out);
    }
}

static void dump_stmts(FILE *out, const Stmt *s, int depth)
{
    static const char *const kinds[] = {"severity", "cites", "rationale",
        "applies", "waivable", "let", "require", "for"};
    for (; s; s = s->next) {
        fprintf(out, "%*s(%s", depth * 2, "", kinds[s->kind]);
        if (s->name)
            fprintf(out, " %s", s->name);
        if (s->kind == S_WAIVABLE)
            fputs(s->flag ? " true" : " false", out);
        if (s->expr) {
            fputc(' ', out);
            dump_expr(out, s->expr);
        }
        if (s->str) {
            fputc(' ', out);
            dump_cstr(out, s->str);
        }
        if (s->msg) {
            fputs(" else ", out);
            dump_cstr(out, s->msg);
        }
        if (s->body) {
            fputc('\n', out);
            dump_stmts(out, s->body, depth + 1);
            fprintf(out, "%*s", depth * 2, "");
        }
        fputs(")\n", out);
    }
}

static void dump_fields(FILE *out, const Field *f, int depth)
{
    for (; f; f = f->next) {
        fprintf(out, "%*s(%s %s ", depth * 2, "", f->records ? "records" : "field",
                f->name);
        if (!f->records) {
            dump_type(out, f->type);
            fputc(' ', out);
        }
        dump_cstr(out, f->xpath);
        if (f->optional)
            fputs(" optional", out);
        if (f->records) {
            fputc('\n', out);
            dump_fields(out, f->fields, depth + 1);
            fprintf(out, "%*s", depth * 2, "");
        }
        fputs(")\n", out);
    }
}

static void dump_items(FILE *out, const Item *it)
{
    static const char *const kinds[] = {"title", "version", "publisher",
        "description", "set", "include", "exclude", "evidence", "profile",
        "as_of", "waivers", "expect"};
    for (; it; it = it->next) {
        fprintf(out, "  (%s", kinds[it->kind]);
        if (it->name)
            fprintf(out, " %s", it->name);
        if (it->str) {
            fputc(' ', out);
            dump_cstr(out, it->str);
        }
        if (it->expr) {
            fputc(' ', out);
            dump_expr(out, it->expr);
        }
        for (const Id *id = it->ids; id; id = id->next)
            fprintf(out, " %s", id->id);
        fputs(")\n", out);
    }
}

void ast_dump(FILE *out, const Module *m)
{
    static const char *const kinds[] = {"standard", "import", "param", "set",
        "evidence", "define", "requirement", "recommendation", "profile", "test"};
    for (const Decl *d = m->decls; d; d = d->next) {
        fprintf(out, "(%s ", kinds[d->kind]);
        dump_cstr(out, d->name);
        if (d->title) {
            fputc(' ', out);
            dump_cstr(out, d->title);
        }
        if (d->type) {
            fputs(" : ", out);
            dump_type(out, d->type);
        }
        if (d->value) {
            fputs(" = ", out);
            dump_expr(out, d->value);
        }
        if (d->doc) {
            fputs(" doc ", out);
            dump_cstr(out, d->doc);
        }
        if (d->glob) {
            fputs(" from ", out);
            dump_cstr(out, d->glob);
        }
        if (d->format)
            fprintf(out, " as %s", d->format);
        if (d->extends)
            fprintf(out, " extends %s", d->extends);
        fputc('\n', out);
        dump_fields(out, d->fields, 1);
        dump_stmts(out, d->body, 1);
        dump_items(out, d->items);
        fputs(")\n", out);
    }
}
