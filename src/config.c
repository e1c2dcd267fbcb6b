#include "mot/config.h"

#include <math.h>
#include <stdio.h>

void mot_config_default(mot_config *cfg)
{
    *cfg = (mot_config){
        .input_rate_hz = 8000.0,
        .f0_floor_hz = 60.0,
        .f0_ceiling_hz = 500.0,
        .voicing_threshold = 0.45,
        .silence_threshold = 0.03,
        .octave_cost = 0.01,
        .octave_jump_cost = 0.35,
        .voiced_unvoiced_cost = 0.14,
        .range_cost = 0.2,
        .harmonic_cost = 0.2,
        .vad_above_noise_db = 8.0,
        .vad_voiced_above_noise_db = 3.0,
        .vad_below_peak_db = 25.0,
        .vad_floor_dbfs = -60.0,
        .onset_min_s = 0.10,
        .min_pause_s = 0.25,
        .nucleus_dip_db = 2.0,
        .nucleus_below_peak_db = 25.0,
        .window_s = 14.0,
        .provisional_s = 4.0,
    };
}

static int out_of_range(double v, double lo, double hi)
{
    return !(isfinite(v) && v >= lo && v <= hi);
}

mot_status mot_config_check(const mot_config *cfg, char *detail, size_t detail_size)
{
    if (!cfg)
        return MOT_ERR_INVALID_ARG;
    /* One row per field: the first out of range is named in `detail`. */
    const struct {
        const char *name;
        double value, lo, hi;
    } rows[] = {
        {"input_rate_hz", cfg->input_rate_hz, MOT_INPUT_RATE_MIN_HZ, MOT_INPUT_RATE_MAX_HZ},
        {"f0_floor_hz", cfg->f0_floor_hz, 40.0, 250.0},
        {"f0_ceiling_hz", cfg->f0_ceiling_hz, 40.0, 1000.0},
        {"voicing_threshold", cfg->voicing_threshold, 0.0, 2.0},
        {"silence_threshold", cfg->silence_threshold, 0.0, 2.0},
        {"octave_cost", cfg->octave_cost, 0.0, 2.0},
        {"octave_jump_cost", cfg->octave_jump_cost, 0.0, 2.0},
        {"voiced_unvoiced_cost", cfg->voiced_unvoiced_cost, 0.0, 2.0},
        {"range_cost", cfg->range_cost, 0.0, 2.0},
        {"harmonic_cost", cfg->harmonic_cost, 0.0, 2.0},
        {"vad_above_noise_db", cfg->vad_above_noise_db, 1.0, 60.0},
        {"vad_voiced_above_noise_db", cfg->vad_voiced_above_noise_db, 1.0, 60.0},
        {"vad_below_peak_db", cfg->vad_below_peak_db, 5.0, 120.0},
        {"vad_floor_dbfs", cfg->vad_floor_dbfs, -120.0, 0.0},
        {"onset_min_s", cfg->onset_min_s, 0.02, 0.5},
        {"min_pause_s", cfg->min_pause_s, 0.05, 2.0},
        {"nucleus_dip_db", cfg->nucleus_dip_db, 0.0, 20.0},
        {"nucleus_below_peak_db", cfg->nucleus_below_peak_db, 1.0, 120.0},
        {"window_s", cfg->window_s, 1.0, 60.0},
        {"provisional_s", cfg->provisional_s, 0.5, 60.0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (out_of_range(rows[i].value, rows[i].lo, rows[i].hi)) {
            if (detail && detail_size)
                snprintf(detail, detail_size, "%s = %g is outside %g..%g", rows[i].name,
                         rows[i].value, rows[i].lo, rows[i].hi);
            return MOT_ERR_CONFIG;
        }
    }
    const char *why = NULL;
    if (cfg->f0_floor_hz >= cfg->f0_ceiling_hz)
        why = "f0_floor_hz must be below f0_ceiling_hz";
    else if (cfg->provisional_s > cfg->window_s)
        why = "provisional_s must not exceed window_s";
    else if (cfg->vad_voiced_above_noise_db > cfg->vad_above_noise_db)
        why = "vad_voiced_above_noise_db must not exceed vad_above_noise_db";
    if (why) {
        if (detail && detail_size)
            snprintf(detail, detail_size, "%s", why);
        return MOT_ERR_CONFIG;
    }
    return MOT_OK;
}
