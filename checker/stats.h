/* stats.h - confidence intervals for rates, computed from basic IEEE
 * operations (numeric.h) so that every machine prints the same bounds.
 * Each returns false, leaving *lo and *hi alone, when its arguments have
 * no interval: a count outside [0, n], n <= 0, or a confidence outside
 * (0, 1).
 */
#ifndef ACCORD_STATS_H
#define ACCORD_STATS_H

#include <stdbool.h>

/* Wilson's score interval for k successes in n trials at two-sided
   confidence conf; the lower end is exactly 0 for k = 0 and the upper
   exactly 1 for k = n (v1.1 §1). */
bool wilson(double k, double n, double conf, double *lo, double *hi);

/* Newcombe's hybrid score interval (method 10) for p1 - p2, from the
   Wilson intervals of k1/n1 and k2/n2 at conf. */
bool newcombe(double k1, double n1, double k2, double n2, double conf, double *lo, double *hi);

/* The exact (Clopper-Pearson) two-sided interval for k in n, integers;
   0 and 1 exactly at k = 0 and k = n. Its work grows as the square root
   of n: callers charge it to the evaluation budget. */
bool clopper_pearson(double k, double n, double conf, double *lo, double *hi);

#endif
