/* numeric.h - the elementary functions whose results reach a report, with
 * the same bits on every machine.
 *
 * A C library's exp, log and erfc differ in their last bits between
 * libraries and versions, and a report must be byte-identical everywhere.
 * These are computed from IEEE 754 operations that are correctly rounded
 * by definition (+ - * /, sqrt, exact conversions and scalings) in the
 * default rounding mode, evaluated in double (no x87 excess precision, no
 * long double) and never contracted into fused multiply-adds; numeric.c
 * refuses to compile where it can see that this does not hold. The same
 * argument then gives the same bits on every IEEE 754 machine.
 *
 * None of them changes errno: out-of-range and invalid arguments give the
 * values below, for the caller to test.
 */
#ifndef ACCORD_NUMERIC_H
#define ACCORD_NUMERIC_H

/* e^x, within 0.52 ulp (nearly always the correctly rounded value).
   x > 709.79 (above log(DBL_MAX)): +HUGE_VAL (infinity).
   x < -745.14 (e^x below half the least subnormal): +0; subnormal
   results between are rounded once. num_exp(-inf) = 0, NaN gives NaN. */
double num_exp(double x);

/* The natural logarithm, within 0.55 ulp, subnormal x included.
   num_log(+-0) = -HUGE_VAL, x < 0 gives NaN, +inf gives +inf,
   NaN gives NaN. */
double num_log(double x);

/* The complementary error function on the whole real line, within 0.52
   ulp (W. J. Cody's rational approximations, 1969), subnormal results
   included; x >= 27.3 gives +0 (erfc is below half the least subnormal
   there). num_erfc(-inf) = 2, num_erfc(+inf) = 0, NaN gives NaN. */
double num_erfc(double x);

/* The standard normal quantile: z with P(Z <= z) = p, for 0 < p < 1,
   within 0.52 ulp, from p = 2^-1074 to 1 - 2^-53 (M. J. Wichura's AS 241,
   1988, refined by a Newton step). The halves mirror each other exactly:
   num_norm_quantile(1 - p) == -num_norm_quantile(p) for p >= 1/2.
   p == 0 gives -HUGE_VAL, p == 1 gives +HUGE_VAL; p outside [0, 1] and
   NaN give NaN. */
double num_norm_quantile(double p);

/* 10^d, correctly rounded, for every int d: d > 308 gives +HUGE_VAL,
   d < -323 gives +0, -323 <= d <= -308 are subnormals. A caller with a
   double exponent clamps it (to [-400, 400], say) before converting. */
double num_pow10(int d);

#endif
