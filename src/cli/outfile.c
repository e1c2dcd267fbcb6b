#include "cli/outfile.h"

#include "cli/cli.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Longest part of the target's name kept in the temporary file's:
 * NAME_MAX less "." and ".XXXXXX". */
#define TEMP_BASE_MAX (NAME_MAX - 8)

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

/* Where a chain of symbolic links from `path` ends (malloc'd): `path`
 * itself if it is no link, NULL if the chain is too long or unreadable. */
static char *link_end(const char *path)
{
    char *at = strdup(path);
    for (int hop = 0; at && hop < 8; hop++) {
        struct stat sb;
        char to[PATH_MAX];
        ssize_t n;
        if (lstat(at, &sb) != 0 || !S_ISLNK(sb.st_mode))
            return at;
        if ((n = readlink(at, to, sizeof to - 1)) < 0)
            break;
        to[n] = '\0';
        /* A relative target is relative to the link's directory. */
        const char *slash = strrchr(at, '/');
        size_t dir = to[0] == '/' || !slash ? 0 : (size_t)(slash - at) + 1;
        char *next = malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, at, dir);
            memcpy(next + dir, to, (size_t)n + 1);
        }
        free(at);
        at = next;
    }
    free(at);
    return NULL;
}

int mot_outfile_open(mot_outfile *o, const char *path, char *why, size_t why_size)
{
    struct stat sb;
    sigset_t set;
    mode_t mask;
    int fd;

    memset(o, 0, sizeof *o);
    if (strcmp(path, "-") == 0) {
        o->stream = stdout;
        return 0;
    }
    if (path[0] == '\0') {
        snprintf(why, why_size, "the output file name is empty");
        return -1;
    }
    /* Checked before any work is done, not found at the rename. */
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(why, why_size, "cannot write to %s: it is a directory", path);
        return -1;
    }
    /* A name for a descriptor this process already has (/dev/stdout,
     * /dev/fd/N: a shell's `>>log` or `3>file`): written through a copy of
     * the descriptor, where and as the shell opened it. Replacing the file
     * it names would drop what the shell had written there, and reopening
     * a socket fails. */
    int inherited = -1;
    struct stat out_sb;
    if (strcmp(path, "/dev/stdout") == 0)
        inherited = STDOUT_FILENO;
    else if (strcmp(path, "/dev/stderr") == 0)
        inherited = STDERR_FILENO;
    else if (sscanf(path, "/dev/fd/%d", &inherited) != 1 &&
             sscanf(path, "/proc/self/fd/%d", &inherited) != 1)
        inherited = -1;
    if (inherited < 0 && stat(path, &sb) == 0 && fstat(STDOUT_FILENO, &out_sb) == 0 &&
        sb.st_dev == out_sb.st_dev && sb.st_ino == out_sb.st_ino)
        inherited = STDOUT_FILENO;
    /* A device, a FIFO or a socket is written to as it is: putting a file
     * in its place would replace /dev/null for every other program, or
     * leave the reader of a FIFO waiting. */
    const int special = inherited < 0 && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
    if (inherited >= 0 || special) {
        fd = special ? open(path, O_WRONLY | O_CLOEXEC) : dup(inherited);
        o->stream = fd >= 0 ? fdopen(fd, "w") : NULL;
        o->path = strdup(path);
        if (!o->stream || !o->path) {
            mot_cli_errno(why, why_size, "cannot write", path);
            if (fd >= 0 && !o->stream)
                close(fd);
            goto fail;
        }
        o->direct = 1;
        return 0;
    }
    /* Through a symbolic link, the file it points to is replaced (or made,
     * if it is not there yet), not the link. */
    o->path = realpath(path, NULL);
    if (!o->path)
        o->path = link_end(path);
    if (!o->path) {
        mot_cli_errno(why, why_size, "cannot follow the symbolic links of", path);
        goto fail;
    }
    const char *slash = strrchr(o->path, '/');
    const size_t dir_len = slash ? (size_t)(slash - o->path) + 1 : 0;
    o->temp_path = malloc(strlen(o->path) + sizeof "/..XXXXXX");
    if (!o->temp_path) {
        snprintf(why, why_size, "out of memory");
        goto fail;
    }
    /* A hidden name in the target's directory: rename() is atomic only
     * within one file system. Its base is cut to leave room for the dots
     * and the suffix within NAME_MAX. */
    sprintf(o->temp_path, "%.*s.%.*s.XXXXXX", (int)dir_len, o->path, TEMP_BASE_MAX,
            o->path + dir_len);
    fd = mkstemp(o->temp_path);
    if (fd < 0) {
        mot_cli_errno(why, why_size, "cannot create a temporary file for", path);
        free(o->temp_path);
        o->temp_path = NULL;
        goto fail;
    }
    /* mkstemp() makes the file 0600; give it the mode the target has, or
     * the one a plain open() would give. */
    if (stat(o->path, &sb) == 0) {
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
            mot_cli_errno(why, why_size, "cannot write", o->direct ? o->path : "standard output");
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
