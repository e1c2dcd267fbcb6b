/* Pitch: F0 and voicing per 10 ms frame, after Boersma (1993), "Accurate
 * short-term analysis of the fundamental frequency and the
 * harmonics-to-noise ratio of a sampled sound", the method of Praat's
 * To Pitch (ac).
 *
 * Each frame (3 periods of the floor, Hann window, mean removed) yields up
 * to MOT_PITCH_MAX_CANDIDATES candidates: the unvoiced one and the peaks of
 * the autocorrelation normalised by the window's own autocorrelation. The
 * autocorrelation keeps the period even when a telephone band has removed
 * the fundamental. It is computed at half the analysis rate (low-passed to
 * about 1.6 kHz: a quarter of the FFT work), and the candidates are ranked
 * there, where a tone above the band cannot line up with some of them. The
 * frame's strengths are then scaled to the full band, as Praat measures
 * voicing (low-passed noise correlates at long lags about twice as
 * strongly, which had voiced hiss at the floor), and each period is refined
 * on the full-rate frame. A Viterbi path through the candidates
 * (octave cost, octave-jump cost, voiced/unvoiced cost; Praat's weights)
 * picks one per frame. Two additions to Praat: candidates more than 0.75
 * octave above the speaker's running median pay cfg.range_cost per further
 * octave, and candidates whose spectrum marks them as a multiple or a
 * subharmonic of the real fundamental pay up to cfg.harmonic_cost. Praat
 * searches the whole sound at once; here the path is decided with a fixed
 * lag of MOT_PITCH_LAG_FRAMES, which keeps memory and latency bounded for
 * live use.
 *
 * Units: samples at MOT_ANALYSIS_RATE_HZ in, Hz out. All memory is
 * allocated in mot_pitch_new(). */
#ifndef MOT_ENGINE_PITCH_H
#define MOT_ENGINE_PITCH_H

#include <stddef.h>

#include "mot/config.h"
#include "mot/status.h"

#define MOT_PITCH_MAX_CANDIDATES 15
#define MOT_PITCH_LAG_FRAMES 30
/* Frames voiced at least this strongly inform the speaker's median... */
#define MOT_PITCH_CONFIDENT_VOICING 0.7f
/* ...which steers the range cost once this many have been seen. */
#define MOT_PITCH_CONFIDENT_FRAMES 50

typedef struct mot_pitch mot_pitch;

/* Frame length in samples at MOT_ANALYSIS_RATE_HZ for this config, and the
 * length of the Hann window at its centre that the level is measured over. */
size_t mot_pitch_frame_samples(const mot_config *cfg);
size_t mot_pitch_window_samples(const mot_config *cfg);

mot_status mot_pitch_new(const mot_config *cfg, mot_pitch **out);
void mot_pitch_free(mot_pitch *p);
void mot_pitch_reset(mot_pitch *p);

/* Analyse one frame of mot_pitch_frame_samples() samples (not windowed) and
 * advance the path. Frames must follow each other by one hop (MOT_HOP_S)
 * since creation or the last reset: the decimation reuses the overlap. `energy_dbfs` receives the frame's level. Returns 1 and
 * writes the F0 (0 = unvoiced) and voicing (0..1) of the frame that left
 * the path, MOT_PITCH_LAG_FRAMES frames earlier; returns 0 while the path
 * is filling. */
int mot_pitch_push(mot_pitch *p, const float *frame, float *energy_dbfs,
                   float *f0_hz, float *voicing);

/* After the last push: returns 1 and the next held frame's F0 and voicing,
 * in order, until none is left (then 0 and the path is empty). */
int mot_pitch_flush(mot_pitch *p, float *f0_hz, float *voicing);

/* The frame given out as (f0_hz, voicing) was not the speaker's voice (a
 * call-progress tone, tone.h): take it out of the speaker's median, which
 * it would otherwise pull towards the tone. */
void mot_pitch_untrack(mot_pitch *p, float f0_hz, float voicing);

#endif
