/* calendar.c - date arithmetic after Howard Hinnant's days_from_civil. */
#include "calendar.h"

#include <math.h>

int64_t cal_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cal_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

bool cal_day_in_range(double days)
{
    return days >= (double)CAL_MIN_DAY && days <= (double)CAL_MAX_DAY;
}

bool cal_instant_in_range(double secs)
{
    return secs >= (double)CAL_MIN_DAY * 86400 && secs < (double)(CAL_MAX_DAY + 1) * 86400;
}

bool cal_span_in_range(double secs)
{
    return secs >= -CAL_MAX_SPAN_SECONDS && secs <= CAL_MAX_SPAN_SECONDS;
}

bool cal_valid_date(int64_t y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* n decimal digits at s, or -1 */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool cal_parse_date(const char *s, size_t n, int64_t *days)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !cal_valid_date(y, m, d))
        return false;
    *days = cal_days_from_civil(y, m, d);
    return true;
}

/* RFC 3339 date-time: date "T" hh:mm:ss [.frac] ("Z" / (+|-)hh:mm).
   "T" and "Z" may be lower case (RFC 3339 §5.6 note). A leap second (:60)
   is accepted and counted as the first second of the next minute. */
bool cal_parse_datetime(const char *s, size_t n, double *secs)
{
    int64_t days;
    if (n < 20 || !cal_parse_date(s, 10, &days))
        return false;
    if ((s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        return false;
    int hh = digits(s + 11, 2), mm = digits(s + 14, 2), ss = digits(s + 17, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return false;
    size_t i = 19;
    double frac = 0, scale = 0.1;
    if (i < n && s[i] == '.') {
        i++;
        size_t start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            frac += (s[i] - '0') * scale;
            scale /= 10;
            i++;
        }
        if (i == start)
            return false;
    }
    if (i >= n)
        return false;
    int offset = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        i++;
    } else if (s[i] == '+' || s[i] == '-') {
        if (n - i != 6 || s[i + 3] != ':')
            return false;
        int oh = digits(s + i + 1, 2), om = digits(s + i + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return false;
        offset = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return false;
    }
    if (i != n)
        return false;
    /* kept to the microsecond, as reports print it: two instants that
       print the same are the same (a double near 2026 holds no finer) */
    frac = round(frac * 1e6) / 1e6;
    *secs = (double)days * 86400 + hh * 3600 + mm * 60 + ss - offset + frac;
    /* an offset can carry 0001-01-01T00:00:00+01:00 into year 0 */
    return cal_instant_in_range(*secs);
}

bool cal_parse_epoch(const char *s, size_t n, double *secs)
{
    size_t i = 0;
    bool neg = n > 0 && s[0] == '-';
    i += neg;
    /* whole seconds: at most 12 digits (9999-12-31T23:59:59Z is
       253402300799), counted exactly */
    int64_t whole = 0;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (i - start == 12)
            return false;
        whole = whole * 10 + (s[i] - '0');
        i++;
    }
    if (i == start)
        return false;
    /* the fraction to the microsecond, rounded half up on the seventh
       digit, in whole numbers (v1.1 §4) */
    int64_t us = 0;
    if (i < n && s[i] == '.') {
        i++;
        size_t f = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (i - f < 6)
                us = us * 10 + (s[i] - '0');
            else if (i - f == 6 && s[i] >= '5')
                us++;
            i++;
        }
        if (i == f)
            return false;
        for (size_t k = i - f; k < 6; k++)
            us *= 10;
    }
    if (i != n)
        return false;
    double x = (double)whole + (double)us / 1e6;
    *secs = neg && x != 0 ? -x : x;
    return cal_instant_in_range(*secs);
}
