/* Speech/pause decision per frame from its energy: the frame's level in the
 * telephone band (src/engine/band.h), so that a call reads alike recorded
 * at the PBX and heard through a line.
 *
 * The noise floor comes from minimum statistics (Martin 2001): the lowest
 * frame energy of the last MOT_VAD_NOISE_WINDOW_S seconds, without bias
 * correction (frames are 50 ms long, so the minimum of stationary noise sits
 * within about a decibel of its mean). The floor follows that minimum down
 * at once. It follows it up at once only when the whole window is steady
 * (spread under MOT_VAD_STEADY_DB: a new background); otherwise, during
 * fluent speech with no pause in the window, it creeps up by
 * MOT_VAD_RISE_DB_PER_S, so that speech cannot become its own noise floor.
 * A new background that comes with speech (a line that connects after a
 * near-silent lead-in, a colleague's fan switched on) would leave the floor
 * under it for many seconds at that rate, and every pause would read as
 * speech. So MOT_VAD_BACKGROUND_RUN_FRAMES unvoiced frames in a row within
 * MOT_VAD_STEADY_DB of each other, the loudest of which would read as
 * speech, are taken
 * as the background: minimum statistics start again from them. Speech is
 * not that steady without a voice for that long: between its vowels the
 * level dips and climbs by more within a syllable or two, and a fricative
 * lasts 0.1-0.3 s (the longest steady unvoiced run in the bench's speech,
 * a fricative of ve9qrp slowed to 0.75x by sox tempo, is 0.43 s: 0.3 s
 * made it the floor and the end of the word a pause).
 * The speech peak follows the loudest frame the pitch path found voiced (a
 * vowel: not a click, a knock or a burst of line noise) and sinks by
 * MOT_VAD_PEAK_DECAY_DB_PER_S, so that one loud word does not deafen the
 * detector for the rest of the call.
 * Frames under MOT_VAD_DIGITAL_SILENCE_DBFS are never speech and leave the
 * trackers untouched. A frame is speech when it stands cfg.vad_above_noise_db over the floor,
 * within cfg.vad_below_peak_db of the peak and over cfg.vad_floor_dbfs.
 *
 * The speaker against the room: 25 dB under the peak is de Jong & Wempe's
 * (2009) silence threshold for pauses (theirs is re the 99th percentile of
 * the intensity). Talk or noise that far under the agent's voice -- other
 * agents on a call-centre floor, breath, reverberation -- is not the agent
 * speaking, however much it fluctuates; the noise floor alone let a
 * fluctuating background read as speech (six-talker babble 25 dB under the
 * speech filled every pause with a 40 dB margin). Before the agent's first
 * vowel the loudest voiced frame is the background's own, so talk before
 * the first word still reads as speech.
 *
 * Weak vowels in noise: at 15 dB SNR the weaker vowels of a phrase lie
 * within 8 dB of the floor and read as pauses (the pause ratio rose by 0.10
 * and the articulation rate by 13 % on clean studio prompts). So a frame the
 * pitch path found voiced, within MOT_VAD_BRIDGE_FRAMES of a frame that
 * passed the full margin, needs only cfg.vad_voiced_above_noise_db -- on a
 * noisy line: when the peak of the frames that passed the full margin
 * stands less than MOT_VAD_NOISY_LINE_DB over the floor; from
 * MOT_VAD_CLEAN_LINE_DB on the full margin holds (linear between; on a clean
 * line a faint voice is more likely the customer leaking into the agent's
 * channel). The lower margin only extends speech that energy found: a
 * periodic background (hum, music on hold) cannot start speech or a call
 * with it, and can stretch speech by MOT_VAD_BRIDGE_FRAMES at most. */
#ifndef MOT_ENGINE_VAD_H
#define MOT_ENGINE_VAD_H

#include "mot/config.h"

#define MOT_VAD_NOISE_WINDOW_S 2.0
#define MOT_VAD_NOISE_FRAMES 200 /* MOT_VAD_NOISE_WINDOW_S / MOT_HOP_S */
#define MOT_VAD_STEADY_DB 6.0
#define MOT_VAD_RISE_DB_PER_S 1.0
#define MOT_VAD_PEAK_DECAY_DB_PER_S 1.0
#define MOT_VAD_DIGITAL_SILENCE_DBFS (-100.0) /* frames below: not background */
#define MOT_VAD_NOISY_LINE_DB 25.0
#define MOT_VAD_CLEAN_LINE_DB 35.0
#define MOT_VAD_BRIDGE_FRAMES 20 /* 0.2 s: under a pause (cfg.min_pause_s, 0.25 s) */
#define MOT_VAD_BACKGROUND_RUN_FRAMES 50 /* 0.5 s of steady unvoiced sound: a background */

/* The extreme energy of the last MOT_VAD_NOISE_FRAMES frames, kept as a
 * monotonic queue (a ring of the frames that can still become the extreme):
 * O(1) per frame on average instead of a scan of the window. */
typedef struct mot_vad_extreme {
    float energy[MOT_VAD_NOISE_FRAMES];
    long frame[MOT_VAD_NOISE_FRAMES];
    int head, len;
} mot_vad_extreme;

typedef struct mot_vad {
    double above_noise_db, voiced_above_noise_db, below_peak_db, floor_dbfs;
    mot_vad_extreme lo, hi; /* minimum and maximum over the window */
    long frames;            /* frames counted so far */
    float noise_dbfs; /* tracked noise floor */
    float peak_dbfs;  /* tracked speech peak; -120 before any frame */
    float loud_peak_dbfs; /* the same over frames that passed the full margin */
    long last_loud;       /* the latest such frame, -1 before any */
    int run;              /* unvoiced frames in a row within MOT_VAD_STEADY_DB */
    float run_lo, run_hi; /* their extremes */
} mot_vad;

void mot_vad_init(mot_vad *v, const mot_config *cfg);
void mot_vad_reset(mot_vad *v);

/* Feed one frame's energy and whether the pitch path found it voiced;
 * returns 1 for speech, 0 for non-speech. */
int mot_vad_push(mot_vad *v, float energy_dbfs, int voiced);

/* Feed a frame known not to be speech (a call-progress tone, tone.h): it
 * informs the noise floor like any background, and nothing else. */
void mot_vad_background(mot_vad *v, float energy_dbfs);

#endif
