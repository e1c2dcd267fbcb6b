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
 * Every call below needs PortAudio initialised: mot_capture_init() first,
 * mot_capture_terminate() once everything made is freed. Thread-safety: one
 * thread calls these functions; the stream's callback runs on PortAudio's
 * thread; mot_capture_stats_get() is safe while it runs. */
#ifndef MOT_IO_CAPTURE_H
#define MOT_IO_CAPTURE_H

#include <stddef.h>

#include "mot/status.h"

/* One PortAudio device with inputs. Strings belong to PortAudio and stay
 * valid until mot_capture_terminate(). */
typedef struct mot_capture_device {
    int index;              /* PortAudio device index, as `mot devices` shows */
    const char *name;
    const char *host_api;   /* "ALSA", "JACK Audio Connection Kit", ... */
    int max_input_channels; /* >= 1 */
    double default_rate_hz;
    int is_default;         /* 1 for the default input device */
} mot_capture_device;

/* Initialise PortAudio. On failure, MOT_ERR_OPEN and PortAudio's reason in
 * `detail`. Standard error (fd 2) is sent to /dev/null while PortAudio
 * probes the host APIs, whose libraries (ALSA, JACK) print their probing
 * chatter there: call it before starting threads that write to stderr. */
mot_status mot_capture_init(char *detail, size_t detail_size);

/* Release PortAudio (after a successful mot_capture_init()). */
void mot_capture_terminate(void);

/* Number of PortAudio devices (inputs or not); 0 when PortAudio has none. */
int mot_capture_n_devices(void);

/* Fill *out for device `index` (0 .. n_devices - 1). Returns 1 when it has
 * input channels, 0 when not (then *out is untouched). */
int mot_capture_device_get(int index, mot_capture_device *out);

/* Find the input device `spec` names: NULL for the default input device,
 * a device number, or a name (an exact match, else the one input device
 * whose name contains `spec`, ignoring case). On failure MOT_ERR_OPEN with
 * a sentence in `detail` ("no input device is named ...", "... matches 2
 * input devices: ..."). */
mot_status mot_capture_find(const char *spec, mot_capture_device *out,
                            char *detail, size_t detail_size);

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
mot_status mot_capture_open(const mot_capture_device *dev, const mot_capture_params *params,
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
