/* mot_outfile: an output that appears whole or not at all.
 *
 * Records go to a temporary file next to the target (same directory, so the
 * final rename is atomic); mot_outfile_commit() flushes, fsyncs and renames
 * it over the target. On failure, on mot_outfile_discard(), and when
 * SIGINT, SIGTERM or SIGHUP arrives in between, the temporary file is
 * removed. The path "-" means stdout, written directly, as are /dev/stdout,
 * /dev/fd/N and any name of the file stdout is (through a copy of the
 * descriptor, where the shell opened it), and a target that
 * is a device, a FIFO or a socket; through a symbolic link the file it
 * names is replaced (or made). An empty name or a directory is refused at
 * once, before any work. */
#ifndef MOT_CLI_OUTFILE_H
#define MOT_CLI_OUTFILE_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

typedef struct mot_outfile {
    FILE *stream;    /* write records here */
    char *path;      /* target; NULL for stdout */
    char *temp_path; /* NULL for stdout, or once committed or discarded */
    sigset_t old_mask;
    pthread_t watcher; /* removes the temporary file if a signal ends us */
    int watching;
    int direct; /* a device, FIFO or socket, written as it is */
} mot_outfile;

/* Open `path` (borrowed) for writing into *o. Call it before starting other
 * threads: they inherit the signal mask that lets the watcher thread act.
 * *o must stay at its address until committed or discarded. Returns 0, or
 * -1 with a reason (naming the path) in `why`. */
int mot_outfile_open(mot_outfile *o, const char *path, char *why, size_t why_size);

/* Put the output in place and release *o. Returns 0, or -1 with a reason in
 * `why` (the temporary file is then removed). */
int mot_outfile_commit(mot_outfile *o, char *why, size_t why_size);

/* Drop the output (remove the temporary file) and release *o. Safe on a
 * zeroed, committed or discarded *o. */
void mot_outfile_discard(mot_outfile *o);

#endif
