/* mot live: judge call openings as they happen, from a sound-card input.
 *
 * PortAudio's callback only fills a lock-free ring (io/capture.c); this
 * thread drains the ring into a call tracker (io/calltrack.c), which cuts
 * the stream into calls and says when each verdict is formed, and writes
 * what happens: JSON Lines events, or a monitor redrawn a few times a
 * second on a terminal. SIGINT, SIGTERM and SIGHUP are blocked and polled
 * (sigtimedwait), so a stop is handled here, between blocks, with no
 * signal handler and no global state; an event waits for room on stdout
 * in poll(), where a stop is looked for too, never in a write that could
 * block for good on a pipe nobody reads. */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/monitor.h"
#include "io/calltrack.h"
#include "io/capture.h"
#include "io/record.h"
#include "io/serve_client.h"
#include "mot/mot.h"

#define DEFAULT_GAP_S 5.0
#define BUFFER_S 10.0      /* audio the ring holds... */
#define MAX_BUFFER_S 120.0 /* ...or, with --duration, all of it up to this */
#define BLOCK_SAMPLES 4096 /* taken from the ring at a time */
#define IDLE_WAIT_NS 10000000L /* poll interval while the ring is empty */
#define REDRAW_S 0.2
#define OVERRUN_REPORT_S 1.0   /* at most one overrun report per second of audio */
#define EVENT_ROOM 4
#define STDOUT_POLL_MS 100 /* looking for a stop while stdout is full */
#define STOPPING_STALL_S 2.0 /* once stopping, how long stdout may take no line */

static const char usage_fmt[] =
    "usage: mot live [OPTIONS]\n"
    "\n"
    "Listen to a sound-card input and judge each call's opening as it happens:\n"
    "a provisional verdict %g s into the window that starts at the first speech,\n"
    "the final one when the window (%g s) is complete. After a final verdict,\n"
    "or before any speech, a silence of --gap seconds ends the call: the next\n"
    "speech starts a new one. Ctrl-C (SIGINT, SIGTERM, SIGHUP) stops; a call in\n"
    "progress then gets its final verdict from what was heard.\n"
    "\n"
    "  -d, --device N|NAME     input device: number or name from 'mot devices'\n"
    "                          (a unique part of the name will do; default: the\n"
    "                          default input)\n"
    "  -r, --rate HZ           sample rate to record at, 8000..192000 (default:\n"
    "                          the device's own)\n"
    "  -c, --channel N         input channel to analyse, from 0 (default 0); mot\n"
    "                          opens channels 0..N, and a plug or sound-server\n"
    "                          device ('default') may mix wider input down to\n"
    "                          them: use the hw: device to take a channel exactly\n"
    "  -m, --model PATH        verdict model (default: the one built in)\n"
    "  -w, --window S          analysis window from the speech onset, s (default %g)\n"
    "  -g, --gap S             silence that ends a call, s (default %g)\n"
    "  -f, --format text|jsonl a live monitor, or one JSON object per event\n"
    "                          (default: text on a terminal, else jsonl)\n"
    "  -t, --duration S        stop after S seconds of audio\n"
    "  -q, --quiet             no status lines on stderr, only errors\n"
    "  -s, --stats             time the audio callback and report it at the end\n"
    "      --to HOST:PORT      also stream the input to an AudioSocket server\n"
    "                          ('mot serve'), as one call from start to stop, at\n"
    "                          the recording rate (8, 12, 16, 24, 32, 44.1, 48, 96\n"
    "                          or 192 kHz); the call's UUID is printed on stderr\n"
    "  -h, --help              show this help\n"
    "\n"
    "JSON Lines events, flushed one per line:\n"
    "  {\"event\":\"provisional\"|\"final\",\"call\":N,\"time_s\":T, then the keys of\n"
    "   'mot analyze' with file = the device name, duration_s = the call's audio\n"
    "   so far, and window times counted from the call's start (time_s - duration_s)}\n"
    "  {\"event\":\"overrun\",\"time_s\":T,\"dropped_samples\":N}  the analysis fell\n"
    "   behind and N samples (in all) were lost\n"
    "time_s is the audio heard since the start, s.\n"
    "\n"
    "Exit status: 0 stopped (signal or --duration); 1 the device failed, or the\n"
    "output could not be written; 2 bad usage or no such device.\n";

typedef struct live_opts {
    mot_config cfg;
    const char *device;  /* NULL: the default input */
    long rate_hz;        /* 0: the device's default */
    int channel;
    const char *model_path;
    double gap_s;
    int jsonl;
    double duration_s;   /* 0: until stopped */
    int quiet;
    int stats;
    const char *to;      /* AudioSocket server to stream to, or NULL */
} live_opts;

typedef struct live {
    const live_opts *o;
    const char *prog;
    const mot_model *model;
    mot_device dev;
    mot_capture *capture;
    mot_calltrack *track;
    mot_file_result source; /* the record's fields that describe the input */
    FILE *out;
    mot_as_client *client;   /* with --to: the stream to the server */
    int16_t wire[MOT_AS_MAX_PAYLOAD / 2]; /* samples of the next message */
    size_t n_wire, wire_samples;          /* held, and per 20 ms message */
    long n_finals;
    const sigset_t *stop;
    int stopping;   /* a stop signal came while waiting for stdout */
    int out_failed; /* a write to stdout failed, and was said */
    unsigned long long dropped_reported;
    double dropped_report_s;
    /* Text monitor. */
    int tty;                    /* redraw a live block under the event lines */
    int block_lines;            /* lines of the block now on screen */
    mot_meter level;
    mot_call_event shown[2];    /* the provisional and final events of the
                                   latest call that had them (call 0: none) */
} live;

static void usage(FILE *f)
{
    mot_config d;

    mot_config_default(&d);
    fprintf(f, usage_fmt, d.provisional_s, d.window_s, d.window_s, DEFAULT_GAP_S);
}

static int parse(int argc, char **argv, live_opts *o)
{
    const char *prog = argv[0];
    long channel = o->channel; /* a device has no 'mix' channel */
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_STRING("device", 'd', &o->device),
        MOT_CLI_OPT_RATE(&o->rate_hz),
        MOT_CLI_OPT_LONG("channel", 'c', &channel, 0, 1023, "a number from 0"),
        MOT_CLI_OPT_STRING("model", 'm', &o->model_path),
        MOT_CLI_OPT_WINDOW(&o->cfg),
        MOT_CLI_OPT_DOUBLE("gap", 'g', &o->gap_s, 0.1, 86400, "0.1..86400 seconds"),
        MOT_CLI_OPT_CHOICE("format", 'f', &o->jsonl, "text or jsonl", "text", "jsonl"),
        MOT_CLI_OPT_DOUBLE("duration", 't', &o->duration_s, MOT_CLI_ABOVE_0, HUGE_VAL,
                           "seconds above 0"),
        MOT_CLI_OPT_FLAG("quiet", 'q', &o->quiet),
        MOT_CLI_OPT_FLAG("stats", 's', &o->stats),
        MOT_CLI_OPT_STRING("to", 0, &o->to),
    };
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);

    if (rc != MOT_CLI_GO_ON)
        return rc;
    o->channel = (int)channel;
    if (optind < argc) {
        mot_cli_message(stderr, prog, "takes no FILE (that is 'mot analyze'), not '%s'",
                        argv[optind]);
        return MOT_EXIT_USAGE;
    }
    if (mot_cli_check_window(prog, &o->cfg) != 0)
        return MOT_EXIT_USAGE;
    return MOT_CLI_GO_ON;
}

/* ---- text monitor ------------------------------------------------------- */

static void put_state(mot_screen *s, const live *l, const mot_call_status *cs, const mot_summary *sum)
{
    static const char *const names[] = {"listening", "provisional", "final"};
    char a[32];

    if (!cs->has_onset && !isfinite(sum->window_start_s))
        mot_screen_put(s, "state    listening: no speech yet (silent for %.1f s)", cs->silence_s);
    else if (cs->sent == MOT_CALL_FINAL)
        mot_screen_put(s, "state    final; %.1f s of silence so far, %g s start a new call",
            cs->silence_s, l->o->gap_s);
    else
        mot_screen_put(s, "state    %s: %.1f of %g s of the window, from %s", names[sum->state],
            sum->window_end_s - sum->window_start_s, l->o->cfg.window_s,
            mot_text_clock(a, sizeof a, cs->call_start_s + sum->window_start_s));
}

/* The current call's verdicts, the latest with its reasons in words. */
static void put_verdicts(mot_screen *s, const live *l, long call)
{
    const mot_call_event *latest = NULL;

    for (int i = 0; i < 2; i++) {
        const mot_call_event *ev = &l->shown[i];
        if (ev->call != call)
            continue;
        mot_screen_verdict(s, mot_call_event_name(ev->kind), ev->time_s, &ev->summary);
        latest = ev;
    }
    if (latest)
        mot_screen_reasons(s, l->model, latest->summary.reasons);
    else
        mot_screen_put(s, "verdict  none yet: the first comes %g s into the window",
                       l->o->cfg.provisional_s);
}

/* Redraw the block over its last copy, after the `log` line if any (which
 * stays above it, on the terminal's scrollback). */
static void draw(live *l, const char *log)
{
    mot_screen *s = &(mot_screen){0};
    mot_call_status cs;
    mot_summary sum;
    char a[32];

    if (!l->tty)
        return;
    mot_screen_begin(s, l->block_lines, log);
    mot_calltrack_status(l->track, &cs);
    mot_calltrack_summary(l->track, &sum);
    mot_screen_put(s, "mot live %s  call %ld   %s (%s), %g Hz, channel %d",
                   mot_text_clock(a, sizeof a, cs.time_s), cs.call, l->dev.name, l->dev.host_api,
                   mot_capture_rate_hz(l->capture), l->o->channel);
    mot_screen_level(s, &l->level);
    mot_screen_pitch(s, &cs.frame, &cs.voiced, cs.silence_s);
    put_state(s, l, &cs, &sum);
    mot_screen_features(s, &sum);
    put_verdicts(s, l, cs.call);
    if (l->dropped_reported > 0)
        mot_screen_put(s, "dropped  %llu samples: the analysis fell behind", l->dropped_reported);
    l->block_lines = mot_screen_show(s);
}

/* ---- events --------------------------------------------------------------- */

/* Wait until stdout has room for a line. Each line is flushed on its own
 * and is shorter than PIPE_BUF, so a pipe that polls writable takes it
 * whole without blocking. While stdout is full (a reader that paused or
 * never reads), a stop signal is taken here; once stopping, a stdout that
 * takes nothing for STOPPING_STALL_S is given up: the rest of the events
 * are dropped (said once) and -1 returned, so that a stop always ends. */
static int wait_for_room(live *l)
{
    struct pollfd pfd = {.fd = fileno(l->out), .events = POLLOUT};
    int waited_ms = 0;

    for (;;) {
        const int r = poll(&pfd, 1, STDOUT_POLL_MS);
        if (r > 0 || (r < 0 && errno != EINTR))
            return 0; /* room, or an error the write will report */
        if (!l->stopping && mot_signal_take(l->stop, 0))
            l->stopping = 1;
        else if (l->stopping && (waited_ms += STDOUT_POLL_MS) >= STOPPING_STALL_S * 1000)
            break;
    }
    if (!mot_cli_stderr_is_stdout())
        mot_cli_message(stderr, l->prog, "standard output is not read: the last events were "
                        "dropped");
    l->out_failed = 1;
    return -1;
}

/* Said once: the end of the stream writes again after a failed write. */
static int write_failed(live *l)
{
    char why[256];

    if (l->out_failed)
        return -1;
    if (fflush(l->out) == 0 && !ferror(l->out))
        return 0;
    mot_cli_errno(why, sizeof why, "cannot write", "standard output");
    mot_cli_message(stderr, l->prog, "%s", why);
    l->out_failed = 1;
    return -1;
}

static int on_event(live *l, const mot_call_event *ev)
{
    char line[512], a[32], v[256];

    if (l->out_failed || (!l->tty && wait_for_room(l) != 0))
        return -1;
    if (l->o->jsonl) {
        if (mot_call_event_write_jsonl(l->out, ev, &l->source) != MOT_OK) {
            mot_cli_message(stderr, l->prog, "out of memory writing an event");
            return -1;
        }
    } else {
        l->shown[ev->kind - 1] = *ev;
        snprintf(line, sizeof line, "%s  call %ld %-11s %s",
                 mot_text_clock(a, sizeof a, ev->time_s), ev->call,
                 mot_call_event_name(ev->kind), mot_text_verdict(v, sizeof v, &ev->summary));
        if (l->tty)
            draw(l, line);
        else
            fprintf(l->out, "%s\n", line);
    }
    if (write_failed(l) != 0)
        return -1;
    /* Counted once written: the end summary says how many calls were told. */
    l->n_finals += ev->kind == MOT_CALL_FINAL;
    return 0;
}

static int on_overrun(live *l, double time_s)
{
    mot_capture_stats st;

    mot_capture_stats_get(l->capture, &st);
    if (st.dropped == l->dropped_reported ||
        (l->dropped_reported > 0 && time_s - l->dropped_report_s < OVERRUN_REPORT_S))
        return 0;
    l->dropped_reported = st.dropped;
    l->dropped_report_s = time_s;
    if (l->out_failed || l->tty)
        return l->out_failed ? -1 : 0;
    if (wait_for_room(l) != 0)
        return -1;
    if (l->o->jsonl)
        fprintf(l->out, "{\"event\":\"overrun\",\"time_s\":%.3f,\"dropped_samples\":%llu}\n",
                time_s, st.dropped);
    else
        fprintf(l->out, "dropped %llu samples: the analysis fell behind\n", st.dropped);
    return write_failed(l);
}

/* Push samples (x NULL: the end of the stream) and handle the events. */
static int track(live *l, const float *x, size_t n)
{
    mot_call_event ev[EVENT_ROOM];
    size_t n_ev;

    do {
        size_t n_in = n;
        mot_status st;
        n_ev = EVENT_ROOM;
        st = x ? mot_calltrack_push(l->track, x, &n_in, ev, &n_ev)
               : mot_calltrack_finish(l->track, ev, &n_ev);
        if (st != MOT_OK) {
            mot_cli_message(stderr, l->prog, "analysis failed: %s", mot_strerror(st));
            return -1;
        }
        for (size_t i = 0; i < n_ev; i++)
            if (on_event(l, &ev[i]) != 0)
                return -1;
        if (x) {
            x += n_in;
            n -= n_in;
        }
    } while (x ? n > 0 : n_ev > 0);
    return 0;
}

/* With --to: the samples go on to the server in 20 ms messages of 16-bit
 * PCM, as Asterisk's AudioSocket() sends them. */
static int forward(live *l, const float *x, size_t n)
{
    char why[256];

    for (size_t i = 0; l->client && i < n; i++) {
        float v = x[i] > 1.0f ? 1.0f : x[i] < -1.0f ? -1.0f : x[i];
        l->wire[l->n_wire++] = (int16_t)lrintf(v * 32767.0f);
        if (l->n_wire < l->wire_samples)
            continue;
        l->n_wire = 0;
        if (mot_as_client_send(l->client, l->wire, l->wire_samples, why, sizeof why) != MOT_OK) {
            mot_cli_message(stderr, l->prog, "streaming to %s stopped: %s", l->o->to, why);
            return -1;
        }
    }
    return 0;
}

/* Open the stream to the server at the capture's rate. */
static int open_stream(live *l)
{
    const double rate_hz = mot_capture_rate_hz(l->capture);
    unsigned char uuid[MOT_AS_UUID_BYTES];
    char why[512], text[MOT_AS_UUID_TEXT];

    if (mot_as_kind_for_rate(rate_hz) < 0) {
        mot_cli_message(stderr, l->prog, "AudioSocket cannot carry %g Hz: record with --rate "
                        "8000 (or 12000, 16000, 24000, 32000, 44100, 48000, 96000, 192000)",
                        rate_hz);
        return MOT_EXIT_USAGE;
    }
    if (mot_as_uuid_random(uuid) != 0) {
        mot_cli_message(stderr, l->prog, "cannot make a call UUID: /dev/urandom is unreadable");
        return MOT_EXIT_FAILURE;
    }
    if (mot_as_client_open(l->o->to, uuid, rate_hz, &l->client, why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, l->prog, "%s", why);
        return MOT_EXIT_FAILURE;
    }
    l->wire_samples = (size_t)lround(rate_hz * 0.02);
    mot_as_uuid_text(uuid, text);
    if (!l->o->quiet)
        mot_cli_message(stderr, l->prog, "streaming to %s as call %s", l->o->to, text);
    return MOT_CLI_GO_ON;
}

/* Send what is held and hang up, waiting for the server to take the call. */
static void close_stream(live *l)
{
    char why[256] = "";

    if (!l->client)
        return;
    if (l->n_wire > 0)
        mot_as_client_send(l->client, l->wire, l->n_wire, why, sizeof why);
    why[0] = '\0';
    if (mot_as_client_hangup(l->client, 5.0, why, sizeof why) != MOT_OK || why[0])
        mot_cli_message(stderr, l->prog, "hanging up on %s: %s", l->o->to, why);
    mot_as_client_free(l->client);
    l->client = NULL;
}

/* ---- the run -------------------------------------------------------------- */

static int listen_loop(live *l, const sigset_t *stop)
{
    const double rate_hz = mot_capture_rate_hz(l->capture);
    const unsigned long long limit = (unsigned long long)llround(l->o->duration_s * rate_hz);
    unsigned long long taken = 0;
    float block[BLOCK_SAMPLES];
    mot_redraw redraw;

    mot_redraw_start(&redraw, REDRAW_S);
    for (;;) {
        /* Looked at before reading: a stream that has stopped has also
         * written its last samples. */
        const int running = mot_capture_running(l->capture);
        const size_t want = limit && limit - taken < BLOCK_SAMPLES ? limit - taken : BLOCK_SAMPLES;
        const size_t n = mot_capture_read(l->capture, block, want);

        taken += n;
        if (l->tty)
            mot_meter_add(&l->level, block, n);
        if (n > 0 && (track(l, block, n) != 0 || forward(l, block, n) != 0))
            return MOT_EXIT_FAILURE;
        if (on_overrun(l, (double)taken / rate_hz) != 0)
            return MOT_EXIT_FAILURE;
        if (l->stopping)
            return MOT_EXIT_OK; /* taken while the events waited for stdout */
        if (limit && taken >= limit)
            return MOT_EXIT_OK;
        if (n == 0 && !running) {
            /* The stream stops itself after --duration of audio, counting
             * samples the ring had to drop: the duration was reached. */
            if (!mot_capture_lost(l->capture))
                return MOT_EXIT_OK;
            mot_cli_message(stderr, l->prog, "the input device stopped delivering audio");
            return MOT_EXIT_FAILURE;
        }
        if (mot_signal_take(stop, n ? 0 : IDLE_WAIT_NS))
            return MOT_EXIT_OK;
        if (l->tty && mot_redraw_due(&redraw))
            draw(l, NULL);
    }
}

static void report_end(const live *l)
{
    mot_call_status cs;
    mot_capture_stats st;
    char a[64];

    mot_calltrack_status(l->track, &cs);
    mot_capture_stats_get(l->capture, &st);
    if (!l->o->quiet)
        mot_cli_message(stderr, l->prog, "stopped after %.1f s of audio: %ld call%s judged, "
                        "%llu samples dropped", cs.time_s, l->n_finals,
                        l->n_finals == 1 ? "" : "s", st.dropped);
    if (l->o->stats)
        mot_cli_message(stderr, l->prog, "%llu callbacks of %lu..%lu frames, the longest took %s; "
                        "ring peak %zu of %zu samples; %llu samples dropped, %llu host overflows",
                        st.callbacks, st.min_block, st.max_block,
                        mot_text_num(a, sizeof a, st.max_callback_s * 1e6, 1, "us"), st.ring_peak,
                        st.ring_capacity, st.dropped, st.host_overflows);
}

/* Open the device, the model and the tracker into *l. Returns
 * MOT_CLI_GO_ON or the exit code. */
static int open_all(live *l, mot_model **model)
{
    const live_opts *o = l->o;
    const double buffer_s = o->duration_s > BUFFER_S ? fmin(o->duration_s, MAX_BUFFER_S) : BUFFER_S;
    mot_capture_params params = {.rate_hz = o->rate_hz, .channel = o->channel,
                                 .buffer_s = buffer_s, .max_s = o->duration_s,
                                 .timing = o->stats};
    mot_config cfg = o->cfg;
    char why[1024] = "";
    mot_status st;

    if (mot_cli_load_model(l->prog, o->model_path, model) != 0)
        return MOT_EXIT_FAILURE;
    l->model = *model;
    if (mot_device_find(o->device, MOT_DEVICE_INPUT, &l->dev, why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, l->prog, "%s", why);
        return o->device ? MOT_EXIT_USAGE : MOT_EXIT_FAILURE;
    }
    st = mot_capture_open(&l->dev, &params, &l->capture, why, sizeof why);
    if (st != MOT_OK) {
        mot_cli_message(stderr, l->prog, "%s", why);
        return st == MOT_ERR_CHANNEL || st == MOT_ERR_SAMPLE_RATE ? MOT_EXIT_USAGE
                                                                   : MOT_EXIT_FAILURE;
    }
    cfg.input_rate_hz = mot_capture_rate_hz(l->capture);
    st = mot_calltrack_new(&cfg, l->model, o->gap_s, &l->track, why, sizeof why);
    if (st != MOT_OK) {
        mot_cli_message(stderr, l->prog, "cannot analyse at %g Hz: %s", cfg.input_rate_hz,
                        why[0] ? why : mot_strerror(st));
        return MOT_EXIT_FAILURE;
    }
    mot_file_result_init(&l->source, l->dev.name, o->channel);
    l->source.sample_rate_hz = cfg.input_rate_hz;
    l->source.channels = mot_capture_channels(l->capture);
    return o->to ? open_stream(l) : MOT_CLI_GO_ON;
}

int mot_cmd_live(int argc, char **argv)
{
    live_opts o = {.gap_s = DEFAULT_GAP_S, .jsonl = !isatty(STDOUT_FILENO)};
    sigset_t stop, old_mask;
    live l = {.o = &o, .prog = argv[0], .out = stdout, .stop = &stop};
    mot_model *model = NULL;
    char why[512];
    int rc, pa_up = 0;

    mot_config_default(&o.cfg);
    rc = parse(argc, argv, &o);
    if (rc != MOT_CLI_GO_ON)
        return rc;
    l.tty = !o.jsonl && isatty(STDOUT_FILENO);

    /* Blocked before PortAudio starts its threads, so that they inherit
     * the mask and every stop signal waits for sigtimedwait() here. */
    /* A closed stdout is an error to report (exit 1), not a signal that
     * kills the process once the stop signals are unblocked. */
    signal(SIGPIPE, SIG_IGN);
    mot_signal_block(&stop, 0, &old_mask);

    rc = MOT_EXIT_FAILURE;
    if (mot_audio_init(why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, l.prog, "%s", why);
        goto done;
    }
    pa_up = 1;
    rc = open_all(&l, &model);
    if (rc != MOT_CLI_GO_ON)
        goto done;
    if (mot_capture_start(l.capture, why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, l.prog, "%s", why);
        rc = MOT_EXIT_FAILURE;
        goto done;
    }
    if (!o.quiet)
        mot_cli_message(stderr, l.prog, "listening to %d '%s' (%s) at %g Hz, channel %d; "
                        "Ctrl-C stops", l.dev.index, l.dev.name, l.dev.host_api,
                        mot_capture_rate_hz(l.capture), o.channel);
    if (l.tty)
        mot_screen_cursor(0); /* no cursor blinking in the meter */
    rc = listen_loop(&l, &stop);
    /* The call in progress gets its verdict even when the loop failed. */
    if (track(&l, NULL, 0) != 0)
        rc = MOT_EXIT_FAILURE;
    if (l.tty) {
        draw(&l, NULL);
        mot_screen_cursor(1);
    }
    report_end(&l);
done:
    close_stream(&l);
    mot_calltrack_free(l.track);
    mot_capture_free(l.capture);
    if (pa_up)
        mot_audio_terminate();
    mot_model_free(model);
    mot_signal_restore(&stop, &old_mask);
    return rc;
}
