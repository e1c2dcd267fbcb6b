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
 * The syllable nuclei read a narrower band, 300 Hz to
 * MOT_BAND_VOWEL_HIGH_HZ (the same high-pass, then a 4th-order Butterworth
 * low-pass): a vowel's energy lies in its first formants, under 2 kHz,
 * while frication and the hiss of a radio or noisy line lie above it and
 * fill the dips between syllables there. On an HF-radio recording
 * (ve9qrp) the telephone band found 35 nuclei in 18.5 s of speech and the
 * same words slowed to 0.75x 40, sped up to 1.3x 40; the vowel band finds
 * 40, 43 and 43 (bench/verdict.sh, whole files). Elsewhere the counts
 * hardly move (bench/nuclei_vs_text.py with JOIN=8: the same nuclei per
 * syllable of the text, to 0.01, for the four asterisk voices).
 *
 * All memory is allocated in mot_band_new(). */
#ifndef MOT_ENGINE_BAND_H
#define MOT_ENGINE_BAND_H

#include <stddef.h>

#include "mot/status.h"

#define MOT_BAND_LOW_HZ 300.0
#define MOT_BAND_VOWEL_HIGH_HZ 2000.0

typedef struct mot_band mot_band;

/* A filter for frames of `frame_len` samples whose level is read over the
 * `window_len` samples at their centre (1 <= window_len <= frame_len):
 * the high-pass at MOT_BAND_LOW_HZ, then with `high_hz` > 0 a low-pass
 * there (MOT_BAND_LOW_HZ < high_hz < half the analysis rate). On failure
 * *out is NULL. */
mot_status mot_band_new(size_t frame_len, size_t window_len, double high_hz, mot_band **out);
void mot_band_free(mot_band *b);

/* Forget the filter's past: the next sample starts a new stream. */
void mot_band_reset(mot_band *b);

/* Filter n samples of the stream from x into y (x == y allowed). */
void mot_band_filter(mot_band *b, const float *x, float *y, size_t n);

/* The same, for a filter made with high_hz, from samples that are already
 * through the high-pass (the output of one made without, over the same
 * stream): only the low-pass runs, and y is what mot_band_filter() would
 * give from the input, bit for bit. */
void mot_band_filter_high_passed(mot_band *b, const float *x, float *y, size_t n);

/* Level of one filtered frame (frame_len samples), dBFS (full-scale
 * square wave = 0), floor -120. */
float mot_band_level_dbfs(mot_band *b, const float *frame);

#endif
