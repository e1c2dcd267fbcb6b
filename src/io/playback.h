/* mot_playback: mono audio held in memory, played to a PortAudio output
 * device, with pause and seek, and the position that is being heard.
 *
 * PortAudio runs the stream in callback mode. The callback copies the next
 * samples (or silence while paused) to the device and publishes where the
 * audio now reaching the listener is: the position it writes, less the
 * device's latency as PortAudio reports it for that buffer. It never
 * locks, allocates, waits or makes a system call: pause, seek and position
 * are single atomic words. A device that does not play the audio's rate
 * gets it resampled (speexdsp) once, at open; positions stay in seconds of
 * the audio given.
 *
 * Every call below needs PortAudio initialised (io/device.h). Thread-
 * safety: one thread calls these functions; the callback runs on
 * PortAudio's thread. */
#ifndef MOT_IO_PLAYBACK_H
#define MOT_IO_PLAYBACK_H

#include <stddef.h>

#include "io/device.h"
#include "mot/status.h"

typedef struct mot_playback mot_playback;

/* Open (not start) an output stream on `dev` (borrowed) for the `n`
 * samples at `rate_hz` in `samples` (borrowed: they must outlive the
 * playback). On success *out owns it (free with mot_playback_free()). On
 * failure *out is NULL, the status is MOT_ERR_OPEN (PortAudio could not
 * open the stream), MOT_ERR_RESAMPLER, MOT_ERR_INVALID_ARG or MOT_ERR_NOMEM,
 * with a sentence naming the device in `detail`. */
mot_status mot_playback_open(const mot_device *dev, const float *samples, size_t n,
                             double rate_hz, mot_playback **out, char *detail,
                             size_t detail_size);

/* The rate the device plays at, Hz (the audio's own, or the device's
 * default rate when it had to be resampled). */
double mot_playback_device_rate_hz(const mot_playback *p);

/* Start playing from the position set so far (the start, or a seek). On
 * failure MOT_ERR_OPEN with PortAudio's reason. */
mot_status mot_playback_start(mot_playback *p, char *detail, size_t detail_size);

/* Pause (1: the device gets silence) or resume (0). */
void mot_playback_pause(mot_playback *p, int paused);
int mot_playback_paused(const mot_playback *p);

/* Go on from `t_s` seconds into the audio (clamped to 0 .. the end); the
 * device's next buffer starts there. */
void mot_playback_seek(mot_playback *p, double t_s);

/* Where in the audio the sound now leaving the device is, s: it follows
 * the device's clock (the frames it has taken, less its latency), not the
 * wall clock. The whole length once the end has been played. */
double mot_playback_position_s(const mot_playback *p);

/* 1 while playing or paused; 0 once the end has been played out (or the
 * device stopped), or before the start. */
int mot_playback_active(const mot_playback *p);

/* 1 if the stream was started and has stopped before the end was played
 * out: the device went away (or failed). */
int mot_playback_lost(const mot_playback *p);

/* Stop and close the stream, free *p; NULL is fine. */
void mot_playback_free(mot_playback *p);

#endif
