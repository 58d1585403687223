/* app_io.c - atomic file replacement and the cancellation flags.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/app_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app_util.h"

#define TMP_PREFIX ".cevnsx-"
#define TMP_TRIES 64

/* A name for the temporary file: short (so any target name fits its
 * directory's NAME_MAX) and unpredictable enough that another writer, even in
 * the same nanosecond, draws another one; O_EXCL settles what is left. */
static void tmp_name(char *buf, size_t n, const char *dir, unsigned long salt)
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)ts.tv_sec ^
                 ((uint64_t)getpid() << 32) ^ (uint64_t)salt * 0xBF58476D1CE4E5B9u;
    char suf[13];
    for (int i = 0; i < 12; i++) {
        x ^= x >> 31;
        x *= 0x94D049BB133111EBu;
        x ^= x >> 29;
        suf[i] = digits[x % 36];
    }
    suf[12] = '\0';
    app_strlcpyf(buf, n, "%s%s%s", dir, TMP_PREFIX, suf);
}

int app_afile_open(app_afile *a, const char *path, char *err, size_t errlen)
{
    struct stat sb;
    char real[PATH_MAX];
    static unsigned long counter;

    memset(a, 0, sizeof *a);
    if (!path || !*path) {
        app_strlcpyf(err, errlen, "cannot write: empty file name");
        return 1;
    }
    const char *target = path;
    if (lstat(path, &sb) == 0) {
        if (S_ISLNK(sb.st_mode)) {
            /* Replace the file the link names, and keep the link. */
            if (!realpath(path, real) || stat(real, &sb) != 0) {
                app_strlcpyf(err, errlen, "cannot write %s: a symbolic link to nowhere", path);
                return 1;
            }
            target = real;
        }
        if (!S_ISREG(sb.st_mode)) {
            app_strlcpyf(err, errlen, "cannot write %s: %s", path,
                         S_ISDIR(sb.st_mode) ? "is a directory"
                                             : "not a regular file (only regular files are "
                                               "replaced)");
            return 1;
        }
        /* A file its owner made read-only is not replaced behind its back
         * (rename would let us, as the directory is writable). */
        if (access(target, W_OK) != 0) {
            app_strlcpyf(err, errlen, "cannot write %s: %s", path, strerror(errno));
            return 1;
        }
        a->have_old = 1;
        a->old_mode = (unsigned)(sb.st_mode & 07777);
        a->old_uid = (long)sb.st_uid;
        a->old_gid = (long)sb.st_gid;
    } else if (errno != ENOENT) {
        app_strlcpyf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return 1;
    }
    size_t len = strlen(target);
    const char *slash = strrchr(target, '/');
    size_t dlen = slash ? (size_t)(slash - target) + 1 : 0;
    char *dir = app_xmalloc(dlen + 1);
    memcpy(dir, target, dlen);
    dir[dlen] = '\0';
    size_t tlen = dlen + sizeof TMP_PREFIX + 16;
    a->tmp = app_xmalloc(tlen);
    a->path = app_xmalloc(len + 1);
    memcpy(a->path, target, len + 1);
    int fd = -1, e = 0;
    for (int i = 0; i < TMP_TRIES && fd < 0; i++) {
        tmp_name(a->tmp, tlen, dir, ++counter + (unsigned long)i);
        /* 0666 and the umask for a new file; an old file's mode comes later. */
        fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        e = errno;
        if (fd < 0 && e != EEXIST)
            break;
    }
    free(dir);
    if (fd >= 0 && !(a->fp = fdopen(fd, "w"))) {
        e = errno;
        close(fd);
        unlink(a->tmp);
        fd = -1;
    }
    if (fd < 0) {
        app_strlcpyf(err, errlen, "cannot write %s: %s", path, strerror(e));
        free(a->tmp);
        free(a->path);
        memset(a, 0, sizeof *a);
        return 1;
    }
    return 0;
}

void app_afile_abort(app_afile *a)
{
    if (a->fp) {
        fclose(a->fp);
        unlink(a->tmp);
    }
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
}

int app_afile_commit(app_afile *a, char *err, size_t errlen)
{
    if (!a->fp) {
        app_strlcpyf(err, errlen, "cannot write: no file open");
        return 1;
    }
    int fd = fileno(a->fp), e = 0;
    /* Check every step: a full disk must not replace a good file by a bad one. */
    if (fflush(a->fp) != 0 || ferror(a->fp))
        e = errno ? errno : EIO;
    if (!e && a->have_old) {
        /* Keep the owner where allowed (root), and always the mode. */
        if (fchown(fd, (uid_t)a->old_uid, (gid_t)a->old_gid) != 0)
            errno = 0;
        if (fchmod(fd, (mode_t)a->old_mode) != 0)
            e = errno;
    }
    if (!e && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    if (fclose(a->fp) != 0 && !e)
        e = errno;
    a->fp = NULL;
    if (!e && rename(a->tmp, a->path) != 0)
        e = errno;
    if (e) {
        app_strlcpyf(err, errlen, "cannot save to %s: %s", a->path, strerror(e));
        unlink(a->tmp);
    }
    free(a->tmp);
    free(a->path);
    memset(a, 0, sizeof *a);
    return e != 0;
}

/* ----------------------------------------------------------- cancelling ---- */

volatile sig_atomic_t app_cancel_int;
volatile sig_atomic_t app_cancel_quit;

static void on_int(int sig)
{
    (void)sig;
    app_cancel_int++;
}

static void on_quit(int sig)
{
    (void)sig;
    app_cancel_quit = 1;
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns EINTR */
    sigaction(sig, &sa, NULL);
}

void app_cancel_install(void)
{
    set_handler(SIGINT, on_int);
    set_handler(SIGTERM, on_quit);
    set_handler(SIGHUP, on_quit);
}

void app_cancel_remove(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
}

int app_cancel_pending(void)
{
    return app_cancel_int > 0 || app_cancel_quit;
}
