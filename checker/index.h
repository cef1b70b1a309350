/* index.h - hash indexes of one column of a record set, for filters that
 * compare a field with a value for equality.
 *
 * `all x in e.r: count(e.r where id == x.id) == 1`, the natural way to say
 * that ids are unique, filters every record once per record: quadratic
 * (81 s over 20 000 records). With an index of `id` built once, each
 * filter finds its records in time proportional to how many match, and the
 * check is linear. eval.c uses an index only where it gives exactly what
 * the scan gives: the same records in the same order, and the same error
 * when a record has no value or a bad one in the column.
 */
#ifndef ACCORD_INDEX_H
#define ACCORD_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "bind.h"

typedef struct ColIndex ColIndex;

/* An index of up to this many fields: a count under `a == x and b == y and
   c == z` finds its records at once (the anchor workload's rates per
   category, technique and outcome). */
enum { MAX_INDEX_FIELDS = 4 };

/* The index of the tuple of fields (numbers fields[0..nfields-1]) of the
   records of set at positions 0..count-1 (record idx[i], or i when idx is
   NULL). Allocated in a. */
ColIndex *colindex_build(Arena *a, const RecSet *set, const uint32_t *idx, size_t count,
                         const int *fields, int nfields);

/* The first position where a cell of one of the fields has no value or
   holds an error (the scan stops there with that error, whatever it
   compares with), or count. */
size_t colindex_bad(const ColIndex *ix);

/* The positions whose cells equal the tuple k (one value per field: a
   string, or a number, date, date-time or duration of the column's own
   kind), in order: the first, then each next, then count. */
size_t colindex_first(const ColIndex *ix, const Value *k);
size_t colindex_next(const ColIndex *ix, size_t pos);

/* The kind of value field i of the index holds (V_STR, V_NUM, ...), or
   V_NONE when it holds none. */
VKind colindex_kind(const ColIndex *ix, int i);

#endif
