#include "engine/vad.h"

void mot_vad_init(mot_vad *v, const mot_config *cfg)
{
    v->above_noise_db = cfg->vad_above_noise_db;
    v->below_peak_db = cfg->vad_below_peak_db;
    v->floor_dbfs = cfg->vad_floor_dbfs;
    mot_vad_reset(v);
}

void mot_vad_reset(mot_vad *v)
{
    v->count = 0;
    v->next = 0;
    v->noise_dbfs = 0.0f;
    v->peak_dbfs = -120.0f;
}

int mot_vad_push(mot_vad *v, float energy_dbfs)
{
    /* Digital silence (a muted line, zero padding) says nothing about the
     * background: a floor learnt from it would make the first hiss speech. */
    if (energy_dbfs < MOT_VAD_DIGITAL_SILENCE_DBFS)
        return 0;
    v->history[v->next] = energy_dbfs;
    v->next = (v->next + 1) % MOT_VAD_NOISE_FRAMES;
    if (v->count < MOT_VAD_NOISE_FRAMES)
        v->count++;
    float lo = energy_dbfs, hi = energy_dbfs;
    for (int i = 0; i < v->count; i++) {
        if (v->history[i] < lo)
            lo = v->history[i];
        if (v->history[i] > hi)
            hi = v->history[i];
    }
    if (v->count == 1 || lo <= v->noise_dbfs || hi - lo < MOT_VAD_STEADY_DB)
        v->noise_dbfs = lo;
    else if (v->noise_dbfs + MOT_VAD_RISE_DB_PER_S * MOT_HOP_S < lo)
        v->noise_dbfs += (float)(MOT_VAD_RISE_DB_PER_S * MOT_HOP_S);
    else
        v->noise_dbfs = lo;

    v->peak_dbfs -= (float)(MOT_VAD_PEAK_DECAY_DB_PER_S * MOT_HOP_S);
    if (energy_dbfs > v->peak_dbfs)
        v->peak_dbfs = energy_dbfs;

    return energy_dbfs >= v->noise_dbfs + v->above_noise_db &&
           energy_dbfs >= v->peak_dbfs - v->below_peak_db && energy_dbfs >= v->floor_dbfs;
}
