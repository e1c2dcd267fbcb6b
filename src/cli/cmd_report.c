/* mot report: a self-coaching HTML page per call, and an index of many.
 *
 * One FILE: OUT is its page, written whole or not at all (mot_outfile).
 * Several: OUT is a folder; worker threads take the files in turn, each
 * writing the call's page; the index, sortable by any column, is put in
 * place last, once every page is written. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h> /* optind */

#include "cli/cli.h"
#include "cli/outfile.h"
#include "io/report.h"
#include "io/source.h"
#include "mot/mot.h"

static const char usage_fmt[] =
    "usage: mot report [OPTIONS] -o OUT FILE...\n"
    "\n"
    "Explain call openings to the agent who made them: for each FILE a page with\n"
    "the verdict, each reason in plain words with a coaching tip, where pitch\n"
    "movement, loudness movement, speaking rate and silence stand against the\n"
    "model's thresholds, plots of the waveform, pitch, loudness and syllables\n"
    "over time, and the opening to listen to with a playhead on the plots.\n"
    "A page is one HTML file that needs no network; it prints well.\n"
    "\n"
    "With one FILE, OUT is its page ('-': standard output). With several, or\n"
    "when OUT is a folder or ends in '/', OUT is a folder (made if missing)\n"
    "holding one page per call and index.html, a table of all calls that sorts\n"
    "by any column. Verdicts and measures are those of 'mot analyze'.\n"
    "\n"
    "  -o, --output OUT        the page, or the folder\n"
    "  -c, --channel N|mix     channel to analyse, from 0, or the mean of all (default 0)\n"
    "  -w, --window S          analysis window from the speech onset, s (default %g)\n"
    "  -m, --model PATH        verdict model (default: the one built in)\n"
    "  -j, --jobs N            calls reported at once, one thread each (default: one\n"
    "                          per processor, at most %d; %ld here)\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 every FILE reported; 1 some FILE could not be analysed (the\n"
    "index lists it with the reason) or an output could not be written; 2 bad usage.\n";

/* Longest page name: number, '-', part of the call's name, ".html". */
#define PAGE_NAME_MAX 96

typedef struct report_opts {
    mot_config cfg;
    int channel;
    const char *model_path;
    long jobs;
    const char *out_path;
    char *const *files;
    size_t n_files;
} report_opts;

/* The folder run, shared by the workers; `next` is guarded by `lock`. */
typedef struct batch {
    const report_opts *o;
    const mot_model *model;
    pthread_mutex_t lock;
    size_t next;
    mot_file_result *results;
    char (*pages)[PAGE_NAME_MAX]; /* "" when the call has no page */
    char **page_errors;           /* why a page could not be written, or NULL */
} batch;

typedef struct worker {
    batch *b;
    mot_reporter *reporter;
    pthread_t thread;
} worker;

static void usage(FILE *f)
{
    mot_config d;

    mot_config_default(&d);
    fprintf(f, usage_fmt, d.window_s, MOT_CLI_DEFAULT_JOBS_MAX, mot_cli_default_jobs());
}

/* Parse argv into *o. Returns MOT_CLI_GO_ON, or the exit code to stop with. */
static int parse(int argc, char **argv, report_opts *o)
{
    const char *prog = argv[0];
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_STRING("output", 'o', &o->out_path),
        MOT_CLI_OPT_CHANNEL("channel", 'c', &o->channel),
        MOT_CLI_OPT_WINDOW(&o->cfg),
        MOT_CLI_OPT_STRING("model", 'm', &o->model_path),
        MOT_CLI_OPT_LONG("jobs", 'j', &o->jobs, 1, MOT_CLI_MAX_JOBS, MOT_CLI_MAX_JOBS_TEXT),
    };
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);

    if (rc != MOT_CLI_GO_ON)
        return rc;
    if (mot_cli_check_window(prog, &o->cfg) != 0)
        return MOT_EXIT_USAGE;
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    if (o->n_files == 0 || !o->out_path) {
        mot_cli_message(stderr, prog, "%s", o->n_files ? "no -o OUT given" : "no FILE given");
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    return MOT_CLI_GO_ON;
}

static int is_folder(const char *path)
{
    struct stat sb;
    const size_t len = strlen(path);

    return (len > 0 && path[len - 1] == '/') || (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
}

/* "0007-call-name.html": the number keeps names unique and in input order;
 * the rest of the call's file name, without folder and extension, helps a
 * person find it, in characters that are safe in any file system and URL. */
static void page_name(char *out, size_t i, size_t n, const char *file)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    int width = 1, used;

    for (size_t m = n; m >= 10; m /= 10)
        width++;
    used = snprintf(out, PAGE_NAME_MAX, "%0*zu-", width, i + 1);
    if (len > PAGE_NAME_MAX - (size_t)used - sizeof ".html")
        len = PAGE_NAME_MAX - (size_t)used - sizeof ".html";
    for (size_t k = 0; k < len; k++) {
        const char ch = base[k];
        const int safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                         (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
        out[used++] = safe ? ch : '_';
    }
    snprintf(out + used, PAGE_NAME_MAX - (size_t)used, ".html");
}

/* Write the page of the reporter's last run to dir/name. Returns NULL, or
 * a malloc'd sentence naming the page. */
static char *write_page_file(const mot_reporter *rep, const mot_file_result *r, const char *dir,
                             const char *name)
{
    char path[4096 + PAGE_NAME_MAX], why[4096 + 256];
    FILE *f;
    int ok;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) {
        mot_cli_errno(why, sizeof why, "cannot create", path);
        return strdup(why);
    }
    ok = mot_reporter_write_page(rep, r, f, "index.html") == MOT_OK;
    ok = !ferror(f) && ok;
    if (fclose(f) != 0 || !ok) {
        mot_cli_errno(why, sizeof why, "cannot write", path);
        return strdup(why);
    }
    return NULL;
}

static void *work(void *arg)
{
    worker *w = arg;
    batch *b = w->b;

    for (;;) {
        pthread_mutex_lock(&b->lock);
        const size_t i = b->next < b->o->n_files ? b->next++ : b->o->n_files;
        pthread_mutex_unlock(&b->lock);
        if (i == b->o->n_files)
            return NULL;
        if (mot_reporter_run(w->reporter, b->o->files[i], &b->results[i]) != MOT_OK)
            continue;
        page_name(b->pages[i], i, b->o->n_files, b->o->files[i]);
        b->page_errors[i] = write_page_file(w->reporter, &b->results[i], b->o->out_path,
                                            b->pages[i]);
        if (b->page_errors[i])
            b->pages[i][0] = '\0';
    }
}

/* Report every file with o->jobs threads. Returns 0, or -1 with a reason
 * in `why` when a thread or memory could not be had. */
static int run_workers(batch *b, char *why, size_t why_size)
{
    const size_t n_jobs = (size_t)b->o->jobs < b->o->n_files ? (size_t)b->o->jobs
                                                              : b->o->n_files;
    worker *workers = calloc(n_jobs, sizeof *workers);
    size_t n_started = 0;
    int rc = -1;

    if (!workers) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    for (size_t j = 0; j < n_jobs; j++) {
        workers[j].b = b;
        if (mot_reporter_new(&b->o->cfg, b->model, b->o->channel, &workers[j].reporter) !=
            MOT_OK) {
            snprintf(why, why_size, "out of memory");
            goto done;
        }
    }
    for (; n_started < n_jobs; n_started++) {
        if (pthread_create(&workers[n_started].thread, NULL, work, &workers[n_started]) != 0) {
            snprintf(why, why_size, "cannot start a worker thread");
            break;
        }
    }
    rc = n_started == n_jobs ? 0 : -1;
    if (rc != 0) { /* the started workers finish the list on their own */
        pthread_mutex_lock(&b->lock);
        b->next = b->o->n_files;
        pthread_mutex_unlock(&b->lock);
    }
done:
    for (size_t j = 0; j < n_started; j++)
        pthread_join(workers[j].thread, NULL);
    for (size_t j = 0; j < n_jobs; j++)
        mot_reporter_free(workers[j].reporter);
    free(workers);
    return rc;
}

/* Print each failure in input order; returns how many there were. */
static size_t report_failures(const batch *b, const char *prog)
{
    size_t n_failed = 0;

    for (size_t i = 0; i < b->o->n_files; i++) {
        if (b->results[i].status != MOT_OK)
            mot_cli_message(stderr, prog, "%s", b->results[i].error);
        else if (b->page_errors[i])
            mot_cli_message(stderr, prog, "%s", b->page_errors[i]);
        n_failed += b->results[i].status != MOT_OK || b->page_errors[i];
    }
    return n_failed;
}

static int write_index(const batch *b, mot_outfile *index, char *why, size_t why_size)
{
    mot_report_entry *entries = calloc(b->o->n_files, sizeof *entries);

    if (!entries) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < b->o->n_files; i++) {
        entries[i].result = &b->results[i];
        entries[i].page_href = b->pages[i][0] ? b->pages[i] : NULL;
    }
    mot_report_index_write(index->stream, b->model, entries, b->o->n_files);
    free(entries);
    return mot_outfile_commit(index, why, why_size);
}

static int report_folder(const report_opts *o, const mot_model *model, const char *prog)
{
    batch b = {.o = o, .model = model};
    mot_outfile index = {0};
    char index_path[4096 + 16], why[8192] = "";
    int rc = MOT_EXIT_FAILURE;

    pthread_mutex_init(&b.lock, NULL);
    if (mkdir(o->out_path, 0777) != 0 && errno != EEXIST) {
        mot_cli_errno(why, sizeof why, "cannot make the folder", o->out_path);
        goto done;
    }
    snprintf(index_path, sizeof index_path, "%s/index.html", o->out_path);
    b.results = calloc(o->n_files, sizeof *b.results);
    b.pages = calloc(o->n_files, sizeof *b.pages);
    b.page_errors = calloc(o->n_files, sizeof *b.page_errors);
    if (!b.results || !b.pages || !b.page_errors) {
        snprintf(why, sizeof why, "out of memory");
        goto done;
    }
    /* Before any worker starts, so that all threads inherit its signal mask. */
    if (mot_outfile_open(&index, index_path, why, sizeof why) != 0 ||
        run_workers(&b, why, sizeof why) != 0 || write_index(&b, &index, why, sizeof why) != 0)
        goto done;
    rc = report_failures(&b, prog) ? MOT_EXIT_FAILURE : MOT_EXIT_OK;
done:
    if (why[0])
        mot_cli_message(stderr, prog, "%s", why);
    mot_outfile_discard(&index);
    for (size_t i = 0; b.page_errors && i < o->n_files; i++)
        free(b.page_errors[i]);
    free(b.page_errors);
    free(b.pages);
    free(b.results);
    pthread_mutex_destroy(&b.lock);
    return rc;
}

static int report_page(const report_opts *o, const mot_model *model, const char *prog)
{
    mot_reporter *rep = NULL;
    mot_file_result result;
    mot_outfile out = {0};
    char why[8192] = "";
    mot_status st;
    int rc = MOT_EXIT_FAILURE;

    st = mot_reporter_new(&o->cfg, model, o->channel, &rep);
    if (st != MOT_OK) {
        snprintf(why, sizeof why, "%s", mot_strerror(st));
        goto done;
    }
    if (mot_reporter_run(rep, o->files[0], &result) != MOT_OK) {
        snprintf(why, sizeof why, "%s", result.error);
        goto done;
    }
    if (mot_outfile_open(&out, o->out_path, why, sizeof why) != 0)
        goto done;
    if (mot_reporter_write_page(rep, &result, out.stream, NULL) != MOT_OK) {
        snprintf(why, sizeof why, "%s: %s", o->files[0], mot_strerror(MOT_ERR_INVALID_ARG));
        goto done;
    }
    if (mot_outfile_commit(&out, why, sizeof why) != 0)
        goto done;
    rc = MOT_EXIT_OK;
done:
    if (why[0])
        mot_cli_message(stderr, prog, "%s", why);
    mot_outfile_discard(&out);
    mot_reporter_free(rep);
    return rc;
}

/* Refuse, before anything is written, an OUT page, index or folder page
 * that is one of the inputs or the model: it would be overwritten. Returns
 * an exit code, or MOT_CLI_GO_ON. */
static int check_outputs(const report_opts *o, int folder, const char *prog)
{
    mot_cli_inputs in = {0};
    char path[4096 + PAGE_NAME_MAX], page[PAGE_NAME_MAX];
    long at = -1;

    if (mot_cli_inputs_add(&in, (const char *const *)o->files, o->n_files) != 0 ||
        mot_cli_inputs_add(&in, &o->model_path, 1) != 0) {
        mot_cli_inputs_free(&in);
        mot_cli_message(stderr, prog, "out of memory");
        return MOT_EXIT_FAILURE;
    }
    if (!folder) {
        snprintf(path, sizeof path, "%s", o->out_path);
        at = mot_cli_inputs_find(&in, path);
    } else {
        const size_t len = strlen(o->out_path);
        const char *sep = len && o->out_path[len - 1] == '/' ? "" : "/";
        snprintf(path, sizeof path, "%s%sindex.html", o->out_path, sep);
        at = mot_cli_inputs_find(&in, path);
        for (size_t i = 0; at < 0 && i < o->n_files; i++) {
            page_name(page, i, o->n_files, o->files[i]);
            snprintf(path, sizeof path, "%s%s%s", o->out_path, sep, page);
            at = mot_cli_inputs_find(&in, path);
        }
    }
    mot_cli_inputs_free(&in);
    if (at < 0)
        return MOT_CLI_GO_ON;
    mot_cli_message(stderr, prog, "-o %s: %s is also an input (%s): it would be overwritten",
                    o->out_path, path,
                    (size_t)at < o->n_files ? o->files[at] : o->model_path);
    return MOT_EXIT_USAGE;
}

int mot_cmd_report(int argc, char **argv)
{
    const char *prog = argv[0];
    report_opts o = {.channel = 0, .jobs = mot_cli_default_jobs()};
    mot_model *model = NULL;
    int rc;

    mot_config_default(&o.cfg);
    rc = parse(argc, argv, &o);
    if (rc != MOT_CLI_GO_ON)
        return rc;
    const int folder = o.n_files > 1 || is_folder(o.out_path);
    if ((rc = check_outputs(&o, folder, prog)) != MOT_CLI_GO_ON)
        return rc;
    if (mot_cli_load_model(prog, o.model_path, &model) != 0)
        return MOT_EXIT_FAILURE;
    if (folder)
        rc = report_folder(&o, model, prog);
    else
        rc = report_page(&o, model, prog);
    mot_model_free(model);
    return rc;
}
