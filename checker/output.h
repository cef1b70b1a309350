/* output.h - writing a file accord produces (a report, a formatted
 * standard) so that it is never seen half-written.
 */
#ifndef ACCORD_OUTPUT_H
#define ACCORD_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Writes len bytes of text to path: through a temporary file in the same
   folder and a rename (a run killed midway leaves the old file as it was
   and no partial one); through a link, to the file it leads to; to a
   device or pipe (/dev/stdout), directly. False, with the reason on
   standard error as "accord WHO: cannot write 'PATH': ...", on failure. */
bool write_atomically(const char *who, const char *path, const char *text, size_t len);

/* The same, written as it is made (a report too large to hold twice):
   out_open, any number of out_write, then out_close. */
typedef struct Out Out;

/* path as write_atomically takes it, or NULL for standard output; NULL,
   said as above, when it cannot be opened. Standard output, a device or a
   pipe gets the bytes only at out_close, once complete: till then they
   wait in an unnamed temporary file in TMPDIR (or /tmp; in memory where
   none can be made), so that a run that fails writes nothing there. */
Out *out_open(const char *who, const char *path);
/* false once a write has failed (said by out_close) */
bool out_write(Out *o, const char *text, size_t len);
/* whether every write so far succeeded */
bool out_ok(const Out *o);
/* With keep, the file is complete: it gets path's name (false, said as
   above, when it cannot, or when a write failed); without, what was
   written is discarded where it can be (not on a device or standard
   output), and false is returned, a failed write said. Frees o. */
bool out_close(Out *o, bool keep);

#endif
