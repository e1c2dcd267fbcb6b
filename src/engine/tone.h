/* Call-progress tones: ringback, dial and busy tones, the recording beep,
 * the special-information tone (SIT) and the plain 2100 Hz answer tone
 * (each measured: tests/engine/test_tone.c, and SIT and 2100 Hz before
 * speech with sox). A recorded outbound call
 * often opens with seconds of ringback before anyone speaks, and a tone is
 * loud, steady and periodic: read as speech it opened the window on the
 * ringback and gave a flat pitch at 400-500 Hz, so that an unanswered call
 * read as a dull agent (flat_pitch, flat_energy, slow_pace).
 *
 * These tones are one or two steady sinusoids (ITU-T E.180), so the
 * detector reads, every MOT_TONE_STRIDE frames, a spectrum of the
 * telephone band through a MOT_TONE_WINDOW_S Hann window centred on the
 * frame. It reads every second sample (4 kHz): the band over 2 kHz folds
 * onto the one under it, so a tone's lines stay lines (the 2100 Hz answer
 * tone reads at 1900 Hz) and all of the band's power stays in the total,
 * at half the cost of the whole-rate spectrum. From each spectrum:
 * - purity: the share of the power over MOT_BAND_LOW_HZ in the two
 *   strongest spectral lines (each its peak bin +-2, the window's main
 *   lobe);
 * - steadiness: the similarity (cosine of the magnitude spectra) to the
 *   spectrum MOT_TONE_STEADY_LAG frames earlier, and the step in level
 *   from the spectrum before.
 * A spectrum is strict when purity >= MOT_TONE_PURITY, similarity >=
 * MOT_TONE_STEADY and the step <= MOT_TONE_STEP_DB. A frame is a tone when
 * the spectrum nearest it is pure and a run of strict spectra covering at
 * least MOT_TONE_FRAMES frames lies within MOT_TONE_REACH frames of it
 * with nothing but pure spectra between (the spectra at a tone's edges,
 * whose window holds part of it, are pure but not steady).
 *
 * Thresholds from the bench speech (the 326 files bench/accuracy.sh and
 * bench/verdict.sh make: the codec2 and asterisk recordings, each clean,
 * band-limited, noisy, GSM, mu-law and with babble, and Praat-monotonised,
 * slowed and sped-up versions; 3.4 hours): the longest run of strict
 * spectra in speech is 1, and no frame of it is a tone; a UK ringback
 * burst (0.4 s) gives runs of 7, clean, at 10-15 dB SNR and through GSM
 * (measured at a spectrum every 40 ms; see MOT_TONE_STRIDE).
 * Wider windows separate them better (voice harmonics drift within
 * 100 ms); 50 ms windows gave long strict runs in monotonised speech.
 *
 * The detector reads the samples itself as they arrive and answers for a
 * frame from the frames around it, as far as they have been read: the
 * engine asks MOT_PITCH_LAG_FRAMES after the frame, so this adds no
 * latency. Not detected: DTMF digits (40-100 ms, shorter than a run), the
 * V.8 answer tone ANSam (its 15 Hz amplitude modulation steps the level),
 * and any tone under about 12 dB SNR of white noise, where the noise takes
 * a tenth of the power and purity fails (tests/engine/test_tone.c). A
 * vowel held at a machine-exact F0 over 300 Hz with nearly all of its
 * power in the fundamental may read as a tone (two strong related lines,
 * harmonics 1 and 2, 1 and 3 or 2 and 3, are a voice's, not a tone's); a
 * wobble of 0.1 semitone, a tenth of a human held vowel's, is enough not
 * to. All memory is allocated in mot_tone_new(). */
#ifndef MOT_ENGINE_TONE_H
#define MOT_ENGINE_TONE_H

#include <stddef.h>

#include "mot/status.h"

#define MOT_TONE_WINDOW_S 0.1
/* Frames per spectrum. One every 80 ms: at one every 40 ms the tone stage
 * had grown to about 11 % of the engine's time (perf, bench/speed.sh's
 * calls; its 400-point FFT alone 7 %), and halving it took the engine from
 * 0.285 to 0.269 s on those calls, with every record of the 2171 bench
 * files unchanged and the tones of tests/engine/test_tone.c found as well
 * (at 10 dB SNR, better). One every frame at 8 kHz added 60 % or more. The
 * lag, run, reach and ring below are in frames, multiples of it. */
#define MOT_TONE_STRIDE 8
#define MOT_TONE_PURITY 0.9f
/* The weaker of the two lines holding this share of the power, where the
 * two can be harmonics 1 and 2, 1 and 3 or 2 and 3 of one fundamental,
 * makes them a voice's: not pure. */
#define MOT_TONE_HARMONIC_SHARE 0.02f
#define MOT_TONE_STEADY 0.97f
#define MOT_TONE_STEADY_LAG 8
#define MOT_TONE_STEP_DB 1.0f
#define MOT_TONE_FRAMES 16
#define MOT_TONE_REACH 16
/* Frames remembered: a run's worth either side of the reach. */
#define MOT_TONE_RING 64

typedef struct mot_tone mot_tone;

mot_status mot_tone_new(mot_tone **out);
void mot_tone_free(mot_tone *t);

/* Forget the stream: the next sample is the first of a new one. */
void mot_tone_reset(mot_tone *t);

/* Read n more samples of the telephone band at MOT_ANALYSIS_RATE_HZ
 * (sample 0 is the first of the stream; frame k is centred on sample
 * k * hop + hop / 2, as the engine's frames are). */
void mot_tone_push(mot_tone *t, const float *x, size_t n);

/* 1 if frame k is a tone, by what has been read so far. Frames older than
 * MOT_TONE_RING - 2 * MOT_TONE_FRAMES behind the newest read answer 0. */
int mot_tone_is_tone(const mot_tone *t, long k);

#endif
