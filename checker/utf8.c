/* utf8.c - see utf8.h. */
#include "utf8.h"

#include <stdbool.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"

size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len;
    unsigned cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) { len = 2; cp = s[0] & 0x1F; }
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) { len = 3; cp = s[0] & 0x0F; }
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) { len = 4; cp = s[0] & 0x07; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
        || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

size_t utf8_check(const char *s, size_t n, int nul_ok)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        /* eight ASCII bytes at a time, none of them NUL (the usual case) */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            uint64_t high = w & 0x8080808080808080ull;
            uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
            if (high || zero)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (u[i] < 0x80) {      /* the common case, without a call */
            if (u[i] == 0 && !nul_ok)
                return i;
            i++;
            continue;
        }
        size_t k = utf8_len(u + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

/* The code point of the valid sequence of k bytes at u. */
static unsigned code_point(const unsigned char *u, size_t k)
{
    static const unsigned char first[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned cp = u[0] & first[k];
    for (size_t i = 1; i < k; i++)
        cp = cp << 6 | (u[i] & 0x3F);
    return cp;
}

/* Whether code point cp is escaped in mode (utf8.h). */
static bool escaped(unsigned cp, int mode)
{
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE
        || cp == 0xFFFF)
        return true;
    if (mode == ESC_TEXT)
        return cp == '\n' || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E)
               || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F
               || cp == 0x061C;
    return false;
}

/* What the character (or invalid byte) at u is written as: its escape into
   out (returns its length) or 0 when it is copied. *k is set to the bytes
   it takes. */
static size_t escape_at(const unsigned char *u, size_t left, int mode, size_t *k, char out[16])
{
    size_t len = utf8_len(u, left);
    if (len == 0) {
        *k = 1;
        return (size_t)snprintf(out, 16, "\\x{%02X}", u[0]);
    }
    *k = len;
    if (u[0] == '\\' && left >= 3 && (u[1] == 'u' || u[1] == 'x') && u[2] == '{')
        return (size_t)snprintf(out, 16, "\\u{5C}");
    unsigned cp = code_point(u, len);
    if (escaped(cp, mode))
        return (size_t)snprintf(out, 16, "\\u{%X}", cp);
    return 0;
}

const char *utf8_escape(Arena *a, const char *s, size_t n, int mode)
{
    const unsigned char *u = (const unsigned char *)s;
    char esc[16];
    size_t k, extra = 0;
    bool dirty = false;
    for (size_t i = 0; i < n; i += k) {
        if (u[i] >= 0x20 && u[i] < 0x7F && u[i] != '\\') {   /* the usual case */
            k = 1;
            continue;
        }
        size_t e = escape_at(u + i, n - i, mode, &k, esc);
        if (e) {
            dirty = true;
            extra += e;
        }
    }
    if (!dirty)
        return s;
    char *out = arena_alloc(a, n + extra + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i += k) {
        size_t e = u[i] >= 0x20 && u[i] < 0x7F && u[i] != '\\' ? (k = 1, 0)
                   : escape_at(u + i, n - i, mode, &k, esc);
        if (e) {
            memcpy(out + o, esc, e);
            o += e;
        } else {
            memcpy(out + o, s + i, k);
            o += k;
        }
    }
    out[o] = '\0';
    return out;
}
