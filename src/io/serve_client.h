/* The AudioSocket client side: stream a call to a server such as
 * `mot serve` the way Asterisk's AudioSocket() application does.
 *
 * mot_as_client is the connection (UUID first, audio messages, hangup);
 * mot_send_file() replays a recorded call through it at real time (or
 * faster), converted to 8 kHz 16-bit mono, 20 ms per message.
 * Failures return a mot_status with a sentence in `detail`.
 * Thread-safety: one thread at a time per client. */
#ifndef MOT_IO_SERVE_CLIENT_H
#define MOT_IO_SERVE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "io/audiosocket.h"
#include "mot/status.h"

typedef struct mot_as_client mot_as_client;

/* Connect to `hostport` (borrowed) and send the UUID message. `rate_hz` is
 * the audio rate that mot_as_client_send() will carry (8000 for the plain
 * 0x10 messages, or a rate of 0x11..0x18). On success *out owns the client
 * (free with mot_as_client_free()). */
mot_status mot_as_client_open(const char *hostport, const unsigned char uuid[MOT_AS_UUID_BYTES],
                              double rate_hz, mot_as_client **out, char *detail,
                              size_t detail_size);

/* Send `n` samples (at most MOT_AS_MAX_PAYLOAD / 2) as one audio message.
 * Blocks until the kernel took it. MOT_ERR_OPEN when the server has closed
 * the connection. */
mot_status mot_as_client_send(mot_as_client *c, const int16_t *samples, size_t n, char *detail,
                              size_t detail_size);

/* Send the hangup message, then wait up to `wait_s` seconds for the server
 * to close its side (discarding whatever it sends back), so that the server
 * has handled the whole call when this returns MOT_OK with `detail` empty.
 * A server still holding the line after `wait_s` gives MOT_OK with a warning
 * in `detail`; one that resets the connection (it closed with audio unread)
 * gives MOT_ERR_OPEN: the call may not have been taken whole. */
mot_status mot_as_client_hangup(mot_as_client *c, double wait_s, char *detail,
                                size_t detail_size);

/* Close the connection and free; NULL is fine. */
void mot_as_client_free(mot_as_client *c);

typedef struct mot_send_options {
    const char *path;   /* the recording, anything libsndfile reads; borrowed */
    int channel;        /* >= 0, or MOT_CHANNEL_MIX */
    const char *to;     /* "HOST:PORT"; borrowed */
    double speed;       /* 1 = real time, 2 = twice as fast, 0 = as fast as possible */
    unsigned char uuid[MOT_AS_UUID_BYTES];
} mot_send_options;

typedef struct mot_send_stats {
    double audio_s;     /* audio sent, s */
    double wall_s;      /* from connect to the server's close, s */
    double rate_hz;     /* the file's rate */
    size_t n_messages;  /* audio messages sent */
} mot_send_stats;

/* Replay the file: UUID, 20 ms messages of 8 kHz 16-bit mono (files at
 * other rates go through a speexdsp resampler, independent of the engine),
 * paced on absolute deadlines so that delays do not add up, then hangup.
 * *stats (may be NULL) gets what was sent. */
mot_status mot_send_file(const mot_send_options *o, mot_send_stats *stats, char *detail,
                         size_t detail_size);

#endif
