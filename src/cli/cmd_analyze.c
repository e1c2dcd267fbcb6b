/* mot analyze: one record per file, in input order, from N worker threads.
 *
 * Workers take files in order and analyse them into a ring of result slots;
 * the main thread writes slot after slot as each is ready, so output order
 * is input order and a fast file waits only for the slower ones before it.
 * The ring (4 slots per worker) bounds memory however long the file list. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/outfile.h"
#include "io/analyze.h"
#include "io/record.h"
#include "io/source.h"
#include "mot/mot.h"

static const char usage_fmt[] =
    "usage: mot analyze [OPTIONS] FILE...\n"
    "\n"
    "Judge the opening of each call recording (pitch, loudness and pace over\n"
    "the window that starts at the first speech). One record per FILE, in input\n"
    "order, each written as soon as it and every file before it are done.\n"
    "\n"
    "  -c, --channel N|mix     channel to analyse, from 0, or the mean of all (default 0)\n"
    "  -w, --window S          analysis window from the speech onset, s (default %g)\n"
    "  -f, --format jsonl|csv  output format (default jsonl)\n"
    "  -m, --model PATH        verdict model (default: the one built in)\n"
    "  -j, --jobs N            files analysed at once, one thread each (default: one\n"
    "                          per processor, at most %d; %ld here)\n"
    "  -o, --output FILE       write to FILE, replaced only once all is written\n"
    "                          (never one of the inputs, lists or model)\n"
    "  -F, --files-from PATH   also analyse the files named in PATH, one per line,\n"
    "                          or NUL-terminated as find -print0 writes them if\n"
    "                          PATH holds a NUL ('-' reads standard input); after\n"
    "                          those given, and in order if given more than once\n"
    "  -q, --quiet             no progress bar, no error lines on stderr\n"
    "  -h, --help              show this help\n"
    "\n"
    "Records (JSON Lines or CSV) hold file, duration_s, sample_rate_hz, channels,\n"
    "channel_used, the window's measures, dull_score, dull, reasons and, for a\n"
    "file that could not be analysed, error; unknown values are null (CSV: empty).\n"
    "In JSON, a byte 0xXY of a file name that is not UTF-8 appears as \\udcXY\n"
    "(PEP 383: Python's os.fsencode() gives the name's bytes back); CSV keeps\n"
    "the name's bytes as they are.\n"
    "\n"
    "Exit status: 0 every file analysed; 1 some file failed (its record has an\n"
    "'error', the others are written as usual) or the output failed; 2 bad usage.\n";

#define SLOTS_PER_JOB 4

typedef struct analyze_opts {
    mot_config cfg;
    int channel;
    int csv;
    const char *model_path;
    long jobs;
    const char *out_path;
    mot_cli_strings files_from;
    int quiet;
} analyze_opts;

typedef struct name_list {
    char **names; /* owned */
    size_t n, cap;
} name_list;

/* State shared by the workers and the writer, guarded by `lock`. */
typedef struct batch {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a result is ready, or a slot was freed */
    char *const *files;
    size_t n_files;
    size_t next_take;  /* next file for a worker */
    size_t next_write; /* next file for the writer */
    size_t n_done;
    mot_file_result *slots; /* file i in slots[i % n_slots] until written */
    unsigned char *ready;
    size_t n_slots;
    int stop; /* the writer gave up: workers take no more files */
} batch;

typedef struct worker {
    batch *b;
    mot_analyzer *analyzer;
    pthread_t thread;
} worker;

typedef struct progress {
    int on;
    struct timespec start;
    double drawn_s; /* when last drawn, s since start */
} progress;

static void usage(FILE *f)
{
    mot_config d;

    mot_config_default(&d);
    fprintf(f, usage_fmt, d.window_s, MOT_CLI_DEFAULT_JOBS_MAX, mot_cli_default_jobs());
}

static int name_list_add(name_list *l, const char *name, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **names = realloc(l->names, cap * sizeof *names);
        if (!names)
            return -1;
        l->names = names;
        l->cap = cap;
    }
    l->names[l->n] = strndup(name, len);
    if (!l->names[l->n])
        return -1;
    l->n++;
    return 0;
}

static void name_list_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
}

/* Add the names in `text` (`len` bytes) separated by `sep`; empty names
 * are skipped, and with newlines a trailing CR is dropped (lists made on
 * Windows). */
static int add_names(name_list *l, char *text, size_t len, char sep)
{
    for (char *at = text, *end = text + len; at < end;) {
        char *stop = memchr(at, sep, (size_t)(end - at));
        size_t n = (size_t)((stop ? stop : end) - at);
        if (sep == '\n' && n > 0 && at[n - 1] == '\r')
            n--;
        if (n > 0 && name_list_add(l, at, n) != 0)
            return -1;
        at = stop ? stop + 1 : end;
    }
    return 0;
}

/* The names in the list at `path` ("-": standard input), read whole: one
 * per line, or NUL-terminated as `find -print0` writes them if the list
 * holds a NUL anywhere (no name holds one, so a list of lines never does),
 * and then taken exactly, newlines and all. */
static int read_names(const char *path, name_list *l, char *why, size_t why_size)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *text = NULL;
    size_t len = 0, size = 0;
    int rc = 0;

    if (!f) {
        mot_cli_errno(why, why_size, "cannot open file list", path);
        return -1;
    }
    for (;;) {
        if (len == size) {
            size_t bigger = size ? 2 * size : 65536;
            char *grown = bigger > size ? realloc(text, bigger) : NULL;
            if (!grown) {
                snprintf(why, why_size, "out of memory reading file list %s", path);
                rc = -1;
                break;
            }
            text = grown;
            size = bigger;
        }
        size_t got = fread(text + len, 1, size - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (rc == 0 && ferror(f)) {
        mot_cli_errno(why, why_size, "cannot read file list", path);
        rc = -1;
    }
    if (rc == 0 && add_names(l, text, len, memchr(text, '\0', len) ? '\0' : '\n') != 0) {
        snprintf(why, why_size, "out of memory reading file list %s", path);
        rc = -1;
    }
    free(text);
    if (f != stdin)
        fclose(f);
    return rc;
}

static double elapsed_s(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

static void progress_draw(progress *p, size_t done, size_t total)
{
    static const char bar[] = "##############################";
    static const char gap[] = "..............................";
    const int width = (int)sizeof bar - 1;
    const int filled = total ? (int)((double)width * (double)done / (double)total) : width;
    const double t = elapsed_s(&p->start);

    /* Ten redraws a second are plenty, even at thousands of files a second. */
    if (!p->on || (t - p->drawn_s < 0.1 && done < total && done > 0))
        return;
    p->drawn_s = t;
    fprintf(stderr, "\r[%.*s%.*s] %zu/%zu files  %.1f files/s", filled, bar,
            width - filled, gap, done, total, t > 0 ? (double)done / t : 0.0);
}

static void progress_clear(const progress *p)
{
    if (p->on)
        fputs("\r\033[K", stderr);
}

static void *work(void *arg)
{
    worker *w = arg;
    batch *b = w->b;

    pthread_mutex_lock(&b->lock);
    for (;;) {
        /* Wait for a free slot: a slow file may hold the writer back. */
        while (!b->stop && b->next_take < b->n_files &&
               b->next_take >= b->next_write + b->n_slots)
            pthread_cond_wait(&b->changed, &b->lock);
        if (b->stop || b->next_take >= b->n_files)
            break;
        const size_t i = b->next_take++;
        pthread_mutex_unlock(&b->lock);

        mot_analyzer_run(w->analyzer, b->files[i], NULL, NULL, &b->slots[i % b->n_slots]);

        pthread_mutex_lock(&b->lock);
        b->ready[i % b->n_slots] = 1;
        b->n_done++;
        pthread_cond_broadcast(&b->changed);
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* Write the results in input order as they become ready. Returns the number
 * of failed files, or -1 if the output failed (why says how). */
static long write_results(batch *b, const analyze_opts *o, const char *prog,
                          FILE *out, char *why, size_t why_size)
{
    mot_status (*write_record)(FILE *, const mot_file_result *) =
        o->csv ? mot_csv_write : mot_jsonl_write;
    progress p = {.on = !o->quiet && isatty(STDERR_FILENO)};
    /* Records on the same terminal as the bar: the bar's line is cleared
     * before each record, which then takes it, and drawn again under it. */
    const int bar_under_records = p.on && isatty(fileno(out));
    long n_failed = 0;

    clock_gettime(CLOCK_MONOTONIC, &p.start);
    for (size_t i = 0; i < b->n_files; i++) {
        const size_t s = i % b->n_slots;
        const mot_file_result *r = &b->slots[s];

        pthread_mutex_lock(&b->lock);
        while (!b->ready[s]) {
            progress_draw(&p, b->n_done, b->n_files);
            pthread_cond_wait(&b->changed, &b->lock);
        }
        pthread_mutex_unlock(&b->lock);

        if (r->status != MOT_OK) {
            n_failed++;
            if (!o->quiet) {
                progress_clear(&p);
                mot_cli_message(stderr, prog, "%s", r->error);
            }
        }
        if (bar_under_records) {
            progress_clear(&p);
            p.drawn_s = -1.0;
        }
        if (write_record(out, r) != MOT_OK) {
            snprintf(why, why_size, "out of memory writing a record");
            return -1;
        }
        if (fflush(out) != 0 || ferror(out)) {
            mot_cli_errno(why, why_size, "cannot write",
                          o->out_path ? o->out_path : "standard output");
            return -1;
        }

        pthread_mutex_lock(&b->lock);
        b->ready[s] = 0;
        b->next_write++;
        progress_draw(&p, b->n_done, b->n_files);
        pthread_cond_broadcast(&b->changed);
        pthread_mutex_unlock(&b->lock);
    }
    progress_clear(&p);
    return n_failed;
}

/* Analyse every file with o->jobs threads and write the records to out.
 * Returns as write_results(). */
static long run_batch(const analyze_opts *o, const mot_model *model, const name_list *files,
                      const char *prog, FILE *out, char *why, size_t why_size)
{
    const size_t n_jobs = (size_t)o->jobs < files->n ? (size_t)o->jobs : files->n;
    batch b = {.files = files->names, .n_files = files->n, .n_slots = SLOTS_PER_JOB * n_jobs};
    worker *workers = calloc(n_jobs, sizeof *workers);
    size_t n_started = 0;
    long rc = -1;

    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.changed, NULL);
    b.slots = calloc(b.n_slots, sizeof *b.slots);
    b.ready = calloc(b.n_slots, 1);
    if (!workers || !b.slots || !b.ready) {
        snprintf(why, why_size, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < n_jobs; j++) {
        workers[j].b = &b;
        if (mot_analyzer_new(&o->cfg, model, o->channel, &workers[j].analyzer) != MOT_OK) {
            snprintf(why, why_size, "out of memory");
            goto done;
        }
    }
    for (; n_started < n_jobs; n_started++) {
        if (pthread_create(&workers[n_started].thread, NULL, work, &workers[n_started]) != 0) {
            snprintf(why, why_size, "cannot start a worker thread");
            goto done;
        }
    }
    rc = write_results(&b, o, prog, out, why, why_size);
done:
    pthread_mutex_lock(&b.lock);
    b.stop = 1;
    pthread_cond_broadcast(&b.changed);
    pthread_mutex_unlock(&b.lock);
    for (size_t j = 0; j < n_started; j++)
        pthread_join(workers[j].thread, NULL);
    for (size_t j = 0; workers && j < n_jobs; j++)
        mot_analyzer_free(workers[j].analyzer);
    free(workers);
    free(b.slots);
    free(b.ready);
    pthread_cond_destroy(&b.changed);
    pthread_mutex_destroy(&b.lock);
    return rc;
}

/* Whether `path` is the file `st` describes. */
/* The first of the inputs (the files, the lists, the model) that is the
 * file `out` names, or NULL: -o onto one of them would replace it with the
 * records. *oom is set when memory ran out. */
static const char *output_among_inputs(const char *out, const name_list *files,
                                       const mot_cli_strings *lists, const char *model,
                                       int *oom)
{
    mot_cli_inputs in = {0};
    long at = -1;

    *oom = 0;
    if (!out || strcmp(out, "-") == 0)
        return NULL; /* stdout: no input is written over */
    *oom = mot_cli_inputs_add(&in, (const char *const *)files->names, files->n) != 0 ||
           mot_cli_inputs_add(&in, lists->v, lists->n) != 0 ||
           mot_cli_inputs_add(&in, &model, 1) != 0;
    if (!*oom)
        at = mot_cli_inputs_find(&in, out);
    mot_cli_inputs_free(&in);
    if (at < 0)
        return NULL;
    if ((size_t)at < files->n)
        return files->names[at];
    return (size_t)at < files->n + lists->n ? lists->v[(size_t)at - files->n] : model;
}

/* Parse argv into *o and the positional files into *files. Returns
 * MOT_CLI_GO_ON, or the exit code to stop with (after --help, or on bad
 * usage). */
static int parse(int argc, char **argv, analyze_opts *o, name_list *files)
{
    const char *prog = argv[0];
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_CHANNEL("channel", 'c', &o->channel),
        MOT_CLI_OPT_WINDOW(&o->cfg),
        MOT_CLI_OPT_CHOICE("format", 'f', &o->csv, "jsonl or csv", "jsonl", "csv"),
        MOT_CLI_OPT_STRING("model", 'm', &o->model_path),
        MOT_CLI_OPT_LONG("jobs", 'j', &o->jobs, 1, MOT_CLI_MAX_JOBS, MOT_CLI_MAX_JOBS_TEXT),
        MOT_CLI_OPT_STRING("output", 'o', &o->out_path),
        MOT_CLI_OPT_STRINGS("files-from", 'F', &o->files_from, "at most 64 lists"),
        MOT_CLI_OPT_FLAG("quiet", 'q', &o->quiet),
    };
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);

    if (rc != MOT_CLI_GO_ON)
        return rc;
    if (mot_cli_check_window(prog, &o->cfg) != 0)
        return MOT_EXIT_USAGE;
    for (int i = optind; i < argc; i++) {
        if (name_list_add(files, argv[i], strlen(argv[i])) != 0) {
            mot_cli_message(stderr, prog, "out of memory");
            return MOT_EXIT_FAILURE;
        }
    }
    if (files->n == 0 && o->files_from.n == 0) {
        mot_cli_message(stderr, prog, "no FILE given");
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    return MOT_CLI_GO_ON;
}

int mot_cmd_analyze(int argc, char **argv)
{
    const char *prog = argv[0];
    analyze_opts o = {.channel = 0, .jobs = mot_cli_default_jobs()};
    name_list files = {0};
    mot_model *model = NULL;
    mot_outfile out = {0};
    char why[1024] = "";
    long n_failed;
    int rc;

    mot_config_default(&o.cfg);
    rc = parse(argc, argv, &o, &files);
    if (rc != MOT_CLI_GO_ON)
        goto done;
    rc = MOT_EXIT_FAILURE;
    for (size_t i = 0; i < o.files_from.n; i++) {
        if (read_names(o.files_from.v[i], &files, why, sizeof why) != 0) {
            mot_cli_message(stderr, prog, "%s", why);
            goto done;
        }
    }
    if (files.n == 0) {
        if (o.files_from.n == 1)
            mot_cli_message(stderr, prog, "the file list %s names no files", o.files_from.v[0]);
        else
            mot_cli_message(stderr, prog, "the file lists name no files");
        rc = MOT_EXIT_USAGE;
        goto done;
    }
    int oom;
    const char *clash = output_among_inputs(o.out_path, &files, &o.files_from, o.model_path, &oom);
    if (oom) {
        mot_cli_message(stderr, prog, "out of memory");
        goto done;
    }
    if (clash) {
        mot_cli_message(stderr, prog, "-o %s is also an input (%s): it would be overwritten",
                        o.out_path, clash);
        rc = MOT_EXIT_USAGE;
        goto done;
    }
    if (mot_cli_load_model(prog, o.model_path, &model) != 0)
        goto done;
    /* Before any worker starts, so that all threads inherit its signal mask. */
    if (mot_outfile_open(&out, o.out_path ? o.out_path : "-", why, sizeof why) != 0) {
        mot_cli_message(stderr, prog, "%s", why);
        goto done;
    }
    if (o.csv)
        mot_csv_write_header(out.stream);
    n_failed = run_batch(&o, model, &files, prog, out.stream, why, sizeof why);
    if (n_failed < 0 || mot_outfile_commit(&out, why, sizeof why) != 0) {
        mot_cli_message(stderr, prog, "%s", why);
        goto done;
    }
    rc = n_failed > 0 ? MOT_EXIT_FAILURE : MOT_EXIT_OK;
done:
    mot_outfile_discard(&out);
    mot_model_free(model);
    name_list_free(&files);
    return rc;
}
