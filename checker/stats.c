/* stats.c - the confidence intervals of accord's statistics: Wilson's
 * score interval for one rate, Newcombe's hybrid score interval for the
 * difference of two, and the exact (Clopper-Pearson) interval.
 *
 * Like numeric.c, every operation here is a basic IEEE operation or a
 * function of numeric.c, so that an interval has the same bits on every
 * machine (v1.1 §1); the same pragma keeps a * b + c from being fused.
 *
 * Clopper-Pearson's bounds are quantiles of beta distributions. Rather
 * than an inverse incomplete beta function (whose usual starting guesses
 * need the C library), each bound is found by bisection over the doubles
 * themselves: the binomial tail is monotone in p, and 64 halvings of the
 * ordered bit patterns between 0 and 1 reach the neighbouring doubles of
 * the root. The tail is the regularized incomplete beta function by its
 * continued fraction (modified Lentz), with the binomial probability in
 * front computed by Loader's saddle-point method, which keeps its
 * relative error near the rounding error for any n (a product of powers
 * would underflow, and log-gamma differences cancel). A tail of fewer
 * than SUM_MAX terms is summed instead: there the fraction would be
 * evaluated near x = 1, where the rounding of x costs digits.
 */
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "numeric.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

bool wilson(double k, double n, double conf, double *lo, double *hi)
{
    if (!(n > 0) || k < 0 || k > n || !(conf > 0 && conf < 1))
        return false;
    double z = num_norm_quantile((1 + conf) / 2);
    double p = k / n, z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = z / denom * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
    /* the ends are exact (v1.1 §1): rounding leaves 2.8e-17 for 0 of 10,
       and "0 in 10" must never prove a rate above 0% */
    if (k == 0)
        *lo = 0;
    if (k == n)
        *hi = 1;
    return true;
}

bool newcombe(double k1, double n1, double k2, double n2, double conf, double *lo, double *hi)
{
    double l1, u1, l2, u2;
    if (!wilson(k1, n1, conf, &l1, &u1) || !wilson(k2, n2, conf, &l2, &u2))
        return false;
    /* Newcombe (1998), method 10: each side's distance to its Wilson
       bound, combined as independent errors */
    double p1 = k1 / n1, p2 = k2 / n2, d = p1 - p2;
    double a = p1 - l1, b = u2 - p2, c = u1 - p1, e = p2 - l2;
    *lo = d - sqrt(a * a + b * b);
    *hi = d + sqrt(c * c + e * e);
    return true;
}

/* ---- the binomial distribution ----------------------------------------- */

/* ln(n!) - ln(sqrt(2 pi n) (n/e)^n), the error of Stirling's formula, for
   an integer n >= 1: a table up to 15 (computed to 40 digits with mpmath),
   then the asymptotic series, whose first omitted term is under 1e-17
   there. */
static double stirlerr(double n)
{
    static const double table[16] = {
        0,
        0.0810614667953272582197, 0.0413406959554092940938, 0.0276779256849983391488,
        0.0207906721037650931115, 0.0166446911898211921632, 0.0138761288230707479987,
        0.0118967099458917700951, 0.0104112652619720964975, 0.00925546218271273291773,
        0.00833056343336287125647, 0.00757367548795184079497, 0.00694284010720952986566,
        0.00640899418800420706844, 0.00595137011275884773562, 0.00555473355196280137104,
    };
    const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680,
                 s4 = 1.0 / 1188;
    if (n <= 15)
        return table[(int)n];
    double nn = n * n;
    if (n > 500)
        return (s0 - s1 / nn) / n;
    if (n > 80)
        return (s0 - (s1 - s2 / nn) / nn) / n;
    if (n > 35)
        return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/* ln(1 + x) for x > -1, to a few ulps, from num_log: the logarithm of the
   rounded u = 1 + x, scaled by x / (u - 1) to correct for the rounding
   (u - 1 is exact) (Goldberg, "What every computer scientist should know
   about floating-point arithmetic", theorem 4) */
static double log1p_(double x)
{
    double u = 1 + x;
    if (u == 1)
        return x;
    return num_log(u) * (x / (u - 1));
}

/* x ln(x / m) + m - x, where m = x + d (given both ways: m rounded as
   well as it can be, and the difference d exactly as the caller has it),
   without the cancellation of that formula when m is near x (Loader's
   bd0, written with d so that a small difference keeps its digits) */
static double bd0(double x, double m, double d)
{
    if (fabs(d) < 0.1 * (x + m)) {
        double v = -d / (x + m);
        double s = -d * v, ej = 2 * x * v;
        v = v * v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
        return s;
    }
    double t = d / x;
    if (fabs(t) < 0.5)
        return d - x * log1p_(t);
    return x * num_log(x / m) + d;
}

/* P(X = k) for X ~ Binomial(n, p), 0 <= k <= n, 0 < p < 1 */
static double dbinom(double k, double n, double p)
{
    if (k == 0)
        return num_exp(n * log1p_(-p));
    if (k == n)
        return num_exp(n * num_log(p));
    double np = n * p, d = np - k;
    double lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, np, d)
                - bd0(n - k, n * (1 - p), -d);
    /* ln(2 pi k (n - k) / n) */
    double lf = 1.83787706640934548356 + num_log(k * ((n - k) / n));
    return num_exp(lc - 0.5 * lf);
}

/* One term of a continued fraction by modified Lentz's method: the
   factor by which the term with numerator aa changes the value */
static double lentz(double aa, double *c, double *d)
{
    const double tiny = 1e-300;
    *d = 1 + aa * *d;
    if (fabs(*d) < tiny)
        *d = tiny;
    *c = 1 + aa / *c;
    if (fabs(*c) < tiny)
        *c = tiny;
    *d = 1 / *d;
    return *d * *c;
}

/* The continued fraction of the regularized incomplete beta function
   I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * betacf(a, b, x, 1 - x), which converges
   quickly for x < (a + 1) / (a + b + 2); modified Lentz's method. */
static double betacf(double a, double b, double x, double y)
{
    const double tiny = 1e-300, eps = 1e-17;
    double qab = a + b, qap = a + 1, qam = a - 1;
    /* 1 - (a + b) x / (a + 1), from y = 1 - x as the caller has it: near
       x = 1 the rounded x has lost what y holds */
    double c = 1, d = (qap * y - (b - 1) * x) / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1 / d;
    double h = d;
    /* the iterations grow as the square root of max(a, b): this bound
       is far beyond any n accord can count (2^53) */
    for (int m = 1; m <= 200000000; m++) {
        double m2 = 2.0 * m;
        h *= lentz(m * (b - m) * x / ((qam + m2) * (a + m2)), &c, &d);
        double del = lentz(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), &c, &d);
        h *= del;
        if (fabs(del - 1) < eps)
            break;
    }
    return h;
}

enum { SUM_MAX = 2000 };

/* P(X = i) summed for i from i0 to i1, compensated (Kahan-Babuska):
   terms of one sign need no more, and each is accurate on its own */
static double sum_pmf(double i0, double i1, double n, double p)
{
    double sum = 0, comp = 0;
    for (double i = i0; i <= i1; i++) {
        double t = dbinom(i, n, p), u = sum + t;
        comp += fabs(sum) >= fabs(t) ? (sum - u) + t : (t - u) + sum;
        sum = u;
    }
    return sum + comp;
}

/* P(X >= k) for X ~ Binomial(n, p), 1 <= k <= n, 0 < p < 1: the
   regularized incomplete beta I_p(k, n - k + 1). Its front factor
   p^k (1-p)^(n-k+1) / (k B(k, n-k+1)) is P(X = k) (1 - p); on the far
   side of the fraction's convergence, 1 - I_(1-p)(n - k + 1, k), whose
   front is P(X = k - 1) p. */
static double tail_ge(double k, double n, double p)
{
    double a = k, b = n - k + 1;
    if (n - k < SUM_MAX)
        return sum_pmf(k, n, n, p);
    if (p < (a + 1) / (a + b + 2))
        return dbinom(k, n, p) * (1 - p) * betacf(a, b, p, 1 - p);
    return 1 - dbinom(k - 1, n, p) * p * betacf(b, a, 1 - p, p);
}

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double of_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* P(X <= k), 0 <= k <= n - 1: the same function from the other side,
   I_(1-p)(n - k, k + 1), with p itself in the front factors so that a
   small p keeps its digits */
static double tail_le(double k, double n, double p)
{
    double a = n - k, b = k + 1, q = 1 - p;
    if (k < SUM_MAX)
        return sum_pmf(0, k, n, p);
    if (q < (a + 1) / (a + b + 2))
        return dbinom(k, n, p) * p * betacf(a, b, q, p);
    return 1 - dbinom(k + 1, n, p) * q * betacf(b, a, p, q);
}

/* The p in (0, 1) where the tail of k in n equals t (0 < t < 1), P(X >= k)
   (1 <= k <= n, increasing in p) or P(X <= k) (0 <= k < n, decreasing):
   of the two doubles that enclose the root, the one whose tail is nearer
   t, by bisection of the bit patterns of the non-negative doubles (which
   are ordered as the integers). */
static double root(double k, double n, double t, bool ge)
{
    uint64_t lo = 0, hi = bits_of(1.0);     /* the root lies in (lo, hi] */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        double p = of_bits(mid);
        if (ge ? tail_ge(k, n, p) < t : tail_le(k, n, p) > t)
            lo = mid;
        else
            hi = mid;
    }
    double a = of_bits(lo), b = of_bits(hi);
    if (lo == 0 || hi == bits_of(1.0))
        return lo == 0 ? b : a;
    double fa = ge ? tail_ge(k, n, a) : tail_le(k, n, a);
    double fb = ge ? tail_ge(k, n, b) : tail_le(k, n, b);
    return fabs(fa - t) < fabs(fb - t) ? a : b;
}

bool clopper_pearson(double k, double n, double conf, double *lo, double *hi)
{
    if (!(n > 0) || k < 0 || k > n || k != floor(k) || n != floor(n) || !(conf > 0 && conf < 1))
        return false;
    double half = (1 - conf) / 2;
    /* lower: P(X >= k) = alpha/2; upper: P(X <= k) = alpha/2 */
    *lo = k == 0 ? 0 : root(k, n, half, true);
    *hi = k == n ? 1 : root(k, n, half, false);
    return true;
}
