/* mot_summary: what the analysis window says about a call's opening.
 * A plain value type, copied freely. Undefined values (no voiced frames,
 * no speech yet) are NAN: sinks write them as null / empty. */
#ifndef MOT_SUMMARY_H
#define MOT_SUMMARY_H

#include "mot/export.h"

typedef enum mot_state {
    MOT_STATE_LISTENING = 0,   /* no speech onset yet, or under provisional_s */
    MOT_STATE_PROVISIONAL = 1, /* provisional_s of window analysed */
    MOT_STATE_FINAL = 2        /* window complete, or input finished */
} mot_state;

/* Reason codes, as bits of mot_summary.reasons. Order is stable. */
typedef enum mot_reason {
    MOT_REASON_FLAT_PITCH = 1u << 0,
    MOT_REASON_FLAT_ENERGY = 1u << 1,
    MOT_REASON_SLOW_PACE = 1u << 2,
    MOT_REASON_FAST_PACE = 1u << 3,
    MOT_REASON_LITTLE_SPEECH = 1u << 4
} mot_reason;
#define MOT_REASON_COUNT 5

typedef struct mot_summary {
    mot_state state;
    double heard_s;              /* input consumed so far, s */
    double window_start_s;       /* speech onset, s; NAN before it */
    double window_end_s;         /* end of analysed window so far, s; NAN before onset */
    double speech_s;             /* speech inside the window, s */
    double f0_median_hz;         /* median F0 over voiced window frames */
    double f0_sd_st;             /* F0 standard deviation, semitones */
    double f0_range_st;          /* 5th..95th percentile span, semitones */
    double f0_iqr_st;            /* 25th..75th percentile span, semitones: the
                                    spread measure least moved by stray frames */
    double energy_mean_dbfs;     /* mean energy over speech frames */
    double energy_sd_db;         /* energy SD over speech frames */
    double syllable_rate_hz;     /* nuclei per second of window */
    double articulation_rate_hz; /* nuclei per second of speech */
    double pause_ratio;          /* pause time / window time, 0..1 */
    int n_voiced;                /* voiced frames in the window */
    int n_nuclei;                /* syllable nuclei in the window */
    /* Verdict: filled when the engine has a model, else NAN / 0 / 0. */
    double dull_score;           /* 0..1 */
    int dull;                    /* 1 when dull_score >= the model threshold */
    unsigned reasons;            /* OR of mot_reason */
} mot_summary;

/* The stable code of one reason bit ("flat_pitch", ...); NULL if `reason`
 * is not exactly one known bit. Static string. */
MOT_API const char *mot_reason_code(unsigned reason);

#endif
