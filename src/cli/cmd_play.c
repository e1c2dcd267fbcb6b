/* mot play: hear a call while the terminal shows what mot makes of it.
 *
 * The file is analysed first: the analyzer (io/analyze.c) hands over every
 * 10 ms frame and the verdict `mot analyze` gives, and a second engine fed
 * one hop at a time keeps the running summary each time the window grows,
 * as a live listener would have it. Then PortAudio plays the audio
 * (io/playback.c) and the monitor shows the frame, the summary and the
 * verdicts at the position the device is playing, from the device's own
 * clock. Keys come from the terminal in raw mode; stop signals are blocked
 * and polled, so the terminal is always given back. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/monitor.h"
#include "io/analyze.h"
#include "io/grow.h"
#include "io/playback.h"
#include "io/source.h"
#include "mot/mot.h"

#define KEY_WAIT_NS 20000000L /* a key is answered within this */
#define REDRAW_S 0.1
#define SEEK_S 2.0
#define LEVEL_S 0.1           /* the meter shows the level of the last 0.1 s */
#define TRACE_S 5.0           /* the pitch trace shows the last 5 s */
#define TRACE_ROWS 5
#define TRACE_ROW_ST 3.0      /* semitones a row of the trace spans */
#define LOOKBACK_S 60.0       /* how far back "last voiced" and silence are sought */

static const char usage_fmt[] =
    "usage: mot play [OPTIONS] FILE\n"
    "\n"
    "Play a call while the terminal shows, in step with what you hear, the\n"
    "time, the level, the pitch and a trace of it over the last %g s (in\n"
    "semitones from the call's median), the running measures of the window,\n"
    "and the verdict as it forms: the provisional one %g s into the window\n"
    "that starts at the first speech, the final one at its end. The verdict\n"
    "and the measures are those of 'mot analyze' with the same options.\n"
    "\n"
    "Keys: space pauses and resumes, left and right arrows go %g s back and\n"
    "on, q quits. When standard output is not a terminal, the call plays\n"
    "without the monitor and its verdict is printed at the end.\n"
    "\n"
    "  -d, --device N|NAME     output device: number or name from\n"
    "                          'mot devices --output' (a unique part of the\n"
    "                          name will do; default: the default output)\n"
    "  -c, --channel N|mix     channel to analyse and play, from 0, or the mean\n"
    "                          of all (default 0)\n"
    "  -m, --model PATH        verdict model (default: the one built in)\n"
    "  -w, --window S          analysis window from the speech onset, s (default %g)\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 played to the end or stopped (q, Ctrl-C); 1 the file could\n"
    "not be analysed or the device failed; 2 bad usage or no such device.\n";

typedef struct play_opts {
    mot_config cfg;
    const char *device; /* NULL: the default output */
    int channel;
    const char *model_path;
    const char *file;
} play_opts;

/* The call, analysed before a sample is played. */
typedef struct call {
    float *samples; /* the channel analysed, at rate_hz */
    size_t n_samples, cap_samples;
    double rate_hz;
    mot_frame *frames; /* every frame of the file; frames[k] is centred at (k + 0.5) * hop */
    size_t n_frames, cap_frames;
    int nomem;
    mot_summary none;   /* the summary before the window starts */
    mot_summary *steps; /* the running summary each time the window grew */
    size_t n_steps, cap_steps;
    const mot_summary *provisional; /* the first of steps to be provisional, or NULL */
    mot_file_result result;         /* what mot analyze says */
    double final_at_s;              /* where the final verdict is formed */
} call;

typedef struct play {
    const play_opts *o;
    const char *prog;
    const mot_model *model;
    call c;
    mot_device dev;
    mot_playback *pb;
    int tty;
    mot_term term;
    int block_lines;
    mot_meter level;
} play;

static void usage(FILE *f)
{
    mot_config d;

    mot_config_default(&d);
    fprintf(f, usage_fmt, TRACE_S, d.provisional_s, SEEK_S, d.window_s);
}

static int parse(int argc, char **argv, play_opts *o)
{
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_STRING("device", 'd', &o->device),
        MOT_CLI_OPT_CHANNEL("channel", 'c', &o->channel),
        MOT_CLI_OPT_STRING("model", 'm', &o->model_path),
        MOT_CLI_OPT_WINDOW(&o->cfg),
    };
    const char *prog = argv[0];
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);

    if (rc != MOT_CLI_GO_ON)
        return rc;
    if (argc - optind != 1) {
        mot_cli_message(stderr, prog, "%s", optind == argc ? "no FILE given" : "plays one FILE");
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    o->file = argv[optind];
    return mot_cli_check_window(prog, &o->cfg) ? MOT_EXIT_USAGE : MOT_CLI_GO_ON;
}

/* ---- the analysis ----------------------------------------------------------- */

static int keep_frames(void *ctx, const mot_frame *frames, size_t n)
{
    call *c = ctx;

    if (mot_grow((void **)&c->frames, &c->cap_frames, c->n_frames + n, sizeof *frames) != 0) {
        c->nomem = 1;
        return 1;
    }
    memcpy(c->frames + c->n_frames, frames, n * sizeof *frames);
    c->n_frames += n;
    return 0;
}

/* The channel analysed, whole, for the device. */
static mot_status load_samples(call *c, const char *path, int channel, char *why, size_t size)
{
    mot_source *src = NULL;
    mot_source_info info;
    size_t n_read;
    mot_status st = mot_source_open(path, channel, &src, why, size);

    if (st != MOT_OK)
        return st;
    mot_source_info_get(src, &info);
    c->rate_hz = info.sample_rate_hz;
    do {
        const size_t need = c->n_samples + MOT_SOURCE_BLOCK_FRAMES;
        if (mot_grow((void **)&c->samples, &c->cap_samples, need, sizeof *c->samples) != 0) {
            st = MOT_ERR_NOMEM;
            break;
        }
        st = mot_source_read(src, c->samples + c->n_samples, &n_read, why, size);
        c->n_samples += n_read;
    } while (st == MOT_OK && n_read > 0);
    mot_source_free(src);
    return st;
}

/* Feed the audio one hop at a time and keep the summary each time the
 * window grows, until it is complete (or the audio ends). */
static mot_status run_steps(call *c, const mot_config *cfg0, const mot_model *model)
{
    mot_config cfg = *cfg0;
    const size_t hop = (size_t)ceil(c->rate_hz * MOT_HOP_S);
    mot_engine *e = NULL;
    mot_summary s;
    mot_status st;
    size_t at = 0, n_out = 0;

    cfg.input_rate_hz = c->rate_hz;
    st = mot_engine_new(&cfg, model, &e, NULL, 0);
    if (st != MOT_OK)
        return st;
    mot_engine_summary(e, &c->none);
    while (st == MOT_OK) {
        size_t n_in = c->n_samples - at < hop ? c->n_samples - at : hop;
        const int last = n_in == 0 || mot_engine_window_complete(e);
        if (last)
            st = mot_engine_finish(e, NULL, &n_out);
        else
            st = mot_engine_process(e, c->samples + at, &n_in, NULL, &n_out);
        at += n_in;
        mot_engine_summary(e, &s);
        if (st == MOT_OK && isfinite(s.window_end_s) &&
            (c->n_steps == 0 || s.window_end_s > c->steps[c->n_steps - 1].window_end_s ||
             s.state != c->steps[c->n_steps - 1].state)) {
            if (mot_grow((void **)&c->steps, &c->cap_steps, c->n_steps + 1, sizeof s) != 0)
                st = MOT_ERR_NOMEM;
            else
                c->steps[c->n_steps++] = s;
        }
        if (last)
            break;
    }
    for (size_t i = 0; i < c->n_steps && !c->provisional; i++)
        if (c->steps[i].state != MOT_STATE_LISTENING)
            c->provisional = &c->steps[i];
    mot_engine_free(e);
    return st;
}

/* Analyse the file into pl->c. Returns 0, or -1 after saying why. */
static int analyse(play *pl)
{
    const play_opts *o = pl->o;
    call *c = &pl->c;
    mot_analyzer *a = NULL;
    char why[1024] = "";
    mot_status st = mot_analyzer_new(&o->cfg, pl->model, o->channel, &a);

    if (st == MOT_OK)
        st = mot_analyzer_run(a, o->file, keep_frames, c, &c->result);
    if (st == MOT_OK && c->nomem)
        st = MOT_ERR_NOMEM;
    mot_analyzer_free(a);
    if (st == MOT_OK)
        st = load_samples(c, o->file, o->channel, why, sizeof why);
    if (st == MOT_OK)
        st = run_steps(c, &o->cfg, pl->model);
    if (st == MOT_OK && c->n_frames == 0)
        st = MOT_ERR_EMPTY;
    if (st != MOT_OK) {
        mot_cli_message(stderr, pl->prog, "%s",
                        c->result.status != MOT_OK ? c->result.error
                        : why[0]                   ? why
                                                   : mot_strerror(st));
        return -1;
    }
    c->final_at_s = isfinite(c->result.summary.window_end_s) ? c->result.summary.window_end_s
                                                             : (double)c->n_samples / c->rate_hz;
    return 0;
}

/* ---- the monitor ------------------------------------------------------------ */

/* The running summary at `t_s`: the last step formed by then. */
static const mot_summary *summary_at(const call *c, double t_s)
{
    size_t lo = 0, hi = c->n_steps;

    if (t_s >= c->final_at_s)
        return &c->result.summary;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (c->steps[mid].window_end_s <= t_s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 ? &c->steps[lo - 1] : &c->none;
}

static size_t frame_at(const call *c, double t_s)
{
    const double k = floor(t_s / MOT_HOP_S);
    return k <= 0 ? 0 : k >= (double)c->n_frames ? c->n_frames - 1 : (size_t)k;
}

static void put_pitch(mot_screen *s, const call *c, size_t k)
{
    const size_t lookback = (size_t)(LOOKBACK_S / MOT_HOP_S);
    const size_t stop = k > lookback ? k - lookback : 0;
    const mot_frame *voiced = &(mot_frame){0};
    size_t silent = 0, i = k + 1;

    while (i-- > stop && !c->frames[i].speech)
        silent++;
    for (i = k + 1; i-- > stop;)
        if (c->frames[i].f0_hz > 0) {
            voiced = &c->frames[i];
            break;
        }
    mot_screen_pitch(s, &c->frames[k], voiced, (double)silent * MOT_HOP_S);
}

/* The pitch of the last TRACE_S seconds in semitones from the call's
 * median: TRACE_ROWS rows of TRACE_ROW_ST each, a character marking the
 * third of its row a frame falls in (' top, - middle, . bottom; : more
 * than one), so that a voice on one note draws a straight line. */
static void put_trace(mot_screen *s, const call *c, double t_s)
{
    static const char marks[8] = {' ', '.', '-', ':', '\'', ':', ':', ':'};
    const double ref_hz = c->result.summary.f0_median_hz;
    const double third_st = TRACE_ROW_ST / 3, top_st = TRACE_ROW_ST * TRACE_ROWS / 2;
    int cols = s->width - 18;
    unsigned char cells[TRACE_ROWS][512] = {{0}};
    char label[16];

    if (!isfinite(ref_hz)) {
        mot_screen_put(s, "trace    no voiced speech in the window to trace");
        return;
    }
    cols = cols < 10 ? 10 : cols > 512 ? 512 : cols;
    for (size_t k = frame_at(c, t_s - TRACE_S); k < c->n_frames; k++) {
        const mot_frame *f = &c->frames[k];
        const int col = (int)((f->time_s - (t_s - TRACE_S)) / TRACE_S * cols);
        int level; /* in thirds of a row, up from the bottom of the trace */
        if (f->time_s > t_s)
            break;
        if (f->f0_hz <= 0 || col < 0 || col >= cols)
            continue;
        level = (int)floor((12 * log2(f->f0_hz / ref_hz) + top_st) / third_st);
        level = level < 0 ? 0 : level > 3 * TRACE_ROWS - 1 ? 3 * TRACE_ROWS - 1 : level;
        cells[TRACE_ROWS - 1 - level / 3][col] |= (unsigned char)(1u << (level % 3));
    }
    for (int r = 0; r < TRACE_ROWS; r++) {
        const double mid_st = top_st - TRACE_ROW_ST * (r + 0.5);
        char line[513];
        for (int i = 0; i < cols; i++)
            line[i] = marks[cells[r][i]];
        line[cols] = '\0';
        snprintf(label, sizeof label, fabs(mid_st) < 0.5 ? "%.0f" : "%+.0f", mid_st);
        mot_screen_put(s, "%-9s%3s st |%s|", r == 0 ? "trace" : "", label, line);
    }
    snprintf(label, sizeof label, "-%g s", TRACE_S);
    mot_screen_put(s, "%17s%-*s%s", "", cols - 2, label, "now");
}

static void put_state(mot_screen *s, const play *pl, const mot_summary *sum, double t_s)
{
    static const char *const names[] = {"listening", "provisional", "final"};
    const mot_summary *r = &pl->c.result.summary;
    char a[32], b[32];

    if (!isfinite(r->window_start_s))
        mot_screen_put(s, "state    no speech onset in this call");
    else if (t_s < r->window_start_s)
        mot_screen_put(s, "state    listening: the window starts at %s",
                       mot_text_clock(a, sizeof a, r->window_start_s));
    else if (t_s >= pl->c.final_at_s)
        mot_screen_put(s, "state    final: the window ran from %s to %s",
                       mot_text_clock(a, sizeof a, r->window_start_s),
                       mot_text_clock(b, sizeof b, r->window_end_s));
    else
        mot_screen_put(s, "state    %s: %.1f of %g s of the window, from %s", names[sum->state],
                       isfinite(sum->window_end_s) ? sum->window_end_s - sum->window_start_s : 0.0,
                       pl->o->cfg.window_s, mot_text_clock(a, sizeof a, r->window_start_s));
}

/* The verdicts formed by `t_s`, the latest with its reasons in words. */
static void put_verdicts(mot_screen *s, const play *pl, double t_s)
{
    const call *c = &pl->c;
    const mot_summary *latest = NULL, *p = c->provisional;

    /* A window no longer than provisional_s has only its final verdict. */
    if (p && t_s >= p->window_end_s && p->window_end_s < c->final_at_s) {
        latest = p;
        mot_screen_verdict(s, "provisional", latest->window_end_s, latest);
    }
    if (t_s >= c->final_at_s) {
        latest = &c->result.summary;
        mot_screen_verdict(s, "final", c->final_at_s, latest);
    }
    if (latest)
        mot_screen_reasons(s, pl->model, latest->reasons);
    else
        mot_screen_put(s, "verdict  none yet: the first comes %g s into the window",
                       pl->o->cfg.provisional_s);
}

static void draw(play *pl)
{
    mot_screen *s = &(mot_screen){0};
    const call *c = &pl->c;
    const double t_s = mot_playback_position_s(pl->pb);
    const size_t at = (size_t)(t_s * c->rate_hz), back = (size_t)(LEVEL_S * c->rate_hz);
    const size_t from = at > back ? at - back : 0, to = at < c->n_samples ? at : c->n_samples;
    const mot_summary *sum = summary_at(c, t_s);
    char a[32], b[32], ch[16] = "mix";

    if (pl->o->channel != MOT_CHANNEL_MIX)
        snprintf(ch, sizeof ch, "%d", pl->o->channel);
    mot_screen_begin(s, pl->block_lines, NULL);
    mot_screen_put(s, "mot play %s / %s  %-7s  %s, %g Hz, channel %s -> %s (%s)",
                   mot_text_clock(a, sizeof a, t_s),
                   mot_text_clock(b, sizeof b, (double)c->n_samples / c->rate_hz),
                   mot_playback_lost(pl->pb) ? "stopped"
                   : !mot_playback_active(pl->pb) ? "ended"
                   : mot_playback_paused(pl->pb) ? "paused"
                                                 : "playing",
                   pl->o->file, c->rate_hz, ch,
                   pl->dev.name, pl->dev.host_api);
    if (from < to)
        mot_meter_add(&pl->level, c->samples + from, to - from);
    mot_screen_level(s, &pl->level);
    put_pitch(s, c, frame_at(c, t_s));
    put_trace(s, c, t_s);
    put_state(s, pl, sum, t_s);
    mot_screen_features(s, sum);
    put_verdicts(s, pl, t_s);
    mot_screen_put(s, "keys     space pause/resume   left/right %g s back/on   q quit", SEEK_S);
    pl->block_lines = mot_screen_show(s);
}

/* ---- the run ------------------------------------------------------------------ */

/* Ctrl-Z: give the terminal back while stopped, take it again after. */
static void suspend(play *pl)
{
    const int paused = mot_playback_paused(pl->pb);

    mot_playback_pause(pl->pb, 1);
    mot_term_restore(&pl->term);
    mot_screen_cursor(1);
    mot_signal_suspend();
    mot_term_raw(&pl->term);
    mot_screen_cursor(0);
    pl->block_lines = 0;
    mot_playback_pause(pl->pb, paused);
}

static void play_loop(play *pl, const sigset_t *stop)
{
    mot_redraw redraw;

    mot_redraw_start(&redraw, REDRAW_S);
    while (mot_playback_active(pl->pb)) {
        const int sig = mot_signal_take(stop, 0);
        const int key = mot_term_key(&pl->term, KEY_WAIT_NS);
        const double t_s = mot_playback_position_s(pl->pb);

        if (sig == SIGTSTP && pl->tty)
            suspend(pl);
        else if (sig || key == 'q' || key == 'Q')
            return;
        if (key == ' ')
            mot_playback_pause(pl->pb, !mot_playback_paused(pl->pb));
        else if (key == MOT_KEY_LEFT || key == MOT_KEY_RIGHT)
            mot_playback_seek(pl->pb, t_s + (key == MOT_KEY_RIGHT ? SEEK_S : -SEEK_S));
        /* A key is answered on the screen at once. */
        if (pl->tty && (mot_redraw_due(&redraw) || key != MOT_KEY_NONE))
            draw(pl);
    }
}

/* Open the output device and the stream into *pl. Returns MOT_CLI_GO_ON
 * or the exit code. */
static int open_output(play *pl)
{
    char why[1024];

    if (mot_device_find(pl->o->device, MOT_DEVICE_OUTPUT, &pl->dev, why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, pl->prog, "%s", why);
        return pl->o->device ? MOT_EXIT_USAGE : MOT_EXIT_FAILURE;
    }
    if (mot_playback_open(&pl->dev, pl->c.samples, pl->c.n_samples, pl->c.rate_hz, &pl->pb, why,
                          sizeof why) != MOT_OK ||
        mot_playback_start(pl->pb, why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, pl->prog, "%s", why);
        return MOT_EXIT_FAILURE;
    }
    return MOT_CLI_GO_ON;
}

int mot_cmd_play(int argc, char **argv)
{
    play_opts o = {.channel = 0};
    play pl = {.o = &o, .prog = argv[0]};
    mot_model *model = NULL;
    sigset_t stop, old_mask;
    char why[512], v[256];
    int rc, pa_up = 0;

    mot_config_default(&o.cfg);
    rc = parse(argc, argv, &o);
    if (rc != MOT_CLI_GO_ON)
        return rc;
    pl.tty = isatty(STDOUT_FILENO);
    /* Blocked before PortAudio starts its threads, so that they inherit
     * the mask and every stop signal waits for this thread. */
    signal(SIGPIPE, SIG_IGN); /* a closed stdout is an error (exit 1), not a kill */
    mot_signal_block(&stop, pl.tty, &old_mask);
    rc = MOT_EXIT_FAILURE;
    if (mot_cli_load_model(pl.prog, o.model_path, &model) != 0)
        goto done;
    pl.model = model;
    if (analyse(&pl) != 0)
        goto done;
    if (mot_audio_init(why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, pl.prog, "%s", why);
        goto done;
    }
    pa_up = 1;
    rc = open_output(&pl);
    if (rc != MOT_CLI_GO_ON)
        goto done;
    if (pl.tty) {
        mot_term_raw(&pl.term);
        mot_screen_cursor(0);
    }
    play_loop(&pl, &stop);
    if (pl.tty) {
        draw(&pl);
        mot_term_restore(&pl.term);
        mot_screen_cursor(1);
    } else {
        printf("%s: %s\n", o.file, mot_text_verdict(v, sizeof v, &pl.c.result.summary));
    }
    rc = fflush(stdout) == 0 && !ferror(stdout) ? MOT_EXIT_OK : MOT_EXIT_FAILURE;
    if (mot_playback_lost(pl.pb)) {
        mot_cli_message(stderr, pl.prog, "the output device stopped playing %s into the call",
                        mot_text_clock(v, sizeof v, mot_playback_position_s(pl.pb)));
        rc = MOT_EXIT_FAILURE;
    }
done:
    mot_playback_free(pl.pb);
    if (pa_up)
        mot_audio_terminate();
    mot_model_free(model);
    free(pl.c.samples);
    free(pl.c.frames);
    free(pl.c.steps);
    mot_signal_restore(&stop, &old_mask);
    return rc;
}
