/* files.c - the file-system side of binding evidence (files.h): globs,
 * files read only inside the evidence folder, SHA-256.
 */
#define _XOPEN_SOURCE 700
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

bool sha256_bytes(const void *data, size_t n, unsigned char md[32])
{
    unsigned char full[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(data, n, full, &len, EVP_sha256(), NULL) || len != 32)
        return false;
    memcpy(md, full, 32);
    return true;
}

void sha256_text(const unsigned char md[32], char out[65])
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

bool sha256_hex(const void *data, size_t n, char out[65])
{
    unsigned char md[32];
    if (!sha256_bytes(data, n, md))
        return false;
    sha256_text(md, out);
    return true;
}

/* ---- globs ------------------------------------------------------------- */

typedef struct Globber {
    const char *root;        /* as given */
    char **segs;
    int nsegs;
    Matches *out;
} Globber;

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    char *s = xmalloc(n + m + 2);
    memcpy(s, a, n);
    size_t k = n;
    if (n && a[n - 1] != '/')
        s[k++] = '/';
    memcpy(s + k, b, m + 1);
    return s;
}

static void add_match(Matches *m, char *path)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->paths = xrealloc(m->paths, sizeof(char *) * m->cap);
    }
    m->paths[m->n++] = path;
}

static bool has_magic(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

static void expand(Globber *g, const char *rel, int i);

/* A candidate path for segment i: a file when it is the last segment, a
   folder to descend into otherwise. Links are followed here; whether they
   stay inside the folder is checked when the file is read. */
static void candidate(Globber *g, const char *rel, int i)
{
    char *full = join(g->root, rel);
    struct stat st;
    if (stat(full, &st) == 0) {
        if (i == g->nsegs - 1) {
            if (S_ISREG(st.st_mode))
                add_match(g->out, xstrdup(rel));
        } else if (S_ISDIR(st.st_mode)) {
            expand(g, rel, i + 1);
        }
    }
    free(full);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder rel, sorted, without . and .. */
static char **list_dir(const char *root, const char *rel, size_t *n)
{
    char *full = join(root, rel);
    DIR *d = opendir(full);
    free(full);
    *n = 0;
    if (!d)
        return NULL;
    size_t cap = 16;
    char **names = xmalloc(sizeof(char *) * cap);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (*n == cap) {
            cap *= 2;
            names = xrealloc(names, sizeof(char *) * cap);
        }
        names[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, *n, sizeof(char *), by_name);
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void expand(Globber *g, const char *rel, int i)
{
    if (i >= g->nsegs)
        return;
    const char *seg = g->segs[i];
    if (strcmp(seg, "**") == 0) {
        /* zero folders, then every folder below (not hidden ones, and not
           through links, so that a link cannot make the walk endless) */
        expand(g, rel, i + 1);
        size_t n;
        char **names = list_dir(g->root, rel, &n);
        for (size_t k = 0; k < n; k++) {
            if (names[k][0] == '.')
                continue;
            char *sub = rel[0] ? join(rel, names[k]) : xstrdup(names[k]);
            char *full = join(g->root, sub);
            struct stat st;
            if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
                expand(g, sub, i);
            free(full);
            free(sub);
        }
        free_names(names, n);
        return;
    }
    if (!has_magic(seg)) {
        char *sub = rel[0] ? join(rel, seg) : xstrdup(seg);
        candidate(g, sub, i);
        free(sub);
        return;
    }
    size_t n;
    char **names = list_dir(g->root, rel, &n);
    for (size_t k = 0; k < n; k++) {
        if (fnmatch(seg, names[k], FNM_PERIOD) != 0)
            continue;
        char *sub = rel[0] ? join(rel, names[k]) : xstrdup(names[k]);
        candidate(g, sub, i);
        free(sub);
    }
    free_names(names, n);
}

/* The files a glob matches under root, in byte order of their paths. */
Matches glob_files(const char *root, const char *glob)
{
    Matches m = {0};
    char *copy = xstrdup(glob);
    int nsegs = 1;
    for (const char *s = copy; *s; s++)
        nsegs += *s == '/';
    char **segs = xmalloc(sizeof(char *) * (size_t)nsegs);
    int k = 0;
    for (char *s = copy, *slash; s; s = slash ? slash + 1 : NULL) {
        slash = strchr(s, '/');
        if (slash)
            *slash = '\0';
        if (*s)             /* "a//b" is "a/b" */
            segs[k++] = s;
    }
    Globber g = {root, segs, k, &m};
    expand(&g, "", 0);
    free(segs);
    free(copy);
    if (m.n > 1)
        qsort(m.paths, m.n, sizeof(char *), by_name);
    /* ** can reach one file along two routes */
    size_t w = 0;
    for (size_t i = 0; i < m.n; i++) {
        if (w && strcmp(m.paths[w - 1], m.paths[i]) == 0)
            free(m.paths[i]);
        else
            m.paths[w++] = m.paths[i];
    }
    m.n = w;
    return m;
}

bool path_below(const char *rel)
{
    if (!*rel || rel[0] == '/')
        return false;
    for (const char *s = rel; *s;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return false;
        s += n + (e != NULL);
    }
    return true;
}

/* ---- reading ------------------------------------------------------------ */

/* "cannot read: REASON", with strerror_r: workers of --jobs read files
   too (prefetch.c), and strerror may share one buffer between threads. */
static const char *cannot_read(Arena *a, int e)
{
    char msg[256];
    if (strerror_r(e, msg, sizeof msg) != 0)
        snprintf(msg, sizeof msg, "error %d", e);
    return arena_printf(a, "cannot read: %s", msg);
}

char *read_inside(Arena *a, const char *real_root, const char *root, const char *rel,
                  long long max, ReadBuf *rb, size_t *len, const char **why)
{
    char *full = join(root, rel);
    char *real = realpath(full, NULL);
    free(full);
    if (!real) {
        *why = cannot_read(a, errno);
        return NULL;
    }
    size_t rl = strlen(real_root);
    if (strncmp(real, real_root, rl) != 0 || (real[rl] != '/' && real_root[rl - 1] != '/')) {
        *why = "it is a link that resolves outside the evidence folder";
        free(real);
        return NULL;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    free(real);
    if (fd < 0) {
        *why = cannot_read(a, errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *why = "not a regular file";
        return NULL;
    }
    if (st.st_size > max) {
        close(fd);
        *why = arena_printf(a, "%lld bytes, more than the limit of %lld (--max-file-size)",
                            (long long)st.st_size, max);
        return NULL;
    }
    size_t n = 0;
    if (rb->cap < (size_t)st.st_size + 1) {
        rb->cap = (size_t)st.st_size + 1;
        free(rb->buf);
        rb->buf = xmalloc(rb->cap);
    }
    for (;;) {
        if (n == rb->cap - 1) {
            /* the file grew while read: still bounded by max */
            if ((long long)rb->cap > max + 1) {
                close(fd);
                *why = arena_printf(a, "more than the limit of %lld bytes (--max-file-size)", max);
                return NULL;
            }
            rb->cap *= 2;
            rb->buf = xrealloc(rb->buf, rb->cap);
        }
        ssize_t got = read(fd, rb->buf + n, rb->cap - 1 - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            *why = cannot_read(a, errno);
            close(fd);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    rb->buf[n] = '\0';
    *len = n;
    return rb->buf;
}
