/* mot practice: record takes of an opening, judge each, keep it and report it.
 *
 * A take is recorded as `mot live` listens (io/capture.c: the PortAudio
 * callback only fills a lock-free ring; this thread drains it into the
 * take and an engine) until the engine has the whole window, Enter, or
 * --duration. The take is then saved as the next free takeN.wav (32-bit
 * float, the samples exactly as the engine heard them) and its verdict and
 * report come from that file (io/report.c), so they are what `mot analyze`
 * and `mot report` say of it. Stop signals are blocked and polled, so the
 * terminal is always given back. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sndfile.h>

#include "cli/cli.h"
#include "cli/monitor.h"
#include "cli/outfile.h"
#include "io/capture.h"
#include "io/grow.h"
#include "io/report.h"
#include "mot/mot.h"

#define BUFFER_S 10.0          /* audio the ring holds... */
#define MAX_BUFFER_S 120.0     /* ...or, with --duration, all of it up to this */
#define BLOCK_SAMPLES 4096     /* taken from the ring at a time */
#define IDLE_WAIT_NS 10000000L /* poll interval while the ring is empty */
#define REDRAW_S 0.2
#define FRAMES_PER_CALL 64
#define MAX_TAKES 100000       /* take numbers stop here */

static const char usage_fmt[] =
    "usage: mot practice [OPTIONS]\n"
    "\n"
    "Practise a call opening. Say it into the microphone: the terminal shows\n"
    "the level, your pitch and how far the analysis window has got. Once the\n"
    "window (%g s from your first word) is complete, or when you press Enter,\n"
    "the take ends and mot shows the verdict with the reasons in words, keeps\n"
    "the take as takeN.wav (N: the next number not yet used in the folder) and\n"
    "writes its report, as 'mot report' would. Then it asks whether to record\n"
    "another take. To compare takes side by side:\n"
    "  mot report -o takes/ take1.wav take2.wav\n"
    "\n"
    "  -d, --device N|NAME     input device: number or name from 'mot devices'\n"
    "                          (a unique part of the name will do; default: the\n"
    "                          default input)\n"
    "  -r, --rate HZ           sample rate to record at, 8000..192000 (default:\n"
    "                          the device's own)\n"
    "  -o, --output REPORT     the report of each take (default: takeN.html next\n"
    "                          to takeN.wav); each take's report replaces the last\n"
    "  -k, --takes DIR         folder for the takes, made if missing (default: the\n"
    "                          current folder)\n"
    "  -m, --model PATH        verdict model (default: the one built in)\n"
    "  -w, --window S          analysis window from the speech onset, s (default %g)\n"
    "  -t, --duration S        end a take after S seconds of audio, as Enter would\n"
    "  -h, --help              show this help\n"
    "\n"
    "Enter is read from a terminal only; otherwise a take ends with the window\n"
    "or --duration, and the answer to \"another take?\" is read as a line (none:\n"
    "no). Ctrl-C quits at once; the take in progress is not kept.\n"
    "\n"
    "Exit status: 0 done; 1 the device failed, or a take or report could not be\n"
    "written; 2 bad usage or no such device.\n";

typedef struct practice_opts {
    mot_config cfg;
    const char *device;      /* NULL: the default input */
    long rate_hz;            /* 0: the device's default */
    const char *report_path; /* NULL: takeN.html next to the take */
    const char *takes_dir;
    const char *model_path;
    double duration_s;       /* 0: no limit */
} practice_opts;

/* How a take ended. */
typedef enum take_end { END_WINDOW, END_ENTER, END_DURATION, END_QUIT, END_FAILED } take_end;

typedef struct practice {
    const practice_opts *o;
    const char *prog;
    const mot_model *model;
    mot_device dev;
    mot_capture *capture;
    double rate_hz;
    mot_engine *engine;
    mot_reporter *reporter;
    float *take; /* the samples of the take so far */
    size_t n_take, cap_take;
    long number; /* the take's file number, as it stands */
    char **saved; /* the takes kept in this session */
    size_t n_saved;
    /* The monitor. */
    int tty;
    mot_term term;
    int block_lines;
    mot_meter level;
    mot_frame frames[FRAMES_PER_CALL];
    mot_frame frame, voiced; /* the latest frame, and voiced frame */
    long silent_frames;      /* non-speech frames up to `frame` */
} practice;

static void usage(FILE *f)
{
    mot_config d;

    mot_config_default(&d);
    fprintf(f, usage_fmt, d.window_s, d.window_s);
}

static int parse(int argc, char **argv, practice_opts *o)
{
    const char *prog = argv[0];
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_STRING("device", 'd', &o->device),
        MOT_CLI_OPT_RATE(&o->rate_hz),
        MOT_CLI_OPT_STRING("output", 'o', &o->report_path),
        MOT_CLI_OPT_STRING("takes", 'k', &o->takes_dir),
        MOT_CLI_OPT_STRING("model", 'm', &o->model_path),
        MOT_CLI_OPT_WINDOW(&o->cfg),
        MOT_CLI_OPT_DOUBLE("duration", 't', &o->duration_s, MOT_CLI_ABOVE_0, HUGE_VAL,
                           "seconds above 0"),
    };
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);

    if (rc != MOT_CLI_GO_ON)
        return rc;
    if (optind < argc) {
        mot_cli_message(stderr, prog, "takes no FILE (to judge a recording, 'mot analyze' or "
                        "'mot report'), not '%s'", argv[optind]);
        return MOT_EXIT_USAGE;
    }
    return mot_cli_check_window(prog, &o->cfg) ? MOT_EXIT_USAGE : MOT_CLI_GO_ON;
}

/* ---- takes on disk ---------------------------------------------------------- */

static long take_number(const char *name)
{
    char tail[8];
    long n;

    return sscanf(name, "take%ld%7s", &n, tail) == 2 && strcmp(tail, ".wav") == 0 && n > 0 ? n : 0;
}

/* `name` in the takes folder: "take1.wav" in the current one, else
 * "DIR/take1.wav". */
static void in_folder(char *out, size_t size, const char *dir, const char *name)
{
    const size_t len = strlen(dir);

    if (strcmp(dir, ".") == 0 || len == 0)
        snprintf(out, size, "%s", name);
    else
        snprintf(out, size, "%s%s%s", dir, dir[len - 1] == '/' ? "" : "/", name);
}

/* One more than the highest takeN.wav in the folder. */
static long next_number(const char *dir)
{
    DIR *d = opendir(dir);
    const struct dirent *e;
    long top = 0;

    while (d && (e = readdir(d)))
        if (take_number(e->d_name) > top)
            top = take_number(e->d_name);
    if (d)
        closedir(d);
    return top + 1;
}

/* Save the take as the next free takeN.wav: never over an existing file,
 * even one made meanwhile. Returns 0 with the path in `path`, or -1 with
 * the reason in `why`. */
static int save_take(practice *pr, char *path, size_t size, char *why, size_t why_size)
{
    SF_INFO info = {.samplerate = (int)lround(pr->rate_hz), .channels = 1,
                    .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT};
    SNDFILE *sf;
    int fd = -1;

    for (pr->number = next_number(pr->o->takes_dir); fd < 0 && pr->number < MAX_TAKES;) {
        char name[32];
        snprintf(name, sizeof name, "take%ld.wav", pr->number);
        in_folder(path, size, pr->o->takes_dir, name);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) {
            mot_cli_errno(why, why_size, "cannot create", path);
            return -1;
        }
        pr->number += fd < 0;
    }
    if (fd < 0) {
        snprintf(why, why_size, "%s holds take numbers up to %d: no number is left",
                 pr->o->takes_dir, MAX_TAKES - 1);
        return -1;
    }
    sf = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
    if (!sf || sf_writef_float(sf, pr->take, (sf_count_t)pr->n_take) != (sf_count_t)pr->n_take) {
        snprintf(why, why_size, "cannot write %s: %s", path, sf_strerror(sf));
        if (sf)
            sf_close(sf); /* when the open failed, libsndfile has closed fd */
        unlink(path);
        return -1;
    }
    if (sf_close(sf) != 0) {
        snprintf(why, why_size, "cannot write %s", path);
        unlink(path);
        return -1;
    }
    return 0;
}

/* The report of the take at `wav` into *result and the report file. */
static int write_report(practice *pr, const char *wav, mot_file_result *result, char *path,
                        size_t size, char *why, size_t why_size)
{
    mot_outfile out = {0};

    if (pr->o->report_path)
        snprintf(path, size, "%s", pr->o->report_path);
    else
        snprintf(path, size, "%.*s.html", (int)(strlen(wav) - 4), wav);
    if (mot_reporter_run(pr->reporter, wav, result) != MOT_OK) {
        snprintf(why, why_size, "%s", result->error);
        return -1;
    }
    if (mot_outfile_open(&out, path, why, why_size) != 0)
        return -1;
    if (mot_reporter_write_page(pr->reporter, result, out.stream, NULL) != MOT_OK) {
        mot_outfile_discard(&out);
        snprintf(why, why_size, "%s: %s", wav, mot_strerror(MOT_ERR_INVALID_ARG));
        return -1;
    }
    return mot_outfile_commit(&out, why, why_size);
}

/* ---- recording -------------------------------------------------------------- */

static void draw(practice *pr, const char *over)
{
    static const char *const names[] = {"listening", "provisional", "final"};
    mot_screen *s = &(mot_screen){0};
    mot_summary sum;
    const char *enter = pr->term.raw ? "; Enter ends the take" : "";
    char a[32], b[32];

    if (!pr->tty)
        return;
    mot_engine_summary(pr->engine, &sum);
    mot_screen_begin(s, pr->block_lines, NULL);
    mot_screen_put(s, "mot practice  take %ld  %s   %s (%s), %g Hz", pr->number,
                   mot_text_clock(a, sizeof a, (double)pr->n_take / pr->rate_hz), pr->dev.name,
                   pr->dev.host_api, pr->rate_hz);
    mot_screen_level(s, &pr->level);
    mot_screen_pitch(s, &pr->frame, &pr->voiced, (double)pr->silent_frames * MOT_HOP_S);
    if (over)
        mot_screen_put(s, "state    take over: %s", over);
    else if (!isfinite(sum.window_start_s))
        mot_screen_put(s, "state    listening: say your opening%s", enter);
    else
        mot_screen_put(s, "state    %s: %.1f of %g s of the window, from %s%s", names[sum.state],
                       isfinite(sum.window_end_s) ? sum.window_end_s - sum.window_start_s : 0.0,
                       pr->o->cfg.window_s, mot_text_clock(b, sizeof b, sum.window_start_s),
                       enter);
    mot_screen_features(s, &sum);
    pr->block_lines = mot_screen_show(s);
}

/* Keep the samples and run them through the engine. */
static int take_in(practice *pr, const float *x, size_t n)
{
    if (mot_grow((void **)&pr->take, &pr->cap_take, pr->n_take + n, sizeof *x) != 0)
        return -1;
    memcpy(pr->take + pr->n_take, x, n * sizeof *x);
    pr->n_take += n;
    mot_meter_add(&pr->level, x, n);
    while (n > 0) {
        size_t n_in = n, n_out = FRAMES_PER_CALL;
        if (mot_engine_process(pr->engine, x, &n_in, pr->frames, &n_out) != MOT_OK)
            return -1;
        for (size_t i = 0; i < n_out; i++) {
            pr->frame = pr->frames[i];
            if (pr->frame.f0_hz > 0)
                pr->voiced = pr->frame;
            pr->silent_frames = pr->frame.speech ? 0 : pr->silent_frames + 1;
        }
        x += n_in;
        n -= n_in;
    }
    return 0;
}

static take_end record(practice *pr, const sigset_t *stop)
{
    float block[BLOCK_SAMPLES];
    mot_redraw redraw;

    mot_redraw_start(&redraw, REDRAW_S);
    for (;;) {
        /* As in mot live: a stream seen stopped before the read has
         * written its last samples. */
        const int running = mot_capture_running(pr->capture);
        const size_t n = mot_capture_read(pr->capture, block, BLOCK_SAMPLES);

        if (n > 0 && take_in(pr, block, n) != 0) {
            mot_cli_message(stderr, pr->prog, "out of memory recording the take");
            return END_FAILED;
        }
        if (mot_engine_state(pr->engine) == MOT_STATE_FINAL)
            return END_WINDOW;
        if (n == 0 && !running) {
            if (!mot_capture_lost(pr->capture))
                return END_DURATION;
            mot_cli_message(stderr, pr->prog, "the input device stopped delivering audio");
            return END_FAILED;
        }
        if (mot_signal_take(stop, 0))
            return END_QUIT;
        if (mot_term_key(&pr->term, n ? 0 : IDLE_WAIT_NS) == MOT_KEY_ENTER)
            return END_ENTER;
        if (mot_redraw_due(&redraw))
            draw(pr, NULL);
    }
}

/* ---- a take ----------------------------------------------------------------- */

/* Open and start the input for a take. Returns MOT_CLI_GO_ON or the exit code. */
static int start_input(practice *pr)
{
    const double buffer_s = pr->o->duration_s > BUFFER_S ? fmin(pr->o->duration_s, MAX_BUFFER_S)
                                                         : BUFFER_S;
    const mot_capture_params params = {.rate_hz = pr->o->rate_hz, .buffer_s = buffer_s,
                                       .max_s = pr->o->duration_s};
    mot_config cfg = pr->o->cfg;
    char why[1024] = "";
    mot_status st = mot_capture_open(&pr->dev, &params, &pr->capture, why, sizeof why);

    if (st == MOT_OK && !pr->engine) {
        pr->rate_hz = cfg.input_rate_hz = mot_capture_rate_hz(pr->capture);
        st = mot_engine_new(&cfg, pr->model, &pr->engine, why, sizeof why);
        if (st != MOT_OK)
            snprintf(why, sizeof why, "cannot analyse at %g Hz: %s", cfg.input_rate_hz,
                     mot_strerror(st));
    }
    if (st == MOT_OK)
        st = mot_capture_start(pr->capture, why, sizeof why);
    if (st == MOT_OK)
        return MOT_CLI_GO_ON;
    mot_cli_message(stderr, pr->prog, "%s", why);
    return st == MOT_ERR_SAMPLE_RATE ? MOT_EXIT_USAGE : MOT_EXIT_FAILURE;
}

/* The verdict of the saved take, its reasons and where it went. */
static void show_verdict(const practice *pr, const mot_file_result *r, const char *wav,
                         const char *report)
{
    mot_screen *s = &(mot_screen){0};
    char v[256];

    if (pr->tty)
        mot_screen_begin(s, 0, NULL);
    else
        mot_screen_begin_plain(s);
    mot_screen_put(s, "verdict  %s", mot_text_verdict(v, sizeof v, &r->summary));
    mot_screen_reasons(s, pr->model, r->summary.reasons);
    mot_screen_put(s, "saved    %s (%.1f s), report %s", wav, r->duration_s, report);
    mot_screen_show(s);
}

/* Keep the take that just ended and report it. Returns 0, or -1 after
 * saying why. */
static int keep_take(practice *pr)
{
    char wav[4096 + 32], report[4096 + 32], why[8192];
    mot_file_result result;
    mot_summary sum;
    char **saved;

    mot_engine_summary(pr->engine, &sum);
    if (!isfinite(sum.window_start_s)) {
        printf("no speech heard in this take: nothing kept\n");
        return 0;
    }
    if (save_take(pr, wav, sizeof wav, why, sizeof why) != 0 ||
        write_report(pr, wav, &result, report, sizeof report, why, sizeof why) != 0) {
        mot_cli_message(stderr, pr->prog, "%s", why);
        return -1;
    }
    show_verdict(pr, &result, wav, report);
    saved = realloc(pr->saved, (pr->n_saved + 1) * sizeof *saved);
    if (saved) {
        pr->saved = saved;
        pr->saved[pr->n_saved] = strdup(wav);
        pr->n_saved += pr->saved[pr->n_saved] != NULL;
    }
    return 0;
}

/* "another take? [y/N]": 1 for yes, 0 for no (or nothing more to read),
 * -1 when a stop signal came. */
static int another_take(const sigset_t *stop)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    char c, first = 0;

    fputs("another take? [y/N] ", stdout);
    fflush(stdout);
    for (;;) {
        if (mot_signal_take(stop, 0)) {
            putchar('\n'); /* the prompt's line ends here, not in the shell's prompt */
            return -1;
        }
        if (poll(&p, 1, 100) != 1)
            continue;
        if (read(STDIN_FILENO, &c, 1) != 1) {
            putchar('\n'); /* the answer's line never came */
            return 0;
        }
        if (c == '\n') {
            if (!isatty(STDIN_FILENO))
                putchar('\n'); /* where a terminal would have echoed it */
            return first == 'y' || first == 'Y';
        }
        if (!first && c != ' ')
            first = c;
    }
}

static const char *end_text(take_end end)
{
    switch (end) {
    case END_WINDOW:
        return "the window is complete";
    case END_ENTER:
        return "ended with Enter";
    case END_DURATION:
        return "--duration reached";
    default:
        return "stopped; this take is not kept";
    }
}

/* Record, judge and keep takes until the answer is no. Returns the exit code. */
static int session(practice *pr, const sigset_t *stop)
{
    for (;;) {
        int rc, more;
        take_end end;

        pr->number = next_number(pr->o->takes_dir);
        pr->n_take = 0;
        pr->frame = pr->voiced = (mot_frame){0};
        pr->silent_frames = 0;
        if (pr->engine)
            mot_engine_reset(pr->engine);
        rc = start_input(pr);
        if (rc != MOT_CLI_GO_ON)
            return rc;
        if (pr->tty) {
            /* Keys typed while the last take was being kept do not end this one. */
            if (mot_term_raw(&pr->term))
                tcflush(STDIN_FILENO, TCIFLUSH);
            mot_screen_cursor(0);
            pr->block_lines = 0;
        } else {
            printf("take %ld: recording from %s (%s) at %g Hz\n", pr->number, pr->dev.name,
                   pr->dev.host_api, pr->rate_hz);
            fflush(stdout);
        }
        end = record(pr, stop);
        mot_capture_free(pr->capture);
        pr->capture = NULL;
        draw(pr, end_text(end));
        mot_term_restore(&pr->term);
        if (pr->tty)
            mot_screen_cursor(1);
        if (end == END_FAILED)
            return MOT_EXIT_FAILURE;
        if (end == END_QUIT)
            return MOT_EXIT_OK;
        if (keep_take(pr) != 0)
            return MOT_EXIT_FAILURE;
        more = another_take(stop);
        if (more <= 0)
            return MOT_EXIT_OK;
    }
}

/* mkdir -p: `path` and the folders above it. Returns 0, or -1 with errno. */
static int make_folders(const char *path)
{
    char buf[4096];
    const size_t len = strlen(path);

    if (len >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, len + 1);
    for (char *p = buf + 1; p <= buf + len; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        const char keep = *p;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = keep;
    }
    /* EEXIST may be a file of that name: the takes would fail only once
     * recorded. */
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* Whether the folder a file `path` would go in exists (checked before a
 * take is recorded, not after). */
static int folder_of_exists(const char *path)
{
    char buf[4096];
    const char *slash = strrchr(path, '/');
    struct stat sb;

    if (!slash)
        return 1;
    if ((size_t)(slash - path) >= sizeof buf)
        return 0;
    memcpy(buf, path, (size_t)(slash - path));
    buf[slash - path] = '\0';
    return stat(slash == path ? "/" : buf, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Open the model, the folder, the reporter and find the device. Returns
 * MOT_CLI_GO_ON or the exit code. */
static int open_all(practice *pr, mot_model **model)
{
    const practice_opts *o = pr->o;
    char why[1024];

    if (mot_cli_load_model(pr->prog, o->model_path, model) != 0)
        return MOT_EXIT_FAILURE;
    pr->model = *model;
    if (make_folders(o->takes_dir) != 0) {
        mot_cli_errno(why, sizeof why, "cannot make the folder", o->takes_dir);
        mot_cli_message(stderr, pr->prog, "%s", why);
        return MOT_EXIT_FAILURE;
    }
    if (o->report_path && strcmp(o->report_path, "-") != 0 && !folder_of_exists(o->report_path)) {
        mot_cli_message(stderr, pr->prog, "-o %s: its folder does not exist", o->report_path);
        return MOT_EXIT_FAILURE;
    }
    if (mot_reporter_new(&o->cfg, pr->model, 0, &pr->reporter) != MOT_OK) {
        mot_cli_message(stderr, pr->prog, "%s", mot_strerror(MOT_ERR_NOMEM));
        return MOT_EXIT_FAILURE;
    }
    if (mot_device_find(o->device, MOT_DEVICE_INPUT, &pr->dev, why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, pr->prog, "%s", why);
        return o->device ? MOT_EXIT_USAGE : MOT_EXIT_FAILURE;
    }
    return MOT_CLI_GO_ON;
}

static void print_compare_hint(const practice *pr)
{
    char out[4096];

    if (pr->n_saved < 2)
        return;
    in_folder(out, sizeof out, pr->o->takes_dir, "compare/");
    printf("compare the takes: mot report -o %s", out);
    for (size_t i = 0; i < pr->n_saved; i++)
        printf(" %s", pr->saved[i]);
    putchar('\n');
}

int mot_cmd_practice(int argc, char **argv)
{
    practice_opts o = {.takes_dir = "."};
    practice pr = {.o = &o, .prog = argv[0]};
    mot_model *model = NULL;
    sigset_t stop, old_mask;
    char why[512];
    int rc, pa_up = 0;

    mot_config_default(&o.cfg);
    rc = parse(argc, argv, &o);
    if (rc != MOT_CLI_GO_ON)
        return rc;
    pr.tty = isatty(STDOUT_FILENO);
    /* Blocked before PortAudio starts its threads, so that they inherit
     * the mask and every stop signal waits for this thread. */
    signal(SIGPIPE, SIG_IGN); /* a closed stdout is an error (exit 1), not a kill */
    mot_signal_block(&stop, 0, &old_mask);
    rc = MOT_EXIT_FAILURE;
    if (mot_audio_init(why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, pr.prog, "%s", why);
        goto done;
    }
    pa_up = 1;
    rc = open_all(&pr, &model);
    if (rc == MOT_CLI_GO_ON)
        rc = session(&pr, &stop);
    print_compare_hint(&pr);
    rc = fflush(stdout) == 0 && !ferror(stdout) ? rc : MOT_EXIT_FAILURE;
done:
    mot_term_restore(&pr.term);
    mot_capture_free(pr.capture);
    mot_engine_free(pr.engine);
    mot_reporter_free(pr.reporter);
    if (pa_up)
        mot_audio_terminate();
    mot_model_free(model);
    free(pr.take);
    for (size_t i = 0; i < pr.n_saved; i++)
        free(pr.saved[i]);
    free(pr.saved);
    mot_signal_restore(&stop, &old_mask);
    return rc;
}
