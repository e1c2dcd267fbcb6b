#include "cli/outfile.h"

#include "cli/cli.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The signals that would otherwise leave a stray temporary file behind. */
static void fatal_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

static void *watch_signals(void *arg)
{
    mot_outfile *o = arg;
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigset_t set;
    int sig;

    fatal_signals(&set);
    if (sigwait(&set, &sig) != 0)
        return NULL;
    unlink(o->temp_path);
    /* Die of the same signal, so the parent sees why we stopped. */
    sigaction(sig, &dfl, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    return NULL;
}

int mot_outfile_open(mot_outfile *o, const char *path, char *why, size_t why_size)
{
    const char *slash = strrchr(path, '/');
    const size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    struct stat sb;
    sigset_t set;
    mode_t mask;
    int fd;

    memset(o, 0, sizeof *o);
    if (strcmp(path, "-") == 0) {
        o->stream = stdout;
        return 0;
    }
    o->path = strdup(path);
    o->temp_path = malloc(strlen(path) + sizeof "/..XXXXXX");
    if (!o->path || !o->temp_path) {
        snprintf(why, why_size, "out of memory");
        goto fail;
    }
    /* A hidden name in the target's directory: rename() is atomic only
     * within one file system. */
    sprintf(o->temp_path, "%.*s.%s.XXXXXX", (int)dir_len, path, path + dir_len);
    fd = mkstemp(o->temp_path);
    if (fd < 0) {
        mot_cli_errno(why, why_size, "cannot create a temporary file for", path);
        free(o->temp_path);
        o->temp_path = NULL;
        goto fail;
    }
    /* mkstemp() makes the file 0600; give it the mode the target has, or
     * the one a plain open() would give. */
    if (stat(path, &sb) == 0) {
        fchmod(fd, sb.st_mode & 07777);
    } else {
        mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    o->stream = fdopen(fd, "w");
    if (!o->stream) {
        mot_cli_errno(why, why_size, "cannot write", o->temp_path);
        close(fd);
        goto fail;
    }
    fatal_signals(&set);
    if (pthread_sigmask(SIG_BLOCK, &set, &o->old_mask) == 0) {
        o->watching = pthread_create(&o->watcher, NULL, watch_signals, o) == 0;
        if (!o->watching)
            pthread_sigmask(SIG_SETMASK, &o->old_mask, NULL);
    }
    return 0;
fail:
    mot_outfile_discard(o);
    return -1;
}

static void stop_watching(mot_outfile *o)
{
    if (!o->watching)
        return;
    pthread_cancel(o->watcher);
    pthread_join(o->watcher, NULL);
    pthread_sigmask(SIG_SETMASK, &o->old_mask, NULL);
    o->watching = 0;
}

/* Make the rename itself durable. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_CLOEXEC) : -1;

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

int mot_outfile_commit(mot_outfile *o, char *why, size_t why_size)
{
    FILE *stream = o->stream;
    int rc = 0;

    if (!o->temp_path) {
        rc = fflush(stream) == 0 && !ferror(stream) ? 0 : -1;
        if (rc != 0)
            mot_cli_errno(why, why_size, "cannot write", "standard output");
        mot_outfile_discard(o);
        return rc;
    }
    o->stream = NULL;
    if (fflush(stream) != 0 || ferror(stream) || fsync(fileno(stream)) != 0) {
        mot_cli_errno(why, why_size, "cannot write", o->path);
        rc = -1;
    }
    if (fclose(stream) != 0 && rc == 0) {
        mot_cli_errno(why, why_size, "cannot write", o->path);
        rc = -1;
    }
    if (rc == 0 && rename(o->temp_path, o->path) != 0) {
        mot_cli_errno(why, why_size, "cannot replace", o->path);
        rc = -1;
    }
    if (rc == 0) {
        sync_dir(o->path);
        free(o->temp_path);
        o->temp_path = NULL; /* nothing left to remove */
    }
    mot_outfile_discard(o);
    return rc;
}

void mot_outfile_discard(mot_outfile *o)
{
    stop_watching(o);
    if (o->stream && o->stream != stdout)
        fclose(o->stream);
    if (o->temp_path)
        unlink(o->temp_path);
    free(o->temp_path);
    free(o->path);
    memset(o, 0, sizeof *o);
}
