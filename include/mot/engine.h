/* mot_engine: the push-driven analysis of one call's opening.
 *
 * Hand it mono float samples (full scale +-1.0) in blocks of any size; it
 * resamples them to MOT_ANALYSIS_RATE_HZ, cuts 10 ms frames, tracks pitch,
 * energy and speech, finds the speaker's first speech onset, and summarises
 * the analysis window that starts there. Frames come out with a short delay
 * (the pitch path and the pause decision look ahead; see
 * mot_engine_latency_s()).
 *
 * All memory is allocated by mot_engine_new(); process, finish, summary and
 * reset never allocate, lock, block, print or do I/O.
 * Thread-safety: one thread at a time per engine. Different engines may run
 * on different threads at once and may share one mot_model. */
#ifndef MOT_ENGINE_H
#define MOT_ENGINE_H

#include <stddef.h>

#include "mot/config.h"
#include "mot/export.h"
#include "mot/model.h"
#include "mot/status.h"
#include "mot/summary.h"

typedef struct mot_engine mot_engine;

/* One 10 ms analysis frame. */
typedef struct mot_frame {
    double time_s;       /* frame centre, s since the first sample pushed */
    float f0_hz;         /* fundamental frequency, 0 when unvoiced */
    float voicing;       /* periodicity strength, 0..1: the chosen candidate's
                            normalised autocorrelation, or for unvoiced frames
                            the best one found (0 when too quiet to test) */
    float energy_dbfs;   /* RMS level of the Hann-windowed frame, dBFS
                            (full-scale square wave = 0), floor -120 */
    float band_dbfs;     /* the same over 300 Hz (the telephone band): what
                            the speech detector reads */
    float vowel_dbfs;    /* the same over 300-2000 Hz, where vowels carry
                            their energy: what the syllable nuclei read */
    unsigned char speech;  /* 1 speech (short gaps included), 0 pause/silence */
    unsigned char nucleus; /* 1 if a syllable nucleus sits in this frame */
    unsigned char in_window; /* 1 if the frame lies inside the analysis window */
    unsigned char tone;    /* 1 if a call-progress tone (ringback, dial, busy,
                              beep) fills the frame: never speech, and
                              unvoiced (f0_hz and voicing 0) */
} mot_frame;

/* Create an engine. `cfg` is copied (NULL means mot_config_default()).
 * `model` is borrowed and may be NULL (then summaries carry no verdict); it
 * must outlive the engine. On success *out owns a new engine to free with
 * mot_engine_free(). On failure *out is NULL and, when `detail` is given,
 * it names the bad config field. */
MOT_API mot_status mot_engine_new(const mot_config *cfg, const mot_model *model,
                                  mot_engine **out, char *detail,
                                  size_t detail_size);

/* Free an engine; NULL is fine. */
MOT_API void mot_engine_free(mot_engine *engine);

/* Forget everything heard so far, ready for an unrelated call at the same
 * input rate. Never allocates. */
MOT_API void mot_engine_reset(mot_engine *engine);

/* Push samples and collect frames.
 * in:     `*n_in` mono samples at cfg.input_rate_hz (may be NULL if *n_in is 0).
 *         Non-finite samples are treated as 0 and samples beyond +-1
 *         are clipped to full scale.
 * n_in:   in: samples available; out: samples consumed.
 * out:    room for `*n_out` frames, or NULL to discard frames.
 * n_out:  in: capacity of `out`; out: frames written.
 * When `out` is full the engine stops consuming: call again with the rest.
 * With out == NULL every sample is consumed. Returns MOT_ERR_FINISHED after
 * mot_engine_finish(). Frames keep coming after the window is complete
 * (with in_window 0); only the summary stops changing. */
MOT_API mot_status mot_engine_process(mot_engine *engine, const float *in,
                                      size_t *n_in, mot_frame *out,
                                      size_t *n_out);

/* Declare the end of input and flush the frames still held back. Call it
 * repeatedly until *n_out comes back 0 when `out` may fill up; out == NULL
 * discards. After it, mot_engine_summary() is final. */
MOT_API mot_status mot_engine_finish(mot_engine *engine, mot_frame *out,
                                     size_t *n_out);

/* The running summary of the analysis window: valid at any time, final once
 * the window is complete or the input finished. Writes *out. Never fails. */
MOT_API void mot_engine_summary(const mot_engine *engine, mot_summary *out);

/* Where the engine stands (what mot_engine_summary() would put in .state),
 * without computing the summary: cheap enough to ask after every block. */
MOT_API mot_state mot_engine_state(const mot_engine *engine);

/* 1 once the whole analysis window has been analysed (a batch reader may
 * stop reading), else 0. */
MOT_API int mot_engine_window_complete(const mot_engine *engine);

/* How far frame output trails the input, in seconds (resampler, pitch path
 * and pause decision together). */
MOT_API double mot_engine_latency_s(const mot_engine *engine);

#endif
