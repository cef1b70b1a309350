/* utf8.c - see utf8.h. */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

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
