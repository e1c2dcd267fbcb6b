/* mot_device: PortAudio's sound-card devices, inputs and outputs, and the
 * one lookup that turns what a user typed after --device into a device.
 *
 * Every call below needs PortAudio initialised: mot_audio_init() first,
 * mot_audio_terminate() once every stream made is freed. Thread-safety:
 * one thread calls these functions. */
#ifndef MOT_IO_DEVICE_H
#define MOT_IO_DEVICE_H

#include <stddef.h>

#include "mot/status.h"

typedef enum mot_device_dir {
    MOT_DEVICE_INPUT = 0, /* record from it (mot live, mot practice) */
    MOT_DEVICE_OUTPUT = 1 /* play to it (mot play) */
} mot_device_dir;

/* One device, seen in one direction. Strings belong to PortAudio and stay
 * valid until mot_audio_terminate(). */
typedef struct mot_device {
    int index;            /* PortAudio device index, as `mot devices` shows */
    const char *name;
    const char *host_api; /* "ALSA", "JACK Audio Connection Kit", ... */
    int max_channels;     /* input or output channels, by direction; >= 1 */
    double default_rate_hz;
    int is_default;       /* 1 for the default device of the direction */
} mot_device;

/* Initialise PortAudio. On failure, MOT_ERR_OPEN and PortAudio's reason in
 * `detail`. Standard error (fd 2) is sent to /dev/null while PortAudio
 * probes the host APIs, whose libraries (ALSA, JACK) print their probing
 * chatter there: call it before starting threads that write to stderr. */
mot_status mot_audio_init(char *detail, size_t detail_size);

/* Release PortAudio (after a successful mot_audio_init()), unless a
 * stream was abandoned: then PortAudio is left as it is, for the process
 * to end with. */
void mot_audio_terminate(void);

/* Called by a stream whose device went away by itself (a JACK server that
 * died): PortAudio 19.6 waits for ever, then asserts, when such a stream
 * is stopped or closed, and Pa_Terminate() closes what is open. The
 * stream's few kilobytes are left to the end of the process instead. */
void mot_audio_abandon(void);

/* PortAudio's sentence for error code `pa_error` (a PaError), with the
 * host's own detail when it has one, into `out` (NUL-terminated). */
void mot_audio_reason(int pa_error, char *out, size_t size);

/* Number of PortAudio devices (of either direction); 0 when it has none. */
int mot_device_count(void);

/* Fill *out for device `index` (0 .. count - 1) seen as `dir`. Returns 1
 * when it has channels in that direction, 0 when not (*out untouched). */
int mot_device_get(int index, mot_device_dir dir, mot_device *out);

/* Find the `dir` device `spec` names: NULL for the default device, a
 * device number, or a name (an exact match, else the one device whose name
 * contains `spec`, ignoring case). On failure MOT_ERR_OPEN with a sentence
 * in `detail` ("no input device is named ...", "... matches 2 output
 * devices: ..."). */
mot_status mot_device_find(const char *spec, mot_device_dir dir, mot_device *out,
                           char *detail, size_t detail_size);

#endif
