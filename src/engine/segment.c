#include "engine/segment.h"

#include <math.h>

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
    s->run_speech = s->run_voiced = s->run_gap = 0;
    s->first_voiced = -1;
    s->onset_found = 0;
    s->window_start_s = NAN;
    s->window_released = 0;
    s->in_pause = 0;
    s->have_last = 0;
    s->have_before = 0;
    s->dip_dbfs = 0.0f;
    s->loudest_dbfs = -120.0f;
}

double mot_segment_window_start_s(const mot_segment *s)
{
    return s->window_start_s;
}

int mot_segment_window_complete(const mot_segment *s)
{
    return s->window_released >= s->window_frames;
}


/* Nucleus test for `s->last`, now that its successor's energy is known. */
static void mark_nucleus(mot_segment *s, float next_dbfs)
{
    mot_frame *f = &s->last;
    float e = f->energy_dbfs;
    if (f->speech && e > s->loudest_dbfs)
        s->loudest_dbfs = e;
    int is_max = (!s->have_before || e > s->before_last) && e >= next_dbfs;
    if (is_max) {
        f->nucleus = f->speech && f->f0_hz > 0.0f && e - s->dip_dbfs >= s->nucleus_dip_db &&
                     e >= s->loudest_dbfs - s->nucleus_below_peak_db;
        s->dip_dbfs = e;
    } else if (e < s->dip_dbfs) {
        s->dip_dbfs = e;
    }
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
    int n = 0;
    if (s->have_last) {
        mark_nucleus(s, f.energy_dbfs);
        out[n++] = s->last;
        s->before_last = s->last.energy_dbfs;
        s->have_before = 1;
    } else {
        s->dip_dbfs = f.energy_dbfs;
    }
    s->last = f;
    s->have_last = 1;
    return n;
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
        s->run_voiced -= voiced_speech(f);
        n += release(s, *f, speech, out + n);
        s->held_head = (s->held_head + 1) % MOT_SEGMENT_MAX_HELD;
        s->n_held--;
    }
    s->first_voiced = -1;
    for (int i = 0; i < s->n_held && s->first_voiced < 0; i++)
        if (voiced_speech(held_at(s, i)))
            s->first_voiced = i;
    return n;
}

static int release_held(mot_segment *s, int speech, mot_frame *out)
{
    s->run_gap = 0;
    return release_oldest(s, s->n_held, speech, out);
}

/* Onset phase: hold a run of speech until it has cfg.onset_min_s of speech
 * frames and MOT_SEGMENT_ONSET_VOICED voiced ones: the speaker's first
 * words. Gaps shorter than a pause belong to the run, as they do after the
 * onset. The hold stays short: frames more than MOT_SEGMENT_ONSET_LEAD_S
 * before the run's first voiced frame (line hiss, a click, breath), and
 * runs that stay unconfirmed for MOT_SEGMENT_ONSET_WAIT_S after it, are let
 * go as non-speech. */
static int seek_onset(mot_segment *s, const mot_frame *in, mot_frame *out)
{
    if (!in->speech) {
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
    if (voiced_speech(in)) {
        s->run_voiced++;
        if (s->first_voiced < 0)
            s->first_voiced = s->n_held - 1;
    }
    int lead = (int)lround(MOT_SEGMENT_ONSET_LEAD_S / MOT_HOP_S);
    int wait = (int)lround(MOT_SEGMENT_ONSET_WAIT_S / MOT_HOP_S);
    int excess = s->first_voiced < 0 ? s->n_held - lead : s->first_voiced - lead;
    if (s->n_held - excess > lead + wait)
        excess = s->n_held - lead - wait;
    int n = excess > 0 ? release_oldest(s, excess, 0, out) : 0;
    if (s->run_speech < s->onset_frames || s->run_voiced < MOT_SEGMENT_ONSET_VOICED)
        return n;
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
    if (s->have_last) {
        mark_nucleus(s, -INFINITY);
        out[n++] = s->last;
        s->have_last = 0;
    }
    return n;
}
