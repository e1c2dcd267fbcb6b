#include "engine/stats.h"

#include <math.h>
#include <string.h>

#include "mot/config.h"

void mot_stats_reset(mot_stats *st)
{
    memset(st, 0, sizeof *st);
}

void mot_stats_add(mot_stats *st, const mot_frame *f)
{
    if (!f->in_window)
        return;
    st->n_window++;
    if (f->speech)
        st->n_speech++;
    else
        st->n_pause++;
    /* Level over voiced speech frames: the short gaps that count as speech
     * sit at the background's level and would make the spread a measure of
     * the line, not of the speaker. */
    if (f->speech && f->f0_hz > 0.0f) {
        st->n_energy++;
        double d = f->energy_dbfs - st->energy_mean;
        st->energy_mean += d / (double)st->n_energy;
        st->energy_m2 += d * (f->energy_dbfs - st->energy_mean);
    }
    st->n_nuclei += f->nucleus;
    if (f->f0_hz > 0.0f) {
        double semitones = 12.0 * log2(f->f0_hz / 100.0);
        st->n_voiced++;
        st->st_sum += semitones;
        st->st_sum2 += semitones * semitones;
        long bin = lround(floor((semitones - MOT_STATS_MIN_ST) / MOT_STATS_BIN_ST));
        if (bin < 0)
            bin = 0;
        if (bin >= MOT_STATS_BINS)
            bin = MOT_STATS_BINS - 1;
        st->hist[bin]++;
    }
}

/* The q-quantile (0..1) of the voiced frames' semitones, interpolating
 * linearly inside the bin that holds it. */
static double quantile_st(const mot_stats *st, double q)
{
    double target = q * (double)st->n_voiced;
    double below = 0.0;
    for (int b = 0; b < MOT_STATS_BINS; b++) {
        double here = st->hist[b];
        if (here > 0.0 && below + here >= target) {
            double within = (target - below) / here;
            return MOT_STATS_MIN_ST + ((double)b + within) * MOT_STATS_BIN_ST;
        }
        below += here;
    }
    return MOT_STATS_MIN_ST + MOT_STATS_BINS * MOT_STATS_BIN_ST;
}

void mot_stats_summarise(const mot_stats *st, mot_summary *out)
{
    double window_s = (double)st->n_window * MOT_HOP_S;
    out->speech_s = (double)st->n_speech * MOT_HOP_S;
    out->n_voiced = (int)st->n_voiced;
    out->n_nuclei = (int)st->n_nuclei;
    out->pause_ratio = st->n_window ? (double)st->n_pause / (double)st->n_window : NAN;
    out->syllable_rate_hz = window_s > 0.0 ? (double)st->n_nuclei / window_s : NAN;
    out->articulation_rate_hz = out->speech_s > 0.0 ? (double)st->n_nuclei / out->speech_s : NAN;
    out->energy_mean_dbfs = st->n_energy ? st->energy_mean : NAN;
    out->energy_sd_db = st->n_energy > 1 ? sqrt(st->energy_m2 / (double)(st->n_energy - 1)) : NAN;
    if (st->n_voiced > 0) {
        double n = (double)st->n_voiced;
        double mean = st->st_sum / n;
        double var = (st->st_sum2 - n * mean * mean) / (n - 1.0);
        out->f0_sd_st = st->n_voiced > 1 ? sqrt(var > 0.0 ? var : 0.0) : NAN;
        out->f0_median_hz = 100.0 * exp2(quantile_st(st, 0.5) / 12.0);
        out->f0_range_st = quantile_st(st, 0.95) - quantile_st(st, 0.05);
        out->f0_iqr_st = quantile_st(st, 0.75) - quantile_st(st, 0.25);
    } else {
        out->f0_sd_st = out->f0_median_hz = out->f0_range_st = out->f0_iqr_st = NAN;
    }
}
