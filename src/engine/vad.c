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
    v->peak_dbfs = -120.0f;
}

int mot_vad_push(mot_vad *v, float energy_dbfs)
{
    v->history[v->next] = energy_dbfs;
    v->next = (v->next + 1) % MOT_VAD_NOISE_FRAMES;
    if (v->count < MOT_VAD_NOISE_FRAMES)
        v->count++;
    float noise = energy_dbfs;
    for (int i = 0; i < v->count; i++)
        if (v->history[i] < noise)
            noise = v->history[i];

    v->peak_dbfs -= (float)(MOT_VAD_PEAK_DECAY_DB_PER_S * MOT_HOP_S);
    if (energy_dbfs > v->peak_dbfs)
        v->peak_dbfs = energy_dbfs;

    return energy_dbfs >= noise + v->above_noise_db &&
           energy_dbfs >= v->peak_dbfs - v->below_peak_db && energy_dbfs >= v->floor_dbfs;
}
