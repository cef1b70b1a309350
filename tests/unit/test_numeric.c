/* test_numeric.c - checker/numeric.c against the C library, against
 * quantiles computed to 256 bits elsewhere, and against its own bits.
 *
 * exp and log are held within an ulp of the C library's (glibc's are
 * correctly rounded in nearly all cases); erfc and the normal quantile
 * within an ulp of long double references (erfcl, and Newton's method in
 * long double), which are some 2^-11 ulp of a double from exact; powers of
 * ten must equal strtod's. Where long double is no wider than double the
 * long double comparisons are skipped. The last check is a hash of the
 * bits of many results: numeric.c exists so that these are the same on
 * every machine, and a change there means that reports change.
 *
 * `test_numeric -v` prints the largest errors measured and where.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numeric.h"

static int failures;
static int verbose;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    failures++; } } while (0)

/* splitmix64: the same samples on every run and every machine. */
static uint64_t rng = 0x853c49e6748fea9bu;

static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * ((double)(rnd() >> 11) * 0x1p-53);
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t to_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

/* How many doubles apart a and b are (both of one sign, or zero). */
static uint64_t ulps_apart(double a, double b)
{
    uint64_t x = to_bits(fabs(a)), y = to_bits(fabs(b));
    return x > y ? x - y : y - x;
}

/* |got - ref| in ulps of ref as a double; subnormal ulps below DBL_MIN. */
static double ulp_error(double got, long double ref)
{
    int e;
    frexpl(fabsl(ref), &e);
    double ulp = ref == 0 || e - 53 < -1074 ? 0x1p-1074 : ldexp(1, e - 53);
    return (double)(fabsl((long double)got - ref) / ulp);
}

/* The largest error seen by one comparison, where, and its bound. */
typedef struct {
    const char *what;
    double bound, worst, at;
} Stat;

static void note(Stat *s, double err, double x)
{
    if (err > s->worst || s->worst != s->worst) {
        s->worst = err;
        s->at = x;
    }
}

static void done(Stat *s, int line)
{
    if (!(s->worst <= s->bound)) {
        fprintf(stderr, "%s:%d: check failed: %s: %.3g ulps at x = %a (%.17g), bound %g\n",
                __FILE__, line, s->what, s->worst, s->at, s->at, s->bound);
        failures++;
    } else if (verbose) {
        printf("%-34s max %.3f ulps at %.17g\n", s->what, s->worst, s->at);
    }
}

static int have_ld;                     /* long double is wider than double */

/* ---- exp ---------------------------------------------------------------- */

static void exp_compare(Stat *lib, Stat *ref, double x)
{
    double got = num_exp(x);
    note(lib, (double)ulps_apart(got, exp(x)), x);
    if (have_ld && !isinf(got))
        note(ref, ulp_error(got, expl(x)), x);
}

static void test_exp(void)
{
    Stat lib = {"num_exp vs exp (doubles apart)", 1, 0, 0};
    Stat ref = {"num_exp vs expl", 0.6, 0, 0};
    const int n = 200000;
    for (int i = 0; i <= n; i++)                    /* the whole range */
        exp_compare(&lib, &ref, -746 + 1456.0 * i / n);
    for (int i = 0; i < n; i++)
        exp_compare(&lib, &ref, uniform(-746, 710));
    for (int i = 0; i < n; i++)                     /* small arguments */
        exp_compare(&lib, &ref, ldexp(uniform(-1, 1), -(int)(rnd() % 64)));
    for (int i = 0; i < n / 4; i++)                 /* subnormal results */
        exp_compare(&lib, &ref, uniform(-745.2, -708.3));
    /* Every double for 400 steps around the thresholds: overflow, the
       least normal result and the least subnormal one. */
    const double edges[] = {709.782712893384, -708.3964185322641, -745.1332191019411,
                            -744.4400719213812};
    for (size_t k = 0; k < sizeof edges / sizeof *edges; k++) {
        double x = edges[k];
        for (int i = 0; i < 200; i++)
            x = nextafter(x, -INFINITY);
        for (int i = 0; i < 400; i++, x = nextafter(x, INFINITY)) {
            exp_compare(&lib, &ref, x);
            CHECK(isinf(num_exp(x)) == isinf(exp(x)));
            CHECK((num_exp(x) == 0) == (exp(x) == 0));
        }
    }
    done(&lib, __LINE__);
    if (have_ld)
        done(&ref, __LINE__);

    CHECK(num_exp(0) == 1 && num_exp(-0.0) == 1);
    CHECK(num_exp(1) == 0x1.5bf0a8b145769p+1);
    CHECK(num_exp(1e-300) == 1 && num_exp(-1e-300) == 1);
    CHECK(num_exp(709.78) < DBL_MAX && num_exp(709.79) == HUGE_VAL);
    CHECK(num_exp(710) == HUGE_VAL && num_exp(1e308) == HUGE_VAL);
    CHECK(num_exp(INFINITY) == HUGE_VAL);
    CHECK(num_exp(-745.13) == 0x1p-1074 && num_exp(-745.14) == 0);
    CHECK(num_exp(-746) == 0 && num_exp(-1e308) == 0 && num_exp(-INFINITY) == 0);
    CHECK(!signbit(num_exp(-746)));
    CHECK(isnan(num_exp(NAN)));
}

/* ---- log ---------------------------------------------------------------- */

static void log_compare(Stat *lib, Stat *ref, double x)
{
    double got = num_log(x);
    note(lib, (double)ulps_apart(got, log(x)), x);
    if (have_ld)
        note(ref, ulp_error(got, logl(x)), x);
}

static void test_log(void)
{
    Stat lib = {"num_log vs log (doubles apart)", 1, 0, 0};
    Stat ref = {"num_log vs logl", 0.6, 0, 0};
    const int n = 200000;
    for (int i = 0; i < n; i++) {                   /* every binade */
        uint64_t b = rnd() >> 1;
        if ((b >> 52) == 0x7ff || b == 0)
            continue;
        log_compare(&lib, &ref, from_bits(b));
    }
    for (int i = 0; i < n; i++)                     /* near 1 */
        log_compare(&lib, &ref, uniform(0.9, 1.1));
    for (int i = 1; i <= 2000; i++) {
        log_compare(&lib, &ref, 1 + i * 0x1p-52);
        log_compare(&lib, &ref, 1 - i * 0x1p-53);
    }
    for (int i = 0; i <= n; i++)                    /* a grid over [1/2, 4] */
        log_compare(&lib, &ref, 0.5 + 3.5 * i / n);
    for (int e = -1074; e <= 1023; e++) {           /* powers of two */
        log_compare(&lib, &ref, ldexp(1, e));
        log_compare(&lib, &ref, ldexp(1.7, e));
    }
    for (int i = 1; i < 4000; i++)                  /* subnormals */
        log_compare(&lib, &ref, i * 0x1p-1074);
    for (int i = 0; i < 20000; i++)
        log_compare(&lib, &ref, from_bits(rnd() >> 12));
    log_compare(&lib, &ref, DBL_MAX);
    log_compare(&lib, &ref, DBL_MIN);
    done(&lib, __LINE__);
    if (have_ld)
        done(&ref, __LINE__);

    CHECK(num_log(1) == 0 && !signbit(num_log(1)));
    CHECK(num_log(0) == -HUGE_VAL && num_log(-0.0) == -HUGE_VAL);
    CHECK(isnan(num_log(-1)) && isnan(num_log(-0x1p-1074)) && isnan(num_log(-INFINITY)));
    CHECK(num_log(INFINITY) == HUGE_VAL);
    CHECK(isnan(num_log(NAN)));
    CHECK(num_log(0x1p-1074) == -0x1.74385446d71c3p+9);   /* -1074 log 2 */
    CHECK(num_log(2) == 0x1.62e42fefa39efp-1);
}

/* ---- erfc --------------------------------------------------------------- */

static void erfc_compare(Stat *lib, Stat *ref, Stat *sub, double x)
{
    double got = num_erfc(x);
    if (erfc(x) > 1e-300)
        note(lib, (double)ulps_apart(got, erfc(x)), x);
    if (have_ld) {
        long double r = erfcl(x);
        note(r > 1e-300 ? ref : sub, ulp_error(got, r), x);
    }
}

static void test_erfc(void)
{
    /* glibc's erfc is itself up to a few ulps off. */
    Stat lib = {"num_erfc vs erfc (doubles apart)", 4, 0, 0};
    Stat ref = {"num_erfc vs erfcl", 1, 0, 0};
    Stat sub = {"num_erfc vs erfcl, below 1e-300", 1, 0, 0};
    const int n = 100000;
    for (int i = 0; i <= n; i++)
        erfc_compare(&lib, &ref, &sub, -6 + 33.3 * i / n);
    for (int i = 0; i < n; i++)
        erfc_compare(&lib, &ref, &sub, uniform(-27.3, 27.3));
    for (int i = 0; i < n; i++)                     /* erf's interval */
        erfc_compare(&lib, &ref, &sub, uniform(-0.5, 0.5));
    for (int i = 0; i < n / 10; i++)
        erfc_compare(&lib, &ref, &sub, ldexp(uniform(-1, 1), -(int)(rnd() % 1000)));
    for (int i = 0; i < n / 10; i++)                /* subnormal results */
        erfc_compare(&lib, &ref, &sub, uniform(26.5, 27.3));
    const double edges[] = {0.46875, 4, -0.46875, -4};
    for (size_t k = 0; k < sizeof edges / sizeof *edges; k++) {
        double x = edges[k];
        for (int i = 0; i < 100; i++)
            x = nextafter(x, -INFINITY);
        for (int i = 0; i < 200; i++, x = nextafter(x, INFINITY))
            erfc_compare(&lib, &ref, &sub, x);
    }
    done(&lib, __LINE__);
    if (have_ld) {
        done(&ref, __LINE__);
        done(&sub, __LINE__);
    }

    CHECK(num_erfc(0) == 1 && num_erfc(-0.0) == 1);
    CHECK(num_erfc(1e-300) == 1 && num_erfc(-1e-300) == 1);
    CHECK(num_erfc(INFINITY) == 0 && num_erfc(-INFINITY) == 2);
    CHECK(num_erfc(27.3) == 0 && num_erfc(1e300) == 0 && !signbit(num_erfc(28)));
    CHECK(num_erfc(-6) == 2 && num_erfc(-27.3) == 2);
    CHECK(num_erfc(27) > 0 && num_erfc(27) < DBL_MIN);
    CHECK(isnan(num_erfc(NAN)));
}

/* ---- the normal quantile ------------------------------------------------ */

/* The quantile to long double precision: Newton's method from x, with the
   residual written so that it does not cancel (relative to the tail area
   in the tails, through erf near the middle). */
static long double ref_quantile(double p, double x)
{
    const long double rsqrt2 = 0.707106781186547524400844362104849039L;
    const long double rsqrt2pi = 0.398942280401432677939946059934381868L;
    long double z = x;
    for (int i = 0; i < 4; i++) {
        long double res;
        if (p < 0.25)
            res = 0.5L * erfcl(-z * rsqrt2) - p;
        else if (p <= 0.75)
            res = 0.5L * erfl(z * rsqrt2) - ((long double)p - 0.5L);
        else
            res = (1.0L - p) - 0.5L * erfcl(z * rsqrt2);
        z -= res / (expl(-z * z / 2) * rsqrt2pi);
    }
    return z;
}

static void quantile_compare(Stat *ref, double p)
{
    double got = num_norm_quantile(p);
    if (have_ld)
        note(ref, ulp_error(got, ref_quantile(p, got)), p);
}

/* p as a double and its quantile, the double nearest the exact value, to
   256 bits by Newton's method in Python's mpmath (log Phi in the lower
   tail), rounded to 17 digits; statistics.NormalDist agrees to 1e-15.
   These are quantiles of the doubles nearest 0.95 and so on: the exact
   z(0.95) is 1.6448536269514727, but the double 0.95 is 0.95 - 2^-56.3
   and its quantile 1.6448536269514722. */
static const double quantiles[][2] = {
    {0.5, 0},
    {0.6, 0.25334710313579972},
    {0.75, 0.67448975019608171},
    {0.8, 0.84162123357291441},
    {0.9, 1.2815515655446006},
    {0.95, 1.6448536269514722},
    {0.975, 1.9599639845400538},
    {0.99, 2.3263478740408408},
    {0.995, 2.5758293035489004},
    {0.999, 3.0902323061678132},
    {0.9995, 3.290526731491926},
    {0.99999, 4.2648907939238407},
    {0.3, -0.52440051270804078},
    {0.025, -1.9599639845400543},
    {1e-10, -6.3613409024040566},
    {1e-300, -37.047096299361201},
    {0x1p-1074, -38.467405617144344},
    {1 - 0x1p-53, 8.2095361516013874},
};

static void test_quantile(void)
{
    Stat table = {"num_norm_quantile vs table (apart)", 0, 0, 0};
    for (size_t i = 0; i < sizeof quantiles / sizeof *quantiles; i++)
        note(&table, (double)ulps_apart(num_norm_quantile(quantiles[i][0]), quantiles[i][1]),
             quantiles[i][0]);
    done(&table, __LINE__);

    Stat ref = {"num_norm_quantile vs long double", 1, 0, 0};
    const int n = 40000;
    for (int i = 1; i < n; i++)                     /* a grid over (0, 1) */
        quantile_compare(&ref, (double)i / n);
    for (int i = 0; i < n; i++)
        quantile_compare(&ref, uniform(0, 1));
    for (int i = 0; i < n; i++)                     /* near 1/2 */
        quantile_compare(&ref, 0.5 + ldexp(uniform(-1, 1), -(int)(rnd() % 53)));
    for (int i = 0; i < n; i++) {                   /* the tails */
        double p = ldexp(uniform(1, 2), -2 - (int)(rnd() % 1072));
        quantile_compare(&ref, p);
        quantile_compare(&ref, 1 - ldexp(uniform(1, 2), -2 - (int)(rnd() % 52)));
    }
    for (int i = 0; i < n / 4; i++)                 /* AS 241's seams */
        quantile_compare(&ref, uniform(0.07, 0.08));
    for (int i = 0; i < n / 4; i++)
        quantile_compare(&ref, uniform(1e-11, 2e-11));
    for (int i = 0; i < n / 4; i++)                 /* where the step changes */
        quantile_compare(&ref, uniform(0.249, 0.255));
    for (int i = 1; i < 64; i++)                    /* subnormal p */
        quantile_compare(&ref, i * 0x1p-1074);
    for (int k = 1; k <= 53; k++)
        quantile_compare(&ref, 1 - ldexp(1, -k));
    if (have_ld)
        done(&ref, __LINE__);

    /* The Wilson interval's z for common confidence levels, bit for bit
       (the correctly rounded values). */
    CHECK(num_norm_quantile((1 + 0.9) / 2) == 0x1.a515209676abbp+0);
    CHECK(num_norm_quantile((1 + 0.95) / 2) == 0x1.f5c0331eeff83p+0);
    CHECK(num_norm_quantile((1 + 0.99) / 2) == 0x1.49b4c64d69160p+1);
    CHECK(num_norm_quantile((1 + 0.999) / 2) == 0x1.a52ffadd2f907p+1);

    /* The halves are exact mirror images. */
    int mirrored = 1;
    for (int i = 0; i < 10000; i++) {
        double p = uniform(0.5, 1);
        mirrored &= num_norm_quantile(p) == -num_norm_quantile(1 - p);
    }
    CHECK(mirrored);

    CHECK(num_norm_quantile(0.5) == 0);
    CHECK(num_norm_quantile(0) == -HUGE_VAL && num_norm_quantile(-0.0) == -HUGE_VAL);
    CHECK(num_norm_quantile(1) == HUGE_VAL);
    CHECK(isnan(num_norm_quantile(-0.1)) && isnan(num_norm_quantile(1.1)));
    CHECK(isnan(num_norm_quantile(-INFINITY)) && isnan(num_norm_quantile(INFINITY)));
    CHECK(isnan(num_norm_quantile(NAN)));
}

/* ---- powers of ten ------------------------------------------------------ */

static void test_pow10(void)
{
    int same = 1;
    for (int d = -400; d <= 400; d++) {
        char buf[16];
        snprintf(buf, sizeof buf, "1e%d", d);
        double v = num_pow10(d);
        if (to_bits(v) != to_bits(strtod(buf, NULL))) {
            fprintf(stderr, "%s:%d: num_pow10(%d) = %a\n", __FILE__, __LINE__, d, v);
            same = 0;
        }
    }
    CHECK(same);
    CHECK(num_pow10(0) == 1 && num_pow10(22) == 1e22 && num_pow10(-1) == 0.1);
    CHECK(num_pow10(308) == 1e308 && num_pow10(309) == HUGE_VAL);
    CHECK(num_pow10(-323) == 0x1p-1074 * 2 && num_pow10(-324) == 0);
    CHECK(num_pow10(INT_MAX) == HUGE_VAL && num_pow10(INT_MIN) == 0);
}

/* ---- the same bits everywhere ------------------------------------------- */

/* FNV-1a over the bits of results whose arguments are made from random
   bits alone (no arithmetic that a compiler could fuse). */
static uint64_t fnv(uint64_t h, double v)
{
    uint64_t b = to_bits(v);
    for (int i = 0; i < 8; i++, b >>= 8)
        h = (h ^ (b & 0xff)) * 0x100000001b3u;
    return h;
}

static void test_bits(void)
{
    rng = 2026;
    uint64_t h = 0xcbf29ce484222325u;
    for (int i = 0; i < 5000; i++) {
        /* 2^-60 <= |x| < 2^10 */
        double x = from_bits((rnd() & 0x800fffffffffffffu) | (0x3c3 + rnd() % 70) << 52);
        h = fnv(h, num_exp(x));
        h = fnv(h, num_log(from_bits((rnd() >> 1) & 0x7fefffffffffffffu)));
        /* 2^-31 <= |x| < 2^5 */
        x = from_bits((rnd() & 0x800fffffffffffffu) | (0x3e0 + rnd() % 36) << 52);
        h = fnv(h, num_erfc(x));
        double p = from_bits((rnd() >> 2) & 0x3fefffffffffffffu);   /* [0, 1) */
        h = fnv(h, num_norm_quantile(p));
        h = fnv(h, num_norm_quantile(1 - p));
    }
    if (verbose)
        printf("bits hash %016llx\n", (unsigned long long)h);
    CHECK(h == 0xdb744f2b7ba68bd7u);
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    have_ld = LDBL_MANT_DIG >= 64;
    test_exp();
    test_log();
    test_erfc();
    test_quantile();
    test_pow10();
    test_bits();
    return failures != 0;
}
