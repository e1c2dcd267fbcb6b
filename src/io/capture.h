/* mot_capture: one channel of a PortAudio input device, delivered as mono
 * float samples through a lock-free ring (io/ring.h).
 *
 * PortAudio runs the stream in callback mode (its blocking JACK streams
 * crash in Pa_StopStream with 19.6). The callback only copies the chosen
 * channel into the ring, counting what does not fit; it never locks,
 * allocates, waits or makes a system call (with timing on, it reads the
 * monotonic clock, a vDSO call on Linux). The analysis thread polls with
 * mot_capture_read().
 *
 * Every call below needs PortAudio initialised (io/device.h:
 * mot_audio_init() first, mot_audio_terminate() once everything made is
 * freed); the device comes from mot_device_find(). Thread-safety: one
 * thread calls these functions; the stream's callback runs on PortAudio's
 * thread; mot_capture_stats_get() is safe while it runs. */
#ifndef MOT_IO_CAPTURE_H
#define MOT_IO_CAPTURE_H

#include <stddef.h>

#include "io/device.h"
#include "mot/status.h"

typedef struct mot_capture mot_capture;

typedef struct mot_capture_params {
    double rate_hz;  /* stream rate; <= 0 means the device's default rate */
    int channel;     /* 0-based input channel to analyse */
    double buffer_s; /* audio the ring holds before samples are dropped, s (> 0) */
    double max_s;    /* the stream completes after this much audio, s; 0: never */
    int timing;      /* 1: time every callback (see mot_capture_stats_get()) */
} mot_capture_params;

/* Open (not start) an input stream on `dev` (borrowed) with *params
 * (copied). On success *out owns it (free with mot_capture_free()). On
 * failure *out is NULL, the status is MOT_ERR_CHANNEL (no such channel),
 * MOT_ERR_SAMPLE_RATE (rate refused), MOT_ERR_OPEN (PortAudio could not open
 * the stream), MOT_ERR_INVALID_ARG or MOT_ERR_NOMEM, with a sentence naming
 * the device in `detail`. */
mot_status mot_capture_open(const mot_device *dev, const mot_capture_params *params,
                            mot_capture **out, char *detail, size_t detail_size);

/* The stream's actual rate, Hz, and the number of channels opened. */
double mot_capture_rate_hz(const mot_capture *c);
int mot_capture_channels(const mot_capture *c);

/* Start the stream. On failure MOT_ERR_OPEN with PortAudio's reason. */
mot_status mot_capture_start(mot_capture *c, char *detail, size_t detail_size);

/* Move up to `max` captured samples, oldest first, into `out`; returns how
 * many (0 when none are waiting). Never blocks. */
size_t mot_capture_read(mot_capture *c, float *out, size_t max);

/* 1 while the stream runs, 0 once it has stopped on its own (max_s
 * reached, or the device went away) or was never started. Samples may still
 * wait in the ring. */
int mot_capture_running(const mot_capture *c);

/* 1 if the stream was started and has stopped with max_s not reached:
 * the device went away (or failed). */
int mot_capture_lost(const mot_capture *c);

typedef struct mot_capture_stats {
    unsigned long long callbacks;      /* callbacks so far */
    unsigned long long frames;         /* frames taken from PortAudio (up to max_s) */
    unsigned long long dropped;        /* samples lost because the ring was full */
    unsigned long long host_overflows; /* callbacks flagged paInputOverflow:
                                          audio lost before the callback */
    unsigned long min_block, max_block; /* frames per callback (0 before the first) */
    double max_callback_s;             /* longest callback, s; NAN without timing */
    size_t ring_capacity, ring_peak;   /* samples */
} mot_capture_stats;

/* Running counters; safe to call while the stream runs. */
void mot_capture_stats_get(const mot_capture *c, mot_capture_stats *out);

/* Stop and close the stream and free *c; NULL is fine. */
void mot_capture_free(mot_capture *c);

#endif
