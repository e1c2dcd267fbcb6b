#include "engine/vad.h"

void mot_vad_init(mot_vad *v, const mot_config *cfg)
{
    v->above_noise_db = cfg->vad_above_noise_db;
    v->voiced_above_noise_db = cfg->vad_voiced_above_noise_db;
    v->below_peak_db = cfg->vad_below_peak_db;
    v->floor_dbfs = cfg->vad_floor_dbfs;
    mot_vad_reset(v);
}

void mot_vad_reset(mot_vad *v)
{
    v->lo.len = v->hi.len = 0;
    v->lo.head = v->hi.head = 0;
    v->frames = 0;
    v->noise_dbfs = 0.0f;
    v->peak_dbfs = v->loud_peak_dbfs = -120.0f;
    v->last_loud = -1;
    v->run = 0;
}

/* Count `energy_dbfs` into the run of steady unvoiced frames (`voiced` -1:
 * a frame known not to be speech, which ends any run). Returns 1 when the
 * run has become a background that the floor reads as speech, in part. */
static int background_run(mot_vad *v, float energy_dbfs, int voiced)
{
    if (voiced != 0) {
        v->run = 0;
        return 0;
    }
    float lo = v->run > 0 && v->run_lo < energy_dbfs ? v->run_lo : energy_dbfs;
    float hi = v->run > 0 && v->run_hi > energy_dbfs ? v->run_hi : energy_dbfs;
    if (hi - lo >= MOT_VAD_STEADY_DB) {
        v->run = 0; /* the run starts again at this frame */
        lo = hi = energy_dbfs;
    }
    v->run++;
    v->run_lo = lo;
    v->run_hi = hi;
    return v->run >= MOT_VAD_BACKGROUND_RUN_FRAMES && hi >= v->noise_dbfs + v->above_noise_db &&
           hi >= v->peak_dbfs - v->below_peak_db && hi >= v->floor_dbfs;
}

/* Enter frame `t` into the queue; `sign` 1 keeps the minimum, -1 the
 * maximum. Returns the extreme of the window that ends at `t`. */
static float extreme_push(mot_vad_extreme *q, long t, float e, float sign)
{
    while (q->len > 0) {
        int back = (q->head + q->len - 1) % MOT_VAD_NOISE_FRAMES;
        if (sign * q->energy[back] < sign * e)
            break;
        q->len--;
    }
    if (q->len > 0 && q->frame[q->head] <= t - MOT_VAD_NOISE_FRAMES) {
        q->head = (q->head + 1) % MOT_VAD_NOISE_FRAMES;
        q->len--;
    }
    int at = (q->head + q->len) % MOT_VAD_NOISE_FRAMES;
    q->energy[at] = e;
    q->frame[at] = t;
    q->len++;
    return q->energy[q->head];
}

/* Follow the noise floor and the speech peaks with one frame; returns its
 * count, or -1 for digital silence (which leaves them untouched). */
static long track(mot_vad *v, float energy_dbfs, int voiced)
{
    /* Digital silence (a muted line, zero padding) says nothing about the
     * background: a floor learnt from it would make the first hiss speech. */
    if (energy_dbfs < MOT_VAD_DIGITAL_SILENCE_DBFS)
        return -1;
    long t = v->frames++;
    if (background_run(v, energy_dbfs, voiced)) {
        v->lo.len = v->hi.len = 0; /* minimum statistics start again */
        v->noise_dbfs = v->run_lo;
    }
    float lo = extreme_push(&v->lo, t, energy_dbfs, 1.0f);
    float hi = extreme_push(&v->hi, t, energy_dbfs, -1.0f);
    if (t == 0 || lo <= v->noise_dbfs || hi - lo < MOT_VAD_STEADY_DB)
        v->noise_dbfs = lo;
    else if (v->noise_dbfs + MOT_VAD_RISE_DB_PER_S * MOT_HOP_S < lo)
        v->noise_dbfs += (float)(MOT_VAD_RISE_DB_PER_S * MOT_HOP_S);
    else
        v->noise_dbfs = lo;

    const float decay = (float)(MOT_VAD_PEAK_DECAY_DB_PER_S * MOT_HOP_S);
    v->peak_dbfs -= decay;
    v->loud_peak_dbfs -= decay;
    if (voiced > 0 && energy_dbfs > v->peak_dbfs)
        v->peak_dbfs = energy_dbfs;
    return t;
}

void mot_vad_background(mot_vad *v, float energy_dbfs)
{
    (void)track(v, energy_dbfs, -1);
}

int mot_vad_push(mot_vad *v, float energy_dbfs, int voiced)
{
    long t = track(v, energy_dbfs, voiced);
    if (t < 0)
        return 0;
    if (energy_dbfs < v->peak_dbfs - v->below_peak_db || energy_dbfs < v->floor_dbfs)
        return 0;
    if (energy_dbfs >= v->noise_dbfs + v->above_noise_db) {
        v->last_loud = t;
        if (energy_dbfs > v->loud_peak_dbfs)
            v->loud_peak_dbfs = energy_dbfs;
        return 1;
    }
    if (!voiced || v->last_loud < 0 || t - v->last_loud > MOT_VAD_BRIDGE_FRAMES)
        return 0;
    /* The voiced margin in full on a noisy line, not at all on a clean one. */
    double clean = (v->loud_peak_dbfs - v->noise_dbfs - MOT_VAD_NOISY_LINE_DB) /
                   (MOT_VAD_CLEAN_LINE_DB - MOT_VAD_NOISY_LINE_DB);
    clean = clean < 0.0 ? 0.0 : clean > 1.0 ? 1.0 : clean;
    double above = v->voiced_above_noise_db + clean * (v->above_noise_db - v->voiced_above_noise_db);
    return energy_dbfs >= v->noise_dbfs + above;
}
