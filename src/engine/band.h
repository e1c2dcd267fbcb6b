/* The level of each frame in the telephone band, for the speech/pause
 * decision.
 *
 * A telephone line passes 300-3400 Hz; a recording made at the PBX or on a
 * headset also carries what lies under 300 Hz: mains hum, room rumble,
 * handling noise, and of the voice its fundamental and nasal murmur. Read on
 * the full band, that low end fills the pauses of one recording and not of
 * the same call heard through a line, so the two read different pause
 * ratios and speaking rates (on two linphone recordings, 0.07-0.12 against
 * 0.25-0.29). The speech detector therefore reads a band-limited level: the
 * analysis-rate samples (MOT_ANALYSIS_RATE_HZ, so the top of the band is its
 * Nyquist frequency) through a 4th-order Butterworth high-pass at
 * MOT_BAND_LOW_HZ (two biquads, bilinear transform with the cut-off
 * prewarped), then the RMS of the Hann-windowed frame as the pitch stage
 * measures the full-band level. The frame statistics (energy_mean_dbfs,
 * energy_sd_db) keep the full-band level.
 *
 * All memory is allocated in mot_band_new(). */
#ifndef MOT_ENGINE_BAND_H
#define MOT_ENGINE_BAND_H

#include <stddef.h>

#include "mot/status.h"

#define MOT_BAND_LOW_HZ 300.0

typedef struct mot_band mot_band;

/* A filter for frames of `frame_len` samples whose level is read over the
 * `window_len` samples at their centre (1 <= window_len <= frame_len). On
 * failure *out is NULL. */
mot_status mot_band_new(size_t frame_len, size_t window_len, mot_band **out);
void mot_band_free(mot_band *b);

/* Forget the filter's past: the next sample starts a new stream. */
void mot_band_reset(mot_band *b);

/* Filter n samples of the stream from x into y (x == y allowed). */
void mot_band_filter(mot_band *b, const float *x, float *y, size_t n);

/* Level of one filtered frame (frame_len samples), dBFS (full-scale
 * square wave = 0), floor -120. */
float mot_band_level_dbfs(mot_band *b, const float *frame);

#endif
