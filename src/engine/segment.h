/* Segmentation of the frame stream: speech onset, pauses, the analysis
 * window and syllable nuclei.
 *
 * - Onset: the first run of speech frames that lasts cfg.onset_min_s and
 *   holds MOT_SEGMENT_ONSET_VOICED voiced frames in a row starts the window,
 *   at that run's first frame but no earlier than MOT_SEGMENT_ONSET_LEAD_S
 *   before that voiced stretch (words start voiced or with a short
 *   consonant; hiss and clicks that the energy detector takes for speech do
 *   not, and a stray voiced frame or two in hiss is no word); the window
 *   holds the next cfg.window_s / MOT_HOP_S frames from there.
 * - Pauses: a run of non-speech frames shorter than cfg.min_pause_s inside
 *   speech (a stop closure, a breath between words) is relabelled speech;
 *   a longer one is a pause. Frames are held back until that is decided,
 *   at most cfg.min_pause_s.
 * - Syllable nuclei after de Jong & Wempe (2009), "Praat script to detect
 *   syllable nuclei and measure speech rate automatically": a local
 *   maximum of the vowel-band level (mot_frame.vowel_dbfs, see band.h)
 *   in a voiced speech frame that stands cfg.nucleus_dip_db over the
 *   lowest level since the previous maximum and no more than
 *   cfg.nucleus_below_peak_db under the loudest speech frame so far. (They
 *   use the whole file's 99th percentile; a running maximum keeps this
 *   causal.) Maxima and dips are read on those levels smoothed (in
 *   power) by a Hann window whose width is MOT_SEGMENT_SMOOTH_FRAC of the
 *   speaker's own syllable period: the median of the last
 *   MOT_SEGMENT_PERIODS intervals between nuclei within speech
 *   (MOT_SEGMENT_PERIOD_S until three are known). The fixed 50 ms energy
 *   window alone resolves more ripple inside a vowel the slower the speech,
 *   so the same words spoken slower gave more nuclei and faster fewer; a
 *   smoothing that stretches with the speech makes the decisions follow the
 *   syllables rather than the clock. Marking needs the frames up to
 *   MOT_SEGMENT_NUCLEUS_HOLD after the frame, so output trails by that many
 *   more frames. */
#ifndef MOT_ENGINE_SEGMENT_H
#define MOT_ENGINE_SEGMENT_H

#include "mot/config.h"
#include "mot/engine.h"

/* Room to hold: a pause run (at most 2 s) or an onset run, plus one. */
#define MOT_SEGMENT_MAX_HELD 202
/* An onset run needs this many voiced frames in a row... */
#define MOT_SEGMENT_ONSET_VOICED 3
/* ...starts at most this long before them... */
#define MOT_SEGMENT_ONSET_LEAD_S 0.25
/* ...and is given up if not confirmed this long after it. */
#define MOT_SEGMENT_ONSET_WAIT_S 0.5
/* Longest hold before the onset, frames. */
#define MOT_SEGMENT_ONSET_HOLD_FRAMES 75
/* Syllable period assumed before three intervals between nuclei are known,
 * s: 5 syllables a second, mid-range for conversational English (about
 * 4-6; Jacewicz et al. 2009). */
#define MOT_SEGMENT_PERIOD_S 0.2
/* The period estimate is kept within the syllable durations of natural
 * speech, 0.1-0.5 s (2-10 syllables a second), which bounds the hold. */
#define MOT_SEGMENT_PERIOD_MIN_S 0.1
#define MOT_SEGMENT_PERIOD_MAX_S 0.5
/* Intervals the period is the median of. */
#define MOT_SEGMENT_PERIODS 9
/* Smoothing window width as a fraction of the period: the Hann window reaches
 * zero MOT_SEGMENT_SMOOTH_FRAC / 2 periods plus one hop either side of its
 * centre. Chosen on all six bench speakers together (0.2-0.4 do about as
 * well); it keeps a consonant's dip (a third of a syllable or more) and
 * smooths over shorter ripple. */
#define MOT_SEGMENT_SMOOTH_FRAC 0.3
/* Frames the smoothing reaches either side at the longest period. */
#define MOT_SEGMENT_SMOOTH_MAX 8
/* Frames the nucleus decision waits for after its frame. */
#define MOT_SEGMENT_NUCLEUS_HOLD (MOT_SEGMENT_SMOOTH_MAX + 1)
/* Frames the nucleus stage keeps: the decided frame, its neighbours and
 * the smoothing's reach around them. */
#define MOT_SEGMENT_NUCLEUS_RING (2 * MOT_SEGMENT_SMOOTH_MAX + 3)
/* Most frames one push or flush can release. */
#define MOT_SEGMENT_MAX_OUT (MOT_SEGMENT_MAX_HELD + MOT_SEGMENT_NUCLEUS_HOLD + 1)

typedef struct mot_segment {
    int onset_frames, pause_frames, window_frames;
    double nucleus_dip_db, nucleus_below_peak_db;

    mot_frame held[MOT_SEGMENT_MAX_HELD]; /* a ring from held_head */
    int held_head, n_held;
    int run_speech;   /* speech frames in the held onset run */
    int voiced_streak; /* voiced speech frames in a row at its end */
    int run_gap;      /* non-speech frames at its end */
    int first_voiced; /* where its first MOT_SEGMENT_ONSET_VOICED voiced
                         frames in a row start, or -1 */
    int onset_found;
    double window_start_s;
    int window_released; /* frames released into the window so far */
    int in_pause; /* a long pause has been confirmed and goes on */

    /* Nucleus stage: labelled frames by their count in, as a ring. */
    mot_frame nq[MOT_SEGMENT_NUCLEUS_RING];
    float nq_power[MOT_SEGMENT_NUCLEUS_RING]; /* their energies as power */
    long nq_in;       /* frames entered */
    long nq_decided;  /* frames decided and passed on */
    float dip_dbfs;    /* lowest smoothed energy since the previous maximum */
    float loudest_dbfs; /* loudest speech frame so far */
    long last_nucleus; /* count of the latest nucleus in this speech run, or -1 */
    int periods[MOT_SEGMENT_PERIODS]; /* latest intervals between nuclei, frames */
    int n_periods;    /* intervals seen (the ring holds the latest) */
    /* The smoothing weights of the latest reach (they change only when the
     * period does), w[|d|] for d = -smooth_m..smooth_m. */
    double smooth_reach;
    int smooth_m;
    double smooth_w[MOT_SEGMENT_SMOOTH_MAX + 1];
} mot_segment;

void mot_segment_init(mot_segment *s, const mot_config *cfg);
void mot_segment_reset(mot_segment *s);

/* Feed one frame (speech = the detector's raw decision). Writes released
 * frames, labelled and in order, to out (room for MOT_SEGMENT_MAX_OUT);
 * returns how many. */
int mot_segment_push(mot_segment *s, const mot_frame *in, mot_frame *out);

/* End of input: release everything held. Same contract as push. */
int mot_segment_flush(mot_segment *s, mot_frame *out);

/* Window start, s, or NAN before the onset. */
double mot_segment_window_start_s(const mot_segment *s);

/* 1 once every frame of the window has been released (the engine counts a
 * window complete only when the nucleus stage has passed them all on). */
int mot_segment_window_complete(const mot_segment *s);

#endif
