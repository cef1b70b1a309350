/* parse.c - runs the scanner and parser over one file; string escapes. */
#define _POSIX_C_SOURCE 200809L
#include "parse.h"

#include <string.h>

#include "parser.h"
#include "lexer.h"
#include "utf8.h"

/* A standard is UTF-8 text (language.md). A NUL or an invalid byte is
   reported once, at its place, and the file is not parsed: every later
   position would be suspect. */
static bool check_text(Diag *d, Source *src)
{
    size_t i = utf8_check(src->text, src->len, 1);
    size_t z = strnlen(src->text, i);
    if (z < i) {
        diag_error(d, (Loc){src->id, (unsigned)z, (unsigned)z + 1},
                   "the file contains a NUL byte; a standard is UTF-8 text");
        return false;
    }
    if (i < src->len) {
        diag_error(d, (Loc){src->id, (unsigned)i, (unsigned)i + 1},
                   "invalid UTF-8 byte 0x%02X; a standard is UTF-8 text",
                   (unsigned char)src->text[i]);
        return false;
    }
    return true;
}

Module *parse_module(Arena *a, Diag *d, Source *src)
{
    Module *m = NEW(a, Module);
    m->src = src;
    if (src->len > 0x7fffffffu) {
        diag_file_error(d, src->path, "file too large for a standard");
        return m;
    }
    if (!check_text(d, src))
        return m;

    ParseCtx ctx = {0};
    ctx.arena = a;
    ctx.diag = d;
    ctx.src = src;
    ctx.mod = m;
    ctx.tail = &m->decls;
    unsigned start = 0;
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        start = 3;              /* a byte-order mark is allowed and skipped */
    ctx.off = start;

    yyscan_t scanner;
    if (yylex_init_extra(&ctx, &scanner) != 0) {
        diag_file_error(d, src->path, "cannot start the scanner");
        return m;
    }
    YY_BUFFER_STATE buf = yy_scan_bytes(src->text + start, (int)(src->len - start), scanner);
    int rc = yyparse(scanner, &ctx);
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);
    if (rc == 2 && !ctx.too_deep)
        diag_file_error(d, src->path, "out of memory while parsing");
    return m;
}

void parse_add_comment(ParseCtx *ctx, unsigned beg, unsigned end)
{
    Module *m = ctx->mod;
    m->comments = arena_grow(ctx->arena, m->comments, m->ncomments, &ctx->comment_cap,
                             sizeof(Comment));
    m->comments[m->ncomments++] = (Comment){beg, end};
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

const char *parse_string_body(ParseCtx *ctx, unsigned off, const char *s,
                              size_t n, size_t *outlen)
{
    /* Escapes only shrink the text, so n bytes always suffice. */
    char *out = arena_alloc(ctx->arena, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            out[k++] = s[i];
            continue;
        }
        Loc at = {ctx->src->id, off + (unsigned)i, off + (unsigned)i + 2};
        if (i + 1 >= n) {
            break;  /* only in an unterminated string, already reported */
        }
        char c = s[++i];
        switch (c) {
        case '"': out[k++] = '"'; break;
        case '\\': out[k++] = '\\'; break;
        case 'n': out[k++] = '\n'; break;
        case 't': out[k++] = '\t'; break;
        case 'u': {
            size_t j = i + 1;
            unsigned cp = 0;
            int ndig = 0;
            if (j < n && s[j] == '{') {
                for (j++; j < n && ndig <= 6; j++, ndig++) {
                    char h = s[j];
                    int v = h >= '0' && h <= '9' ? h - '0'
                          : h >= 'a' && h <= 'f' ? h - 'a' + 10
                          : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                    if (v < 0)
                        break;
                    cp = cp * 16 + (unsigned)v;
                }
            }
            if (j >= n || s[j] != '}' || ndig == 0 || ndig > 6) {
                at.end = off + (unsigned)(j < n ? j + 1 : n);
                diag_error(ctx->diag, at, "invalid escape: write \\u{HEX} with 1 to 6 hex digits");
                i = j < n ? j : n - 1;
                break;
            }
            at.end = off + (unsigned)j + 1;
            if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                diag_error(ctx->diag, at, "invalid escape: U+%X is not a character a string may hold", cp);
            else
                k += put_utf8(out + k, cp);
            i = j;
            break;
        }
        default:
            diag_error(ctx->diag, at, "unknown escape '\\%c' (use \\\" \\\\ \\n \\t or \\u{HEX})", c);
            out[k++] = c;
            break;
        }
    }
    out[k] = '\0';
    *outlen = k;
    return out;
}
