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

#endif
