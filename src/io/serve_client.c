#include "io/serve_client.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <speex/speex_resampler.h>

#include "io/serve_net.h"
#include "io/source.h"

#define WIRE_RATE_HZ 8000
#define MESSAGE_SAMPLES 160 /* 20 ms at 8 kHz, as Asterisk sends */
/* High quality: the file is converted once, whatever it costs. */
#define RESAMPLER_QUALITY 8
/* A server that stops reading fills the socket's buffers; a send blocked
 * this long gives up rather than hang. */
#define SEND_TIMEOUT_S 60.0

struct mot_as_client {
    int fd;
    unsigned kind;
    unsigned char message[MOT_AS_HEADER_BYTES + MOT_AS_MAX_PAYLOAD];
};

static mot_status errno_status(char *detail, size_t detail_size, const char *what)
{
    char why[128];
    const int closed = errno == EPIPE || errno == ECONNRESET;

    if (strerror_r(errno, why, sizeof why) != 0)
        snprintf(why, sizeof why, "error %d", errno);
    snprintf(detail, detail_size, "%s: %s", closed ? "the server closed the connection" : what,
             why);
    return MOT_ERR_OPEN;
}

static mot_status send_all(mot_as_client *c, size_t n, char *detail, size_t detail_size)
{
    for (size_t at = 0; at < n;) {
        ssize_t k = send(c->fd, c->message + at, n - at, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            snprintf(detail, detail_size, "a send waited %g s: the server is not reading",
                     SEND_TIMEOUT_S);
            return MOT_ERR_OPEN;
        }
        if (k < 0)
            return errno_status(detail, detail_size, "cannot send");
        at += (size_t)k;
    }
    return MOT_OK;
}

mot_status mot_as_client_open(const char *hostport, const unsigned char uuid[MOT_AS_UUID_BYTES],
                              double rate_hz, mot_as_client **out, char *detail,
                              size_t detail_size)
{
    const int kind = mot_as_kind_for_rate(rate_hz);
    mot_as_client *c;
    mot_status st;

    *out = NULL;
    if (kind < 0) {
        snprintf(detail, detail_size, "AudioSocket has no message kind for %g Hz", rate_hz);
        return MOT_ERR_SAMPLE_RATE;
    }
    c = calloc(1, sizeof *c);
    if (!c)
        return MOT_ERR_NOMEM;
    c->kind = (unsigned)kind;
    st = mot_net_connect(hostport, &c->fd, detail, detail_size);
    if (st == MOT_OK) {
        const struct timeval limit = {.tv_sec = (time_t)SEND_TIMEOUT_S};
        setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
        mot_as_header(MOT_AS_UUID, MOT_AS_UUID_BYTES, c->message);
        memcpy(c->message + MOT_AS_HEADER_BYTES, uuid, MOT_AS_UUID_BYTES);
        st = send_all(c, MOT_AS_HEADER_BYTES + MOT_AS_UUID_BYTES, detail, detail_size);
    }
    if (st != MOT_OK) {
        mot_as_client_free(c);
        return st;
    }
    *out = c;
    return MOT_OK;
}

mot_status mot_as_client_send(mot_as_client *c, const int16_t *samples, size_t n, char *detail,
                              size_t detail_size)
{
    unsigned char *p = c->message + MOT_AS_HEADER_BYTES;

    if (n > MOT_AS_MAX_PAYLOAD / 2)
        return MOT_ERR_INVALID_ARG;
    mot_as_header(c->kind, 2 * n, c->message);
    for (size_t i = 0; i < n; i++) {
        const uint16_t v = (uint16_t)samples[i];
        *p++ = (unsigned char)(v & 0xff);
        *p++ = (unsigned char)(v >> 8);
    }
    return send_all(c, MOT_AS_HEADER_BYTES + 2 * n, detail, detail_size);
}

mot_status mot_as_client_hangup(mot_as_client *c, double wait_s, char *detail,
                                size_t detail_size)
{
    char sink[4096];
    struct timespec t0, now;
    mot_status st;

    mot_as_header(MOT_AS_HANGUP, 0, c->message);
    st = send_all(c, MOT_AS_HEADER_BYTES, detail, detail_size);
    if (st != MOT_OK)
        return st;
    shutdown(c->fd, SHUT_WR);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        double left_s = wait_s - (double)(now.tv_sec - t0.tv_sec) -
                        1e-9 * (double)(now.tv_nsec - t0.tv_nsec);
        /* mot serve closes the call once it has the hangup: until then it
         * may not have read everything sent. */
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        if (left_s <= 0 || poll(&pfd, 1, (int)ceil(left_s * 1000)) == 0) {
            /* Busy, or a server that keeps the line: a warning only. */
            snprintf(detail, detail_size, "the server had not ended the call %g s after the "
                     "hangup", wait_s);
            return MOT_OK;
        }
        ssize_t k = recv(c->fd, sink, sizeof sink, 0);
        if (k == 0)
            return MOT_OK;
        if (k < 0 && errno != EINTR) {
            /* A reset: the server closed with audio unread. */
            snprintf(detail, detail_size, "the server dropped the connection before the "
                     "hangup was read: it may not have taken all of the call");
            return MOT_ERR_OPEN;
        }
    }
}

void mot_as_client_free(mot_as_client *c)
{
    if (!c)
        return;
    if (c->fd >= 0)
        close(c->fd);
    free(c);
}

/* The replay: file -> (resampler) -> 16-bit messages -> paced sends. */
typedef struct replay {
    const mot_send_options *o;
    mot_as_client *client;
    SpeexResamplerState *resampler; /* NULL when the file is at 8 kHz */
    int16_t pending[MESSAGE_SAMPLES];
    size_t n_pending;
    struct timespec t0;
    mot_send_stats stats;
    char *detail;
    size_t detail_size;
} replay;

static int16_t to_s16(float x)
{
    /* The inverse of libsndfile's reading (x = s / 32768): a 16-bit file
     * goes out bit for bit. */
    long v = lrintf(x * 32768.0f);
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

/* Sleep until message k is due (absolute deadlines: no drift). */
static void pace(const replay *r, size_t k)
{
    if (r->o->speed <= 0)
        return;
    double due_s = (double)k * MESSAGE_SAMPLES / WIRE_RATE_HZ / r->o->speed;
    struct timespec t = r->t0;
    t.tv_sec += (time_t)due_s;
    t.tv_nsec += (long)((due_s - floor(due_s)) * 1e9);
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
    }
}

static mot_status flush_message(replay *r)
{
    if (r->n_pending == 0)
        return MOT_OK;
    pace(r, r->stats.n_messages);
    mot_status st = mot_as_client_send(r->client, r->pending, r->n_pending, r->detail,
                                       r->detail_size);
    r->stats.n_messages++;
    r->stats.audio_s += (double)r->n_pending / WIRE_RATE_HZ;
    r->n_pending = 0;
    return st;
}

/* Queue 8 kHz samples, sending each full message. */
static mot_status put(replay *r, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        r->pending[r->n_pending++] = to_s16(x[i]);
        if (r->n_pending == MESSAGE_SAMPLES) {
            mot_status st = flush_message(r);
            if (st != MOT_OK)
                return st;
        }
    }
    return MOT_OK;
}

/* Push file samples through the resampler (if any) into put(). With n == 0
 * and `final`, drain the resampler's tail up to the length the input
 * amounts to. */
static mot_status convert(replay *r, const float *x, size_t n, unsigned long long *n_in,
                          unsigned long long *n_out, int final)
{
    float made[1024];

    if (!r->resampler) {
        *n_in += n;
        return put(r, x, n);
    }
    *n_in += n;
    const unsigned long long want =
        (unsigned long long)floor((double)*n_in * WIRE_RATE_HZ / r->stats.rate_hz);
    static const float zeros[256];
    while (n > 0 || (final && *n_out < want)) {
        spx_uint32_t in_len = (spx_uint32_t)(n ? n : sizeof zeros / sizeof zeros[0]);
        spx_uint32_t out_len = sizeof made / sizeof made[0];
        speex_resampler_process_float(r->resampler, 0, n ? x : zeros, &in_len, made, &out_len);
        if (final && *n_out + out_len > want)
            out_len = (spx_uint32_t)(want - *n_out);
        *n_out += out_len;
        mot_status st = put(r, made, out_len);
        if (st != MOT_OK)
            return st;
        if (n) {
            x += in_len;
            n -= in_len;
        }
    }
    return MOT_OK;
}

mot_status mot_send_file(const mot_send_options *o, mot_send_stats *stats, char *detail,
                         size_t detail_size)
{
    replay r = {.o = o, .detail = detail, .detail_size = detail_size};
    mot_source *src = NULL;
    mot_source_info info;
    float *block = malloc(MOT_SOURCE_BLOCK_FRAMES * sizeof *block);
    unsigned long long n_in = 0, n_out = 0;
    struct timespec t1;
    size_t n;
    mot_status st;

    detail[0] = '\0';
    if (!block)
        return MOT_ERR_NOMEM;
    st = mot_source_open(o->path, o->channel, &src, detail, detail_size);
    if (st != MOT_OK)
        goto done;
    mot_source_info_get(src, &info);
    r.stats.rate_hz = info.sample_rate_hz;
    if (info.sample_rate_hz != WIRE_RATE_HZ) {
        int err = 0;
        r.resampler = speex_resampler_init(1, (spx_uint32_t)lround(info.sample_rate_hz),
                                           WIRE_RATE_HZ, RESAMPLER_QUALITY, &err);
        if (!r.resampler) {
            snprintf(detail, detail_size, "cannot convert %g Hz to 8000 Hz: %s",
                     info.sample_rate_hz, speex_resampler_strerror(err));
            st = MOT_ERR_RESAMPLER;
            goto done;
        }
        /* Output sample 0 is input sample 0: no filter delay in front. */
        speex_resampler_skip_zeros(r.resampler);
    }
    st = mot_as_client_open(o->to, o->uuid, WIRE_RATE_HZ, &r.client, detail, detail_size);
    if (st != MOT_OK)
        goto done;
    clock_gettime(CLOCK_MONOTONIC, &r.t0);
    do {
        st = mot_source_read(src, block, &n, detail, detail_size);
        if (st == MOT_OK)
            st = convert(&r, block, n, &n_in, &n_out, n == 0);
    } while (st == MOT_OK && n > 0);
    if (st == MOT_OK)
        st = flush_message(&r);
    if (st == MOT_OK) {
        detail[0] = '\0';
        st = mot_as_client_hangup(r.client, 10.0, detail, detail_size);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r.stats.wall_s = (double)(t1.tv_sec - r.t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - r.t0.tv_nsec);
    if (stats)
        *stats = r.stats;
done:
    mot_as_client_free(r.client);
    if (r.resampler)
        speex_resampler_destroy(r.resampler);
    mot_source_free(src);
    free(block);
    return st;
}
