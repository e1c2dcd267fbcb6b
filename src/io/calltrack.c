#include "io/calltrack.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Frames collected per engine call. */
#define FRAMES_PER_CALL 256
/* History kept beyond the engine's latency and the pre-roll, s. */
#define HISTORY_MARGIN_S 0.5

struct mot_calltrack {
    mot_config cfg;
    mot_engine *engine;
    long gap_frames;    /* non-speech frames that end a call */
    size_t step;        /* samples per engine call: one hop of input */

    /* The last samples pushed, by stream position: sample p is at
     * history[p & history_mask]. */
    float *history;
    size_t history_mask;
    unsigned long long n_pushed;     /* stream samples pushed */
    unsigned long long engine_pos;   /* next stream sample for the engine */
    unsigned long long engine_start; /* stream sample the engine started at */

    long call;
    int has_onset;      /* a frame of the window has come out */
    long n_window;      /* window frames out so far */
    mot_call_event_kind sent;
    long silence_frames; /* non-speech frames up to `frame` */
    mot_frame frame, voiced; /* the latest frame, and voiced frame */
    int finished;
    mot_frame frames[FRAMES_PER_CALL];
};

void mot_calltrack_free(mot_calltrack *t)
{
    if (!t)
        return;
    mot_engine_free(t->engine);
    free(t->history);
    free(t);
}

mot_status mot_calltrack_new(const mot_config *cfg, const mot_model *model, double gap_s,
                             mot_calltrack **out, char *detail, size_t detail_size)
{
    mot_calltrack *t;
    mot_status st;
    size_t history_size = 1;

    if (!out)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    if (!(gap_s >= MOT_HOP_S && gap_s <= 86400.0))
        return MOT_ERR_INVALID_ARG;
    t = calloc(1, sizeof *t);
    if (!t)
        return MOT_ERR_NOMEM;
    if (cfg)
        t->cfg = *cfg;
    else
        mot_config_default(&t->cfg);
    st = mot_engine_new(&t->cfg, model, &t->engine, detail, detail_size);
    if (st != MOT_OK)
        goto fail;
    t->gap_frames = lround(ceil(gap_s / MOT_HOP_S - 1e-9));
    t->step = (size_t)ceil(t->cfg.input_rate_hz * MOT_HOP_S);
    /* Enough to go back from the input's end to the end of the latest
     * frame (the engine's latency, plus one step in flight) and then the
     * pre-roll before it. */
    const double keep_s = mot_engine_latency_s(t->engine) + MOT_CALLTRACK_PREROLL_S + HISTORY_MARGIN_S;
    while ((double)history_size < keep_s * t->cfg.input_rate_hz + (double)t->step)
        history_size <<= 1;
    t->history = malloc(history_size * sizeof *t->history);
    if (!t->history) {
        st = MOT_ERR_NOMEM;
        goto fail;
    }
    t->history_mask = history_size - 1;
    t->call = 1;
    *out = t;
    return MOT_OK;
fail:
    mot_calltrack_free(t);
    return st;
}

static unsigned long long stream_pos(const mot_calltrack *t, double call_s)
{
    return t->engine_start + (unsigned long long)llround(call_s * t->cfg.input_rate_hz);
}

/* The silence that ends the call has lasted long enough at frame *f:
 * restart the engine on the input from up to the pre-roll before the end
 * of that frame (never before the silence began, nor at or before this
 * call's own start), and replay from there. */
static void next_call(mot_calltrack *t, const mot_frame *f)
{
    const double end_s = f->time_s + MOT_HOP_S / 2;
    const double silence_s = (double)t->silence_frames * MOT_HOP_S;
    const double from_s = end_s - fmin(silence_s, MOT_CALLTRACK_PREROLL_S);
    const size_t kept = t->history_mask + 1;
    const unsigned long long oldest = t->n_pushed > kept ? t->n_pushed - kept : 0;
    unsigned long long from = stream_pos(t, from_s);

    if (from < oldest)
        from = oldest;
    /* A gap no longer than the pre-roll would start the next engine where
     * this one started, on the same silence, and end it there again, for
     * ever: the next call starts after this one's start, at the latest at
     * the end of the silence. */
    if (from <= t->engine_start)
        from = stream_pos(t, end_s);
    if (from > t->n_pushed)
        from = t->n_pushed;
    if (t->has_onset)
        t->call++;
    mot_engine_reset(t->engine);
    t->engine_start = t->engine_pos = from;
    t->has_onset = 0;
    t->n_window = 0;
    t->sent = 0;
    t->silence_frames = 0;
    memset(&t->frame, 0, sizeof t->frame);
    memset(&t->voiced, 0, sizeof t->voiced);
}

/* Take in one frame. Returns 1 when it ended the call. */
static int on_frame(mot_calltrack *t, const mot_frame *f)
{
    t->frame = *f;
    if (f->f0_hz > 0)
        t->voiced = *f;
    if (f->in_window) {
        t->n_window++;
        t->has_onset = 1;
    }
    t->silence_frames = f->speech ? 0 : t->silence_frames + 1;
    if ((t->sent == MOT_CALL_FINAL || !t->has_onset) && t->silence_frames >= t->gap_frames) {
        next_call(t, f);
        return 1;
    }
    return 0;
}

static void emit(mot_calltrack *t, mot_call_event_kind kind, mot_call_event *events,
                 size_t *written)
{
    mot_call_event *ev = &events[(*written)++];

    ev->kind = kind;
    ev->call = t->call;
    ev->time_s = (double)t->n_pushed / t->cfg.input_rate_hz;
    ev->call_start_s = (double)t->engine_start / t->cfg.input_rate_hz;
    mot_engine_summary(t->engine, &ev->summary);
    t->sent = kind;
}

/* At most MOT_CALLTRACK_MIN_EVENTS (2) events. A window complete in one go
 * still gets its provisional event first. */
static void check_events(mot_calltrack *t, mot_call_event *events, size_t *written)
{
    const int complete = mot_engine_window_complete(t->engine);

    if (t->sent < MOT_CALL_PROVISIONAL && t->has_onset &&
        (complete || (double)t->n_window * MOT_HOP_S >= t->cfg.provisional_s - 1e-9))
        emit(t, MOT_CALL_PROVISIONAL, events, written);
    if (t->sent < MOT_CALL_FINAL && complete)
        emit(t, MOT_CALL_FINAL, events, written);
}

/* Run up to one step of stored input through the engine. */
static mot_status feed(mot_calltrack *t, mot_call_event *events, size_t *written)
{
    const size_t at = t->engine_pos & t->history_mask;
    size_t n = t->n_pushed - t->engine_pos;
    const float *x = t->history + at;

    if (n > t->step)
        n = t->step;
    if (n > t->history_mask + 1 - at)
        n = t->history_mask + 1 - at;
    while (n > 0) {
        size_t n_in = n, n_out = FRAMES_PER_CALL;
        mot_status st = mot_engine_process(t->engine, x, &n_in, t->frames, &n_out);
        if (st != MOT_OK)
            return st;
        t->engine_pos += n_in;
        x += n_in;
        n -= n_in;
        for (size_t i = 0; i < n_out; i++)
            if (on_frame(t, &t->frames[i]))
                return MOT_OK; /* the rest is replayed into the next call */
        /* An engine that neither takes nor gives would spin here forever. */
        if (n_in == 0 && n_out == 0)
            return MOT_ERR_INVALID_ARG;
    }
    check_events(t, events, written);
    return MOT_OK;
}

static int bad_events(const mot_call_event *events, const size_t *n_events)
{
    return !events || !n_events || *n_events < MOT_CALLTRACK_MIN_EVENTS;
}

mot_status mot_calltrack_push(mot_calltrack *t, const float *in, size_t *n_in,
                              mot_call_event *events, size_t *n_events)
{
    const size_t cap = n_events ? *n_events : 0;
    size_t used = 0, written = 0;
    mot_status st = MOT_OK;

    if (!t || !n_in || (*n_in && !in) || bad_events(events, n_events))
        return MOT_ERR_INVALID_ARG;
    if (t->finished)
        return MOT_ERR_FINISHED;
    while (st == MOT_OK && cap - written >= MOT_CALLTRACK_MIN_EVENTS) {
        /* Replay what a new call has to hear again before taking more. */
        if (t->engine_pos == t->n_pushed) {
            const size_t take = *n_in - used < t->step ? *n_in - used : t->step;
            if (take == 0)
                break;
            for (size_t i = 0; i < take; i++)
                t->history[(t->n_pushed + i) & t->history_mask] = in[used + i];
            t->n_pushed += take;
            used += take;
        }
        st = feed(t, events, &written);
    }
    *n_in = used;
    *n_events = written;
    return st;
}

mot_status mot_calltrack_finish(mot_calltrack *t, mot_call_event *events, size_t *n_events)
{
    const size_t cap = n_events ? *n_events : 0;
    size_t written = 0;
    mot_status st = MOT_OK;
    mot_summary s;

    if (!t || bad_events(events, n_events))
        return MOT_ERR_INVALID_ARG;
    while (st == MOT_OK && t->engine_pos < t->n_pushed && cap - written >= MOT_CALLTRACK_MIN_EVENTS)
        st = feed(t, events, &written);
    if (st == MOT_OK && t->engine_pos == t->n_pushed && !t->finished) {
        t->finished = 1;
        /* The onset may be known while its frames are still held back. */
        mot_engine_summary(t->engine, &s);
        if (t->sent < MOT_CALL_FINAL && isfinite(s.window_start_s)) {
            size_t n_out = 0;
            st = mot_engine_finish(t->engine, NULL, &n_out);
            if (st == MOT_OK)
                emit(t, MOT_CALL_FINAL, events, &written);
        }
    }
    *n_events = written;
    return st;
}

void mot_calltrack_status(const mot_calltrack *t, mot_call_status *out)
{
    out->call = t->call;
    out->has_onset = t->has_onset;
    out->sent = t->sent;
    out->time_s = (double)t->n_pushed / t->cfg.input_rate_hz;
    out->call_start_s = (double)t->engine_start / t->cfg.input_rate_hz;
    out->frame = t->frame;
    out->voiced = t->voiced;
    out->silence_s = (double)t->silence_frames * MOT_HOP_S;
}

void mot_calltrack_summary(const mot_calltrack *t, mot_summary *out)
{
    mot_engine_summary(t->engine, out);
}
