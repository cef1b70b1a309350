/* output.c - files accord writes (a report, a formatted standard): whole
 * or not at all (output.h).
 */
#define _GNU_SOURCE          /* O_TMPFILE */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

static bool write_all(int fd, const char *text, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += (size_t)w;
    }
    return true;
}

/* The file path leads to: itself, or through links the file they name,
   also when it is not there yet (a link to a report not yet written is
   followed, as the shell's > follows it, rather than replaced by a
   file). Malloc'ed. */
static char *target_of(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    char *at = xstrdup(path);
    for (int hops = 0; hops < 40; hops++) {     /* as the kernel's limit */
        struct stat st;
        if (lstat(at, &st) != 0 || !S_ISLNK(st.st_mode) || st.st_size <= 0)
            return at;
        size_t n = (size_t)st.st_size;
        char *to = xmalloc(n + 1);
        ssize_t got = readlink(at, to, n + 1);
        if (got < 0 || (size_t)got > n) {         /* changed meanwhile */
            free(to);
            return at;
        }
        to[got] = '\0';
        const char *slash = strrchr(at, '/');
        if (to[0] != '/' && slash) {
            /* relative to the link's folder */
            size_t d = (size_t)(slash - at) + 1;
            char *joined = xmalloc(d + (size_t)got + 1);
            memcpy(joined, at, d);
            memcpy(joined + d, to, (size_t)got + 1);
            free(to);
            to = joined;
        }
        free(at);
        at = to;
    }
    return at;
}

/* A file being written: to a device or pipe directly, to standard
   output, or to a temporary file given the target's name once complete. */
struct Out {
    const char *who, *path;      /* path NULL: standard output */
    char *target, *tmp;          /* a file: the file written, and the name
                                    it has while being written */
    int fd;
    bool named;                  /* the temporary file has a name (tmp) */
    bool direct;                 /* a device, a pipe, standard output */
    /* direct, written as it is made: the bytes wait in an unnamed
       temporary file (spool), or in memory where none can be made, and
       go to fd once complete, for nothing is written on exit 2 */
    bool spooled;
    int spool;
    char *mem;
    size_t nmem, capmem;
    int err;                     /* the first failure's errno, or 0 */
    bool spool_err;              /* and it was the spool's */
};

/* Where the spool is made: TMPDIR, or /tmp. */
static const char *spool_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

static void say(const Out *o, int err)
{
    if (o->spool_err)
        /* the report waits there, not where it goes: say so, and where */
        fprintf(stderr, "accord %s: cannot write the report's temporary copy in %s: %s\n",
                o->who, spool_dir(), strerror(err));
    else if (o->path)
        fprintf(stderr, "accord %s: cannot write '%s': %s\n", o->who, o->path, strerror(err));
    else
        fprintf(stderr, "accord %s: cannot write the report: %s\n", o->who, strerror(err));
}

static void out_free(Out *o)
{
    if (o->spool >= 0)
        close(o->spool);
    free(o->mem);
    free(o->target);
    free(o->tmp);
    free(o);
}

/* An unnamed temporary file in TMPDIR (or /tmp), or -1. */
static int spool_file(void)
{
    const char *dir = spool_dir();
    int fd = -1;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
    if (fd < 0) {
        size_t n = strlen(dir);
        char *name = xmalloc(n + 20);
        snprintf(name, n + 20, "%s/accord-XXXXXX", dir);
        fd = mkstemp(name);
        if (fd >= 0)
            unlink(name);
        free(name);
    }
    return fd;
}

static Out *open_out(const char *who, const char *path, bool spooled)
{
    Out *o = xcalloc(1, sizeof *o);
    o->who = who;
    o->path = path;
    o->fd = -1;
    o->spool = -1;
    if (!path) {
        o->fd = STDOUT_FILENO;
        o->direct = true;
        o->spooled = spooled;
        o->spool = spooled ? spool_file() : -1;
        return o;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe (/dev/stdout, /dev/null): written as it is,
           for renaming a file over it would replace it */
        o->direct = true;
        o->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (o->fd < 0) {
            say(o, errno);
            out_free(o);
            return NULL;
        }
        o->spooled = spooled;
        o->spool = spooled ? spool_file() : -1;
        return o;
    }
    /* through a link: replace the file it leads to, not the link */
    o->target = target_of(path);
    const char *target = o->target;
    mode_t mode = stat(target, &st) == 0 ? st.st_mode & 07777 : 0644;
    size_t n = strlen(target);
    o->tmp = xmalloc(n + 16);
    snprintf(o->tmp, n + 16, "%s.tmp-XXXXXX", target);
    /* The report is written to a file without a name in the target's
       folder (O_TMPFILE), given a name only once complete: a run killed
       midway (SIGKILL included) leaves no partial file behind, and the
       earlier report stays as it was until the rename replaces it. Where
       O_TMPFILE is not available, a named temporary file, removed on any
       failure we live through. */
    const char *slash = strrchr(target, '/');
    char *dir = slash ? xstrdup(target) : xstrdup(".");
    if (slash)
        dir[slash == target ? 1 : slash - target] = '\0';
    int err = 0;
#ifdef O_TMPFILE
    o->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
#endif
    if (o->fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == EACCES || errno == EROFS) {
            err = errno;
        } else {
            o->fd = mkstemp(o->tmp);
            err = o->fd < 0 ? errno : 0;
            o->named = o->fd >= 0;
            if (o->named)
                fchmod(o->fd, mode);
        }
    }
    free(dir);
    if (o->fd < 0) {
        say(o, err);
        out_free(o);
        return NULL;
    }
    return o;
}

Out *out_open(const char *who, const char *path)
{
    return open_out(who, path, true);
}

bool out_write(Out *o, const char *text, size_t len)
{
    if (o->err)
        return false;
    if (o->direct && o->spooled && o->spool < 0) {
        if (len > o->capmem - o->nmem) {
            o->capmem = (o->nmem + len) * 2;
            o->mem = xrealloc(o->mem, o->capmem);
        }
        memcpy(o->mem + o->nmem, text, len);
        o->nmem += len;
        return true;
    }
    int fd = o->direct && o->spooled ? o->spool : o->fd;
    if (!write_all(fd, text, len)) {
        o->err = errno ? errno : EIO;
        o->spool_err = fd == o->spool;
    }
    return !o->err;
}

/* A spooled output's bytes, complete, sent where they go. */
static bool unspool(Out *o)
{
    if (o->spool < 0)
        return write_all(o->fd, o->mem, o->nmem);
    if (lseek(o->spool, 0, SEEK_SET) != 0)
        return false;
    char buf[1 << 16];
    for (;;) {
        ssize_t got = read(o->spool, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return got == 0;
        if (!write_all(o->fd, buf, (size_t)got))
            return false;
    }
}

bool out_ok(const Out *o)
{
    return !o->err;
}

bool out_close(Out *o, bool keep)
{
    int err = o->err;
    bool ok = keep && !err;
    if (o->direct) {
        if (ok && o->spooled && !unspool(o)) {
            err = errno ? errno : EIO;
            ok = false;
        }
        if (o->fd != STDOUT_FILENO && close(o->fd) != 0 && ok) {
            err = errno;
            ok = false;
        }
        if (err && (keep || o->err))
            say(o, err);
        out_free(o);
        return ok;
    }
    const char *target = o->target;
    size_t n = strlen(target);
    if (ok && fsync(o->fd) != 0) {
        err = errno;
        ok = false;
    }
    if (ok && !o->named) {
        /* name the finished file, then move it over the target */
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
        for (int tries = 0; tries < 100; tries++) {
            snprintf(o->tmp, n + 16, "%s.tmp-%06d", target, (int)((unsigned)getpid() * 31u
                                                                  + (unsigned)tries) % 1000000);
            if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0) {
                o->named = true;
                break;
            }
            if (errno != EEXIST)
                break;
        }
        if (!o->named) {
            err = errno;
            ok = false;
        }
    }
    if (close(o->fd) != 0 && ok) {
        err = errno;
        ok = false;
    }
    if (ok && rename(o->tmp, target) != 0) {
        err = errno;
        ok = false;
    }
    if (!ok) {
        if (o->named)
            unlink(o->tmp);
        if (keep || o->err)
            say(o, err);
    }
    out_free(o);
    return ok;
}

bool write_atomically(const char *who, const char *path, const char *text, size_t len)
{
    Out *o = open_out(who, path, false);    /* text is complete already */
    if (!o)
        return false;
    out_write(o, text, len);
    return out_close(o, true);
}
