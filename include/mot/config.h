/* mot_config: every analysis parameter in one place.
 *
 * mot_config_default() is the only source of defaults; the CLI, the tests
 * and the model file all start from it. Units are in the field names.
 * The engine copies the config at creation: a caller may free or change its
 * own copy afterwards. */
#ifndef MOT_CONFIG_H
#define MOT_CONFIG_H

#include <stddef.h>

#include "mot/export.h"
#include "mot/status.h"

/* The input rates the engine takes (mot_config.input_rate_hz), Hz. */
#define MOT_INPUT_RATE_MIN_HZ 8000.0
#define MOT_INPUT_RATE_MAX_HZ 192000.0

typedef struct mot_config {
    /* Rate of the input samples handed to mot_engine_process(), 8000..192000.
     * Default 8000. Input is resampled to MOT_ANALYSIS_RATE_HZ inside. */
    double input_rate_hz;

    /* Pitch search range, Hz. Defaults 60 and 500; floor 40..250, ceiling up
     * to 1000 and above the floor.
     * The analysis window lasts 3 periods of the floor (50 ms at 60 Hz). */
    double f0_floor_hz;
    double f0_ceiling_hz;

    /* Path-finder weights after Boersma (1993) and Praat's To Pitch (ac):
     * a frame is voiced when its best normalised autocorrelation beats
     * voicing_threshold (default 0.45); frames quieter than
     * silence_threshold (default 0.03, relative to the loudest peak so far)
     * lean unvoiced; octave_cost (0.01 per octave) favours high candidates;
     * octave_jump_cost (0.35 per octave) and voiced_unvoiced_cost (0.14)
     * penalise jumps between frames. All 0..2. */
    double voicing_threshold;
    double silence_threshold;
    double octave_cost;
    double octave_jump_cost;
    double voiced_unvoiced_cost;
    /* Not in Praat: cost per octave of a candidate beyond 0.75 octave above
     * the speaker's running median F0 (default 0.2, 0..2). Keeps narrowband
     * noise and frication from reading as high "voiced" pitch. */
    double range_cost;
    /* Not in Praat: cost of a candidate that the frame's spectrum shows to
     * be a multiple of a real lower fundamental (peaks half- or third-way
     * between its harmonics: the telephone band removed the fundamental and
     * the autocorrelation cannot tell f0 from 2 f0), or a subharmonic (no
     * peaks at its own odd harmonics). Default 0.2, 0..2. */
    double harmonic_cost;

    /* Speech/pause detector, on each frame's level in the telephone band
     * (over 300 Hz). A frame is speech when that level is at least
     * vad_above_noise_db (default 8) over the tracked noise floor -- on a
     * noisy line (speech peak under 25-35 dB over the floor, see
     * src/engine/vad.h) a frame the pitch path found voiced only
     * vad_voiced_above_noise_db (default 3, 1..vad_above_noise_db) near
     * speech that passed the full margin -- no more than
     * vad_below_peak_db (default 25, de Jong & Wempe's silence threshold;
     * 5..120) under the tracked peak of the voiced frames, and above
     * vad_floor_dbfs (default -60). */
    double vad_above_noise_db;
    double vad_voiced_above_noise_db;
    double vad_below_peak_db;
    double vad_floor_dbfs;

    /* Speech onset: this much continuous speech starts the window. Default
     * 0.10 s, 0.02..0.5. */
    double onset_min_s;

    /* Silences shorter than this are part of speech (stop closures); longer
     * ones are pauses. Default 0.25 s (de Jong & Wempe use 0.3 s), 0.05..2. */
    double min_pause_s;

    /* Syllable nuclei (de Jong & Wempe 2009): a peak of the telephone-band
     * level counts when it rises nucleus_dip_db (default 2) above the
     * lowest point since the previous peak, lies no more than
     * nucleus_below_peak_db (default 25) under the loudest speech so far,
     * and is voiced. */
    double nucleus_dip_db;
    double nucleus_below_peak_db;

    /* Analysis window from the speech onset, s. Default 14, 1..60. */
    double window_s;
    /* A provisional verdict is formed this long into the window. Default 4,
     * 0.5..window_s. */
    double provisional_s;
} mot_config;

/* Analysis sample rate and frame hop: fixed, so that every model and every
 * front end sees the same frames. */
#define MOT_ANALYSIS_RATE_HZ 8000
#define MOT_HOP_S 0.01

/* Fill *cfg with the defaults above. Thread-safe. */
MOT_API void mot_config_default(mot_config *cfg);

/* Check every field. On error returns MOT_ERR_CONFIG and, when `detail` is
 * not NULL, writes the offending field's name and range into it (at most
 * detail_size bytes, always NUL-terminated). Thread-safe. */
MOT_API mot_status mot_config_check(const mot_config *cfg, char *detail,
                                    size_t detail_size);

#endif
