/* calendar.h - proleptic Gregorian dates and RFC 3339 instants, in UTC only.
 *
 * accord never consults the time zone or locale of the machine (a report must
 * be the same everywhere), so it does its own calendar arithmetic instead of
 * calling mktime or timegm.
 *   date:     days since 1970-01-01
 *   datetime: seconds since 1970-01-01T00:00:00Z (a double: microsecond
 *             precision for any date a standard will meet)
 */
#ifndef ACCORD_CALENDAR_H
#define ACCORD_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The range every date, datetime and duration of accord lies in (v1.1
   §1): years 0001 to 9999. A value outside it is an error wherever it is
   made (evidence, a literal, arithmetic, the command line), so that no
   report ever prints a year of five digits or a garbled one. */
#define CAL_MIN_DAY (-719162LL)      /* 0001-01-01 */
#define CAL_MAX_DAY 2932896LL        /* 9999-12-31 */
#define CAL_MAX_SPAN_SECONDS ((double)(CAL_MAX_DAY - CAL_MIN_DAY + 1) * 86400)

/* Whether a date (days), a datetime (seconds) or a duration (seconds) lies
   in that range. */
bool cal_day_in_range(double days);
bool cal_instant_in_range(double secs);
bool cal_span_in_range(double secs);

int64_t cal_days_from_civil(int64_t y, int m, int d);
void cal_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
bool cal_valid_date(int64_t y, int m, int d);

/* Parse exactly n bytes of s. Return false when the text is not of the form
   or names no real day or time (2026-02-30, 24:00:00, +25:00). */
bool cal_parse_date(const char *s, size_t n, int64_t *days);
bool cal_parse_datetime(const char *s, size_t n, double *secs);

/* A date-time given as seconds since 1970-01-01T00:00:00Z in a plain
   decimal number (v1.1 §4; lm-evaluation-harness writes `date` so): an
   optional '-', at most 12 digits, and an optional fraction, kept to the
   microsecond (rounded half up); no exponent, no '+'. False when s is not
   one, or leaves the years 0001 to 9999. */
bool cal_parse_epoch(const char *s, size_t n, double *secs);

#endif
