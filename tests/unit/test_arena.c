/* test_arena.c - the arena, the hash map and the calendar. */
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "calendar.h"
#include "map.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    failures++; } } while (0)

int main(void)
{
    Arena *a = arena_new();
    /* zeroed and aligned */
    for (int i = 1; i < 200; i++) {
        unsigned char *p = arena_alloc(a, (size_t)i);
        CHECK(((uintptr_t)p % _Alignof(max_align_t)) == 0);
        for (int k = 0; k < i; k++)
            CHECK(p[k] == 0);
        memset(p, 0xAB, (size_t)i);
    }
    /* a large block, then small ones still come from the current chunk */
    char *big = arena_alloc(a, 1 << 20);
    big[(1 << 20) - 1] = 'x';
    char *s = arena_strdup(a, "hello");
    CHECK(strcmp(s, "hello") == 0);
    CHECK(strcmp(arena_strndup(a, "abcdef", 3), "abc") == 0);
    CHECK(strcmp(arena_printf(a, "%s-%d", "x", 42), "x-42") == 0);
    CHECK(arena_used(a) >= (1 << 20));

    Map *m = map_new(a);
    char keys[1000][16];
    for (int i = 0; i < 1000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        CHECK(map_put(m, arena_strdup(a, keys[i]), &keys[i]) == NULL);
    }
    for (int i = 0; i < 1000; i++)
        CHECK(map_get(m, keys[i]) == &keys[i]);
    CHECK(map_get(m, "missing") == NULL);
    CHECK(map_put(m, "k5", NULL) == &keys[5]);      /* present: kept */
    CHECK(m->n == 1000 && strcmp(m->keys[999], "k999") == 0);
    arena_free(a);
    arena_free(NULL);

    /* hash_bytes reads only its n bytes (each buffer is allocated to its
       size: AddressSanitizer, in make check, sees any byte past it), and
       every byte of them counts: a changed byte changes the hash */
    for (size_t n = 0; n <= 40; n++) {
        unsigned char *b = malloc(n ? n : 1);
        for (size_t i = 0; i < n; i++)
            b[i] = (unsigned char)('a' + (i * 7) % 26);
        uint64_t h = hash_bytes(b, n);
        CHECK(h == hash_bytes(b, n));
        for (size_t i = 0; i < n; i++) {
            b[i] ^= 0x01;
            CHECK(hash_bytes(b, n) != h);
            b[i] ^= 0x01;
        }
        free(b);
    }
    CHECK(hash_bytes("ab", 2) != hash_bytes("ab\0", 3));   /* the length counts */

    /* calendar */
    int64_t days;
    CHECK(cal_parse_date("1970-01-01", 10, &days) && days == 0);
    CHECK(cal_parse_date("2000-03-01", 10, &days) && days == 11017);
    CHECK(cal_parse_date("2024-02-29", 10, &days));
    CHECK(!cal_parse_date("2023-02-29", 10, &days));
    CHECK(!cal_parse_date("1900-02-29", 10, &days));
    CHECK(cal_parse_date("2000-02-29", 10, &days));
    CHECK(!cal_parse_date("2026-13-01", 10, &days));
    CHECK(!cal_parse_date("2026-1-01x", 10, &days));
    int64_t y;
    int mo, d;
    for (int64_t z = -800000; z < 800000; z += 997) {
        cal_civil_from_days(z, &y, &mo, &d);
        CHECK(cal_days_from_civil(y, mo, d) == z);
    }
    double t;
    CHECK(cal_parse_datetime("1970-01-01T00:00:00Z", 20, &t) && t == 0);
    CHECK(cal_parse_datetime("2026-12-01T10:00:00+08:00", 25, &t)
          && t == cal_days_from_civil(2026, 12, 1) * 86400.0 + 2 * 3600);
    CHECK(cal_parse_datetime("2026-12-01t10:00:00.5-01:30", 27, &t)
          && t == cal_days_from_civil(2026, 12, 1) * 86400.0 + 11.5 * 3600 + 0.5);
    CHECK(!cal_parse_datetime("2026-12-01T10:00:00", 19, &t));
    CHECK(!cal_parse_datetime("2026-12-01T24:00:00Z", 20, &t));
    CHECK(!cal_parse_datetime("2026-12-01T10:00:00+24:00", 25, &t));
    CHECK(!cal_parse_datetime("2026-12-01T10:00:00.Z", 21, &t));
    CHECK(cal_parse_datetime("2016-12-31T23:59:60Z", 20, &t)
          && t == cal_days_from_civil(2017, 1, 1) * 86400.0);
    /* epoch seconds (v1.1 §4) */
    CHECK(cal_parse_epoch("1732095000", 10, &t) && t == 1732095000.0);
    CHECK(cal_parse_epoch("1732095000.25", 13, &t) && t == 1732095000.25);
    CHECK(cal_parse_epoch("-1.5", 4, &t) && t == -1.5);
    CHECK(cal_parse_epoch("-0", 2, &t) && t == 0 && !signbit(t));
    CHECK(cal_parse_epoch("0.0000005", 9, &t) && t == 1e-6);
    CHECK(cal_parse_epoch("0.0000004", 9, &t) && t == 0);
    CHECK(cal_parse_epoch("0.9999995", 9, &t) && t == 1);
    CHECK(cal_parse_epoch("253402300799", 12, &t));
    CHECK(!cal_parse_epoch("253402300800", 12, &t));
    CHECK(!cal_parse_epoch("-62135596801", 12, &t));
    CHECK(cal_parse_epoch("-62135596800", 12, &t));
    CHECK(!cal_parse_epoch("1000000000000", 13, &t));
    CHECK(!cal_parse_epoch("1e9", 3, &t));
    CHECK(!cal_parse_epoch("+1", 2, &t));
    CHECK(!cal_parse_epoch("1.", 2, &t));
    CHECK(!cal_parse_epoch(".5", 2, &t));
    CHECK(!cal_parse_epoch("-", 1, &t));
    CHECK(!cal_parse_epoch("", 0, &t));
    CHECK(!cal_parse_epoch("12 ", 3, &t));

    if (failures)
        fprintf(stderr, "test_arena: %d failures\n", failures);
    return failures != 0;
}
