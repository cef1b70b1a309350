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

bool write_atomically(const char *who, const char *path, const char *text, size_t len)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe (/dev/stdout, /dev/null): written as it is,
           for renaming a file over it would replace it */
        int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
        bool ok = fd >= 0 && write_all(fd, text, len);
        if (fd >= 0 && close(fd) != 0)
            ok = false;
        if (!ok)
            fprintf(stderr, "accord %s: cannot write '%s': %s\n", who, path, strerror(errno));
        return ok;
    }
    /* through a link: replace the file it leads to, not the link */
    char *real = realpath(path, NULL);
    const char *target = real ? real : path;
    mode_t mode = stat(target, &st) == 0 ? st.st_mode & 07777 : 0644;
    size_t n = strlen(target);
    char *tmp = xmalloc(n + 16);
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", target);
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
    bool named = false;
    int fd = -1;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
#endif
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == EACCES || errno == EROFS) {
            err = errno;
        } else {
            fd = mkstemp(tmp);
            err = fd < 0 ? errno : 0;
            named = fd >= 0;
            if (named)
                fchmod(fd, mode);
        }
    }
    bool ok = fd >= 0;
    if (ok && (!write_all(fd, text, len) || fsync(fd) != 0)) {
        err = errno;
        ok = false;
    }
    if (ok && !named) {
        /* name the finished file, then move it over the target */
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        for (int tries = 0; tries < 100; tries++) {
            snprintf(tmp, n + 16, "%s.tmp-%06d", target, (int)((unsigned)getpid() * 31u
                                                                + (unsigned)tries) % 1000000);
            if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0) {
                named = true;
                break;
            }
            if (errno != EEXIST)
                break;
        }
        if (!named) {
            err = errno;
            ok = false;
        }
    }
    if (fd >= 0 && close(fd) != 0 && ok) {
        err = errno;
        ok = false;
    }
    if (ok && rename(tmp, target) != 0) {
        err = errno;
        ok = false;
    }
    if (!ok) {
        if (named)
            unlink(tmp);
        fprintf(stderr, "accord %s: cannot write '%s': %s\n", who, path, strerror(err));
    }
    free(dir);
    free(tmp);
    free(real);
    return ok;
}
