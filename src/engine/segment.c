#include "engine/segment.h"

#include <math.h>
#include <string.h>

void mot_segment_init(mot_segment *s, const mot_config *cfg)
{
    s->onset_frames = (int)lround(cfg->onset_min_s / MOT_HOP_S);
    s->pause_frames = (int)lround(cfg->min_pause_s / MOT_HOP_S);
    s->window_frames = (int)lround(cfg->window_s / MOT_HOP_S);
    s->nucleus_dip_db = cfg->nucleus_dip_db;
    s->nucleus_below_peak_db = cfg->nucleus_below_peak_db;
    mot_segment_reset(s);
}

void mot_segment_reset(mot_segment *s)
{
    s->n_held = 0;
    s->held_head = 0;
    s->run_speech = s->voiced_streak = s->run_gap = 0;
    s->first_voiced = -1;
    s->onset_found = 0;
    s->window_start_s = NAN;
    s->window_released = 0;
    s->in_pause = 0;
    s->nq_in = s->nq_decided = 0;
    s->dip_dbfs = 0.0f;
    s->loudest_dbfs = -120.0f;
    s->last_nucleus = -1;
    s->n_periods = 0;
    s->smooth_reach = 0.0; /* no reach is under 1: the weights are made anew */
}

double mot_segment_window_start_s(const mot_segment *s)
{
    return s->window_start_s;
}

int mot_segment_window_complete(const mot_segment *s)
{
    return s->window_released >= s->window_frames;
}


/* The speaker's syllable period so far, frames: the median of the latest
 * intervals between nuclei, within the natural range. */
static double syllable_period(const mot_segment *s)
{
    double t = MOT_SEGMENT_PERIOD_S / MOT_HOP_S;
    int n = s->n_periods < MOT_SEGMENT_PERIODS ? s->n_periods : MOT_SEGMENT_PERIODS;
    if (n >= 3) {
        int v[MOT_SEGMENT_PERIODS];
        memcpy(v, s->periods, sizeof v);
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
                int x = v[j];
                v[j] = v[j - 1];
                v[j - 1] = x;
            }
        t = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
    double lo = MOT_SEGMENT_PERIOD_MIN_S / MOT_HOP_S, hi = MOT_SEGMENT_PERIOD_MAX_S / MOT_HOP_S;
    return t < lo ? lo : t > hi ? hi : t;
}

/* Hann weights reaching zero `reach` frames either side of the centre, into
 * s->smooth_w and s->smooth_m (kept while the reach stays the same). */
static void smoothing_weights(mot_segment *s, double reach)
{
    if (reach == s->smooth_reach)
        return;
    int m = (int)ceil(reach) - 1;
    if (m > MOT_SEGMENT_SMOOTH_MAX)
        m = MOT_SEGMENT_SMOOTH_MAX;
    for (int d = 0; d <= m; d++) {
        double c = cos(M_PI * d / (2.0 * reach));
        s->smooth_w[d] = c * c;
    }
    s->smooth_m = m;
    s->smooth_reach = reach;
}

/* Energy of frame `k` (a count in) smoothed with the weights `w` (m either
 * side), over the frames at hand, dBFS. */
static float smoothed_dbfs(const mot_segment *s, long k, const double *w, int m)
{
    double sum = 0.0, wsum = 0.0;
    for (int d = -m; d <= m; d++) {
        long j = k + d;
        if (j < 0 || j >= s->nq_in || j < s->nq_in - MOT_SEGMENT_NUCLEUS_RING)
            continue;
        double c = w[d < 0 ? -d : d];
        sum += c * s->nq_power[j % MOT_SEGMENT_NUCLEUS_RING];
        wsum += c;
    }
    double ms = sum / wsum;
    return ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
}

/* Nucleus test for the oldest undecided frame, with what follows it so far
 * (all of its hold, or less at the end of input). */
static void mark_nucleus(mot_segment *s)
{
    long k = s->nq_decided;
    mot_frame *f = &s->nq[k % MOT_SEGMENT_NUCLEUS_RING];
    double period = syllable_period(s);
    smoothing_weights(s, 1.0 + MOT_SEGMENT_SMOOTH_FRAC * period / 2.0);
    const double *w = s->smooth_w;
    int m = s->smooth_m;
    float e = smoothed_dbfs(s, k, w, m);
    float next = k + 1 < s->nq_in ? smoothed_dbfs(s, k + 1, w, m) : -INFINITY;
    if (k == 0)
        s->dip_dbfs = e;
    if (!f->speech)
        s->last_nucleus = -1; /* intervals across a pause are no period */
    if (f->speech && f->vowel_dbfs > s->loudest_dbfs)
        s->loudest_dbfs = f->vowel_dbfs;
    int is_max = (k == 0 || e > smoothed_dbfs(s, k - 1, w, m)) && e >= next;
    if (is_max) {
        f->nucleus = f->speech && f->f0_hz > 0.0f && e - s->dip_dbfs >= s->nucleus_dip_db &&
                     f->vowel_dbfs >= s->loudest_dbfs - s->nucleus_below_peak_db;
        s->dip_dbfs = e;
        if (f->nucleus) {
            if (s->last_nucleus >= 0)
                s->periods[s->n_periods++ % MOT_SEGMENT_PERIODS] = (int)(k - s->last_nucleus);
            s->last_nucleus = k;
        }
    } else if (e < s->dip_dbfs) {
        s->dip_dbfs = e;
    }
    s->nq_decided++;
}

/* A frame with its final speech label goes through the window and nucleus
 * stages; returns how many frames it pushed out (0 or 1). */
static int release(mot_segment *s, mot_frame f, int speech, mot_frame *out)
{
    f.speech = (unsigned char)speech;
    f.nucleus = 0;
    /* Frames leave in order and the onset run leaves first, so counting
     * is exact where comparing times would round. */
    f.in_window = s->onset_found && s->window_released < s->window_frames;
    s->window_released += f.in_window;
    int slot = (int)(s->nq_in % MOT_SEGMENT_NUCLEUS_RING);
    s->nq[slot] = f;
    s->nq_power[slot] = (float)pow(10.0, f.vowel_dbfs / 10.0);
    s->nq_in++;
    if (s->nq_in - s->nq_decided <= MOT_SEGMENT_NUCLEUS_HOLD)
        return 0;
    mark_nucleus(s);
    out[0] = s->nq[(s->nq_decided - 1) % MOT_SEGMENT_NUCLEUS_RING];
    return 1;
}

static void hold(mot_segment *s, const mot_frame *f)
{
    s->held[(s->held_head + s->n_held++) % MOT_SEGMENT_MAX_HELD] = *f;
}

static const mot_frame *held_at(const mot_segment *s, int i)
{
    return &s->held[(s->held_head + i) % MOT_SEGMENT_MAX_HELD];
}

static int voiced_speech(const mot_frame *f)
{
    return f->speech && f->f0_hz > 0.0f;
}

/* Release the `count` oldest held frames with the given label, keeping the
 * onset run's counts in step. */
static int release_oldest(mot_segment *s, int count, int speech, mot_frame *out)
{
    int n = 0;
    for (int i = 0; i < count; i++) {
        const mot_frame *f = held_at(s, 0);
        s->run_speech -= f->speech;
        n += release(s, *f, speech, out + n);
        s->held_head = (s->held_head + 1) % MOT_SEGMENT_MAX_HELD;
        s->n_held--;
    }
    /* The voiced stretches left: the first long enough, the one at the end. */
    s->first_voiced = -1;
    s->voiced_streak = 0;
    for (int i = 0; i < s->n_held; i++) {
        s->voiced_streak = voiced_speech(held_at(s, i)) ? s->voiced_streak + 1 : 0;
        if (s->first_voiced < 0 && s->voiced_streak == MOT_SEGMENT_ONSET_VOICED)
            s->first_voiced = i + 1 - MOT_SEGMENT_ONSET_VOICED;
    }
    return n;
}

static int release_held(mot_segment *s, int speech, mot_frame *out)
{
    s->run_gap = 0;
    return release_oldest(s, s->n_held, speech, out);
}

/* Onset phase: hold a run of speech until it has cfg.onset_min_s of speech
 * frames and MOT_SEGMENT_ONSET_VOICED voiced ones in a row: the speaker's
 * first words. Gaps shorter than a pause belong to the run, as they do
 * after the onset. The hold stays short: frames more than
 * MOT_SEGMENT_ONSET_LEAD_S before the run's first such voiced stretch (line
 * hiss with a stray voiced frame or two, a click, breath), and runs that
 * stay unconfirmed for MOT_SEGMENT_ONSET_WAIT_S after it, are let go as
 * non-speech. */
static int seek_onset(mot_segment *s, const mot_frame *in, mot_frame *out)
{
    if (!in->speech) {
        s->voiced_streak = 0;
        if (s->n_held == 0)
            return release(s, *in, 0, out);
        hold(s, in);
        if (++s->run_gap < s->pause_frames)
            return 0;
        return release_held(s, 0, out);
    }
    s->run_gap = 0;
    hold(s, in);
    s->run_speech++;
    s->voiced_streak = voiced_speech(in) ? s->voiced_streak + 1 : 0;
    if (s->first_voiced < 0 && s->voiced_streak == MOT_SEGMENT_ONSET_VOICED)
        s->first_voiced = s->n_held - MOT_SEGMENT_ONSET_VOICED;
    int lead = (int)lround(MOT_SEGMENT_ONSET_LEAD_S / MOT_HOP_S);
    int wait = (int)lround(MOT_SEGMENT_ONSET_WAIT_S / MOT_HOP_S);
    /* Before a long enough voiced stretch, keep the lead before the one
     * that may be starting. */
    int excess = s->first_voiced < 0 ? s->n_held - s->voiced_streak - lead
                                     : s->first_voiced - lead;
    if (s->n_held - excess > lead + wait)
        excess = s->n_held - lead - wait;
    int n = excess > 0 ? release_oldest(s, excess, 0, out) : 0;
    if (s->run_speech < s->onset_frames || s->first_voiced < 0)
        return n;
    /* The lead kept may begin inside a gap of the run: the window opens at
     * the speech after it. */
    int gap = 0;
    while (gap < s->n_held && !held_at(s, gap)->speech)
        gap++;
    n += release_oldest(s, gap, 0, out + n);
    s->onset_found = 1;
    /* The window opens at the leading edge of the run's first frame. */
    s->window_start_s = held_at(s, 0)->time_s - 0.5 * MOT_HOP_S;
    return n + release_held(s, 1, out + n);
}

int mot_segment_push(mot_segment *s, const mot_frame *in, mot_frame *out)
{
    int n = 0;
    if (!s->onset_found)
        return seek_onset(s, in, out);
    if (in->speech) {
        /* Held frames here are a gap too short to be a pause: speech. */
        n += release_held(s, 1, out);
        s->in_pause = 0;
        return n + release(s, *in, 1, out + n);
    }
    if (s->in_pause)
        return release(s, *in, 0, out);
    hold(s, in);
    if (s->n_held < s->pause_frames)
        return 0;
    s->in_pause = 1;
    return release_held(s, 0, out);
}

int mot_segment_flush(mot_segment *s, mot_frame *out)
{
    /* Held frames at the end: an unfinished onset run is too short to be an
     * onset, and a trailing silence is a pause. */
    int n = release_held(s, 0, out);
    while (s->nq_decided < s->nq_in) {
        mark_nucleus(s);
        out[n++] = s->nq[(s->nq_decided - 1) % MOT_SEGMENT_NUCLEUS_RING];
    }
    return n;
}
