/* test_value.c - checker/value.c's conversion of evidence text to numbers
 * against strtod, bit for bit: the short whole numbers it reads without
 * strtod (a fast path for the most common evidence value) must give what
 * strtod gives, signed zeros included, and the rest must still go through
 * strtod's rules.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "types.h"
#include "value.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    failures++; } } while (0)

static void same_as_strtod(Arena *a, const Type *t, const char *s)
{
    Value v = v_convert(a, t, s, strlen(s), "e", "f", "x.json", 1);
    double want = strtod(s, NULL);
    if (v.kind != V_NUM || memcmp(&v.num, &want, sizeof want) != 0) {
        fprintf(stderr, "'%s' converts to %a, strtod gives %a\n", s, v.num, want);
        failures++;
    }
}

int main(void)
{
    Arena *a = arena_new();
    const Type *num = ty_scalar_named("number"), *integer = ty_scalar_named("int");
    static const char *const whole[] = {
        "0", "-0", "+0", "00", "-00", "007", "1", "-1", "+42", "9", "10", "12345",
        "999999999999999", "-999999999999999", "100000000000000", "9007199254740991",
        "9007199254740993", "-9007199254740993", "1234567890123456789", "1e3", "-2.5",
        "0.1", "1E-5", "-0.0", "+.5", "5.",
    };
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
        same_as_strtod(a, num, whole[i]);
        double x = strtod(whole[i], NULL);
        if (x == floor(x))
            same_as_strtod(a, integer, whole[i]);
    }
    /* every whole number of up to 7 digits, both signs */
    char buf[32];
    for (long i = 0; i < 10000000; i += 7) {
        snprintf(buf, sizeof buf, "%ld", i);
        same_as_strtod(a, num, buf);
        snprintf(buf, sizeof buf, "-%ld", i);
        same_as_strtod(a, num, buf);
    }
    /* not numbers, fast path or not */
    static const char *const bad[] = {"", "-", "+", "--1", "1-", " 1", "1 ", "0x10", "1,000",
                                      "inf", "nan", "١٢"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Value v = v_convert(a, num, bad[i], strlen(bad[i]), "e", "f", "x.json", 1);
        CHECK(v.kind == V_ERR);
    }
    arena_free(a);
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures != 0;
}
