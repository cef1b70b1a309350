/* files.h - the file-system side of binding evidence (files.c): which
 * files a glob matches, reading a file only if it lies inside the evidence
 * folder, and hashing. No XML, no values: bind.c builds on these.
 */
#ifndef ACCORD_FILES_H
#define ACCORD_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* The files a glob matches under root (`**` a segment matching any number
   of folders, other segments fnmatch patterns), relative to root, in byte
   order of their paths, each once. The caller frees each path and the
   array. */
typedef struct Matches {
    char **paths;            /* relative to the root, malloc'ed */
    size_t n, cap;
} Matches;

Matches glob_files(const char *root, const char *glob);

/* A buffer reused for every file read: a new one per file would cost a
   fresh mapping and its page faults each time. */
typedef struct ReadBuf {
    char *buf;
    size_t cap;
} ReadBuf;

/* Reads root/rel if it is a regular file whose real path lies inside
   real_root and is not larger than max bytes: its bytes in rb (valid until
   the next read), NUL-terminated, *len of them; NULL with *why (in a)
   otherwise. */
char *read_inside(Arena *a, const char *real_root, const char *root, const char *rel,
                  long long max, ReadBuf *rb, size_t *len, const char **why);

/* Whether rel names a file below the folder it is relative to, whatever
   is on disk: not empty, not absolute, no ".." segment. For names that
   come from another party's files (a report, an envelope). */
bool path_below(const char *rel);

/* The SHA-256 of data in lower-case hex; false if OpenSSL fails. */
bool sha256_hex(const void *data, size_t n, char out[65]);
/* The same as its 32 bytes (kept per evidence file: half the memory),
   and those bytes in lower-case hex. */
bool sha256_bytes(const void *data, size_t n, unsigned char md[32]);
void sha256_text(const unsigned char md[32], char out[65]);

#endif
