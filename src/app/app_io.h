/* app_io.h - the one way the front ends write a file, and the one way long
 * work learns that it should stop.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing: every file cevnsx writes (save, export, snapshot, the command
 * history) goes through app_afile. The text goes to a new temporary file
 * beside the target, created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW) under
 * a short random name, so two writers never share it, a symbolic link planted
 * there is never followed, and a long target name still fits; it is flushed
 * and fsync'ed, given the target's mode (and owner, where allowed), and
 * renamed over the target. Only regular files are replaced: a FIFO, a device
 * node or a directory at the target is refused, and a symbolic link is
 * followed to the file it names. A failure at any step removes the temporary
 * file and leaves the target as it was.
 *
 * Stopping: the interactive front ends install app_cancel_install(): SIGINT
 * counts Ctrl-C presses, SIGTERM and SIGHUP (also sent when the terminal goes
 * away) ask the program to end. Long loops (scans, contours, reading commands)
 * poll app_cancel_pending() between small slices of work and return
 * APP_INTERRUPTED; the front end then reports it, or ends the program with
 * the terminal restored. Plain batch mode leaves the default signal actions,
 * which end the process at once. */
#ifndef CEVNSX_APP_IO_H
#define CEVNSX_APP_IO_H

#include <signal.h>
#include <stdio.h>

typedef struct {
    FILE *fp;          /* write the contents here */
    char *path;        /* the file that will be replaced */
    char *tmp;         /* the temporary file */
    int have_old;      /* the target existed: its mode and owner are kept */
    unsigned old_mode; /* permission bits of the target */
    long old_uid, old_gid;
} app_afile;

/* Starts writing path. Returns 0 and fills a, or 1 with a one-line message
 * in err ("cannot write PATH: REASON"). */
int app_afile_open(app_afile *a, const char *path, char *err, size_t errlen);

/* Finishes: checks every write, fsyncs, renames over the target. Returns 0,
 * or 1 with a message in err; either way a is released. */
int app_afile_commit(app_afile *a, char *err, size_t errlen);

/* Gives up: removes the temporary file and releases a. */
void app_afile_abort(app_afile *a);

/* ---------------------------------------------------------- cancelling ---- */

extern volatile sig_atomic_t app_cancel_int;  /* Ctrl-C presses not yet handled */
extern volatile sig_atomic_t app_cancel_quit; /* SIGTERM, SIGHUP: end the program */

/* Installs the handlers for SIGINT, SIGTERM and SIGHUP (they only set the
 * flags above). Without SA_RESTART, so a blocking read returns. */
void app_cancel_install(void);

/* Restores the default actions of those signals. */
void app_cancel_remove(void);

/* Whether long work should stop now: a Ctrl-C not yet handled, or a request
 * to end the program. */
int app_cancel_pending(void);

#endif
