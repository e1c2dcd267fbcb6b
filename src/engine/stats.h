/* Summary statistics of the analysis window, kept incrementally so that a
 * summary costs the same at any time and nothing grows with the window.
 *
 * F0 counts over the window's voiced frames (as Praat's statistics of a
 * Pitch object do), in semitones re 100 Hz, in a histogram of
 * MOT_STATS_BIN_ST-wide bins (percentiles to that resolution); its mean and
 * SD come from exact running sums. Energy mean and SD, over voiced speech
 * frames, use Welford's update. */
#ifndef MOT_ENGINE_STATS_H
#define MOT_ENGINE_STATS_H

#include "mot/engine.h"
#include "mot/summary.h"

#define MOT_STATS_MIN_ST (-24.0) /* 25 Hz */
#define MOT_STATS_BIN_ST 0.02
#define MOT_STATS_BINS 3600      /* up to +48 st, 1600 Hz */

typedef struct mot_stats {
    long n_window, n_speech, n_pause, n_voiced, n_nuclei;
    double st_sum, st_sum2;
    unsigned hist[MOT_STATS_BINS];
    long n_energy;
    double energy_mean, energy_m2;
} mot_stats;

void mot_stats_reset(mot_stats *st);

/* Count one labelled frame (only frames inside the window count). */
void mot_stats_add(mot_stats *st, const mot_frame *f);

/* Fill the feature fields of *out (not state, times or verdict). */
void mot_stats_summarise(const mot_stats *st, mot_summary *out);

#endif
