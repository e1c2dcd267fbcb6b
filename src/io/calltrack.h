/* mot_calltrack: one engine following a stream that carries call after
 * call (a sound card, a long-running feed), cutting it into calls and
 * saying when each call's verdicts are formed.
 *
 * - A call's engine starts with the stream; its provisional event comes
 *   once cfg.provisional_s of its window has been analysed, its final event
 *   once the window is complete.
 * - When the call's final verdict is out, or no speech onset has been heard
 *   yet, a run of gap_s of non-speech frames (mot_frame.speech == 0) ends
 *   it: the engine is reset and the next onset belongs to the next call.
 *   Frames trail the input (mot_engine_latency_s()), so the tracker keeps
 *   the last few seconds of input and replays them into the reset engine
 *   from just before the end of the silence: the new call's first words
 *   are not lost, and it starts with up to MOT_CALLTRACK_PREROLL_S of the
 *   silence, as a recording would.
 * - A call is numbered once it has an onset: silences between calls do
 *   not use up numbers.
 *
 * The tracker does no I/O and takes no locks; all its memory is allocated
 * by mot_calltrack_new(), so push and finish may run on the consumer side
 * of a real-time ring. mot_call_event_write_jsonl() is the events' sink.
 * Thread-safety: one thread at a time per tracker; trackers may share a
 * mot_model. */
#ifndef MOT_IO_CALLTRACK_H
#define MOT_IO_CALLTRACK_H

#include <stddef.h>
#include <stdio.h>

#include "io/record.h"
#include "mot/config.h"
#include "mot/engine.h"
#include "mot/model.h"
#include "mot/status.h"
#include "mot/summary.h"

/* Silence a new call's engine hears before the onset search starts, s. */
#define MOT_CALLTRACK_PREROLL_S 1.0
/* Room the event array of push and finish needs, events. */
#define MOT_CALLTRACK_MIN_EVENTS 2

typedef enum mot_call_event_kind {
    MOT_CALL_PROVISIONAL = 1, /* cfg.provisional_s of the window analysed */
    MOT_CALL_FINAL = 2        /* the window is complete, or the stream ended */
} mot_call_event_kind;

typedef struct mot_call_event {
    mot_call_event_kind kind;
    long call;           /* 1 for the first call, then 2, 3, ... */
    double time_s;       /* stream audio pushed when the event was formed,
                            s since the first sample */
    double call_start_s; /* where in the stream the call's engine started, s */
    mot_summary summary; /* the call's summary then; its times (heard_s,
                            window_start_s, window_end_s) count from
                            call_start_s, as in a recording of the call */
} mot_call_event;

typedef struct mot_calltrack mot_calltrack;

/* Make a tracker. `cfg` is copied (NULL: defaults; input_rate_hz is the
 * stream's rate). `model` is borrowed, may be NULL (no verdicts) and must
 * outlive the tracker. `gap_s` (MOT_HOP_S .. 86400) is the silence that
 * ends a call. On success *out owns the tracker (free with
 * mot_calltrack_free()); on a bad config, MOT_ERR_CONFIG with the field in
 * `detail`. */
mot_status mot_calltrack_new(const mot_config *cfg, const mot_model *model, double gap_s,
                             mot_calltrack **out, char *detail, size_t detail_size);

/* Free a tracker; NULL is fine. */
void mot_calltrack_free(mot_calltrack *t);

/* Push stream samples and collect events, in the engine's in-out style.
 * in:       `*n_in` mono samples at cfg.input_rate_hz (NULL if *n_in is 0).
 * n_in:     in: samples available; out: samples consumed.
 * events:   room for `*n_events` events, at least MOT_CALLTRACK_MIN_EVENTS.
 * n_events: in: capacity; out: events written.
 * When the events fill up the tracker stops consuming: call again with the
 * rest. Returns MOT_ERR_INVALID_ARG (too little room, NULL pointers) or
 * MOT_ERR_FINISHED after mot_calltrack_finish(). Never allocates. */
mot_status mot_calltrack_push(mot_calltrack *t, const float *in, size_t *n_in,
                              mot_call_event *events, size_t *n_events);

/* End of the stream: the call in progress, if it has an onset and no final
 * verdict yet, gets one from what was heard (mot_engine_finish()). Same
 * event contract as push; call until *n_events comes back 0. */
mot_status mot_calltrack_finish(mot_calltrack *t, mot_call_event *events, size_t *n_events);

typedef struct mot_call_status {
    long call;           /* number the current call has or will have */
    int has_onset;       /* the current call's window has begun */
    mot_call_event_kind sent; /* latest event of the current call, 0 for none */
    double time_s;       /* stream audio pushed, s */
    double call_start_s; /* stream time the current call's engine started, s */
    mot_frame frame;     /* the latest frame (time_s counts from call_start_s);
                            all zero before the first */
    double silence_s;    /* the run of non-speech frames up to it, s */
    mot_frame voiced;    /* the latest voiced frame of the call, all zero
                            before the first */
} mot_call_status;

/* Where the tracker stands. Never fails. */
void mot_calltrack_status(const mot_calltrack *t, mot_call_status *out);

/* The current call's running summary (mot_engine_summary()). */
void mot_calltrack_summary(const mot_calltrack *t, mot_summary *out);

/* The event names of JSON Lines output: "provisional", "final". */
const char *mot_call_event_name(mot_call_event_kind kind);

/* JSON Lines sink: one line {"event", "call", "time_s", then the batch
 * record's keys (io/record.h) in their order}. The record describes the
 * call as a recording of it would be described: `source` (borrowed) gives
 * file (the device or stream name), channel, sample_rate_hz and channels;
 * duration_s is the audio the call's engine heard, the rest comes from
 * ev->summary. Returns as mot_jsonl_write(); not flushed. */
mot_status mot_call_event_write_jsonl(FILE *f, const mot_call_event *ev,
                                      const mot_file_result *source);

#endif
