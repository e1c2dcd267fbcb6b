#include "io/capture.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <portaudio.h>

#include "io/ring.h"

/* Counters the callback keeps. Only the callback stores them, so a relaxed
 * load and store is enough (no read-modify-write needed); other threads
 * read them whenever they like. */
typedef struct callback_counters {
    atomic_ullong callbacks, frames, host_overflows;
    atomic_ulong min_block, max_block, max_ns;
} callback_counters;

struct mot_capture {
    PaStream *stream;
    mot_ring *ring;
    size_t channel, n_channels; /* picked channel, interleaved channels */
    double rate_hz;
    unsigned long long max_frames; /* 0: no limit */
    int timing;
    int started;
    atomic_int completed; /* the callback ended the stream at max_frames */
    callback_counters n;
};

/* Single-writer updates of the callback's counters. */
static void add_ull(atomic_ullong *a, unsigned long long v)
{
    atomic_store_explicit(a, atomic_load_explicit(a, memory_order_relaxed) + v,
                          memory_order_relaxed);
}

static void store_max_ulong(atomic_ulong *a, unsigned long v)
{
    if (v > atomic_load_explicit(a, memory_order_relaxed))
        atomic_store_explicit(a, v, memory_order_relaxed);
}

static long long now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The real-time part: copy one channel into the ring and count. Nothing
 * here can wait: mot_ring_write() is wait-free and the counters are
 * relaxed atomic loads and stores on this thread's own values. */
static int on_input(const void *input, void *output, unsigned long n_frames,
                    const PaStreamCallbackTimeInfo *time_info, PaStreamCallbackFlags flags,
                    void *user)
{
    mot_capture *c = user;
    callback_counters *n = &c->n;
    const long long t0 = c->timing ? now_ns() : 0;
    const unsigned long long calls = atomic_load_explicit(&n->callbacks, memory_order_relaxed);
    const unsigned long long frames = atomic_load_explicit(&n->frames, memory_order_relaxed);
    const unsigned long min_block = atomic_load_explicit(&n->min_block, memory_order_relaxed);
    const int last = c->max_frames && frames + n_frames >= c->max_frames;
    const unsigned long n_taken = last ? (unsigned long)(c->max_frames - frames) : n_frames;

    (void)output;
    (void)time_info;
    if (input)
        mot_ring_write(c->ring, (const float *)input + c->channel, n_taken, c->n_channels);
    add_ull(&n->callbacks, 1);
    add_ull(&n->frames, n_taken);
    if (flags & paInputOverflow)
        add_ull(&n->host_overflows, 1);
    if (calls == 0 || n_frames < min_block)
        atomic_store_explicit(&n->min_block, n_frames, memory_order_relaxed);
    store_max_ulong(&n->max_block, n_frames);
    if (c->timing)
        store_max_ulong(&n->max_ns, (unsigned long)(now_ns() - t0));
    if (last)
        atomic_store_explicit(&c->completed, 1, memory_order_release);
    return last ? paComplete : paContinue;
}

mot_status mot_capture_open(const mot_device *dev, const mot_capture_params *p,
                            mot_capture **out, char *detail, size_t detail_size)
{
    const PaDeviceInfo *info;
    PaStreamParameters in = {0};
    mot_capture *c = NULL;
    mot_status st = MOT_ERR_INVALID_ARG;
    char why[256] = "";
    PaError err;

    if (!out || !dev || !p || p->channel < 0 || !(p->buffer_s > 0.0) || !(p->max_s >= 0.0))
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    info = Pa_GetDeviceInfo(dev->index);
    if (!info)
        goto fail;
    if (p->channel >= info->maxInputChannels) {
        st = MOT_ERR_CHANNEL;
        snprintf(why, sizeof why, "channel %d requested but it has %d input channel%s",
                 p->channel, info->maxInputChannels, info->maxInputChannels == 1 ? "" : "s");
        goto fail;
    }
    c = calloc(1, sizeof *c);
    if (!c) {
        st = MOT_ERR_NOMEM;
        goto fail;
    }
    c->channel = (size_t)p->channel;
    c->n_channels = (size_t)p->channel + 1;
    c->rate_hz = p->rate_hz > 0.0 ? p->rate_hz : info->defaultSampleRate;
    c->timing = p->timing;
    c->max_frames = p->max_s > 0.0 ? (unsigned long long)llround(p->max_s * c->rate_hz) : 0;
    if (!(c->rate_hz * p->buffer_s < (double)(1 << 30))) {
        snprintf(why, sizeof why, "a %g s buffer at %g Hz is too large", p->buffer_s, c->rate_hz);
        goto fail;
    }
    st = mot_ring_new((size_t)ceil(c->rate_hz * p->buffer_s), &c->ring);
    if (st != MOT_OK)
        goto fail;

    in.device = dev->index;
    in.channelCount = (int)c->n_channels;
    in.sampleFormat = paFloat32;
    /* Analysis trails the audio by about a second anyway: large host
     * buffers cost nothing and ride out scheduling hiccups. */
    in.suggestedLatency = info->defaultHighInputLatency;
    err = Pa_IsFormatSupported(&in, NULL, c->rate_hz);
    if (err == paInvalidSampleRate) {
        st = MOT_ERR_SAMPLE_RATE;
        snprintf(why, sizeof why, "it does not record at %g Hz (its default is %g Hz)",
                 c->rate_hz, info->defaultSampleRate);
        goto fail;
    }
    err = Pa_OpenStream(&c->stream, &in, NULL, c->rate_hz, paFramesPerBufferUnspecified,
                        paNoFlag, on_input, c);
    if (err != paNoError) {
        st = MOT_ERR_OPEN;
        c->stream = NULL;
        mot_audio_reason(err, why, sizeof why);
        goto fail;
    }
    *out = c;
    return MOT_OK;
fail:
    if (detail)
        snprintf(detail, detail_size, "cannot open input device %d '%s'%s%s", dev ? dev->index : -1,
                 dev ? dev->name : "", why[0] ? ": " : "", why);
    mot_capture_free(c);
    return st;
}

double mot_capture_rate_hz(const mot_capture *c)
{
    return c->rate_hz;
}

int mot_capture_channels(const mot_capture *c)
{
    return (int)c->n_channels;
}

mot_status mot_capture_start(mot_capture *c, char *detail, size_t detail_size)
{
    const PaError err = Pa_StartStream(c->stream);
    char why[256];

    if (err == paNoError) {
        c->started = 1;
        return MOT_OK;
    }
    if (detail) {
        mot_audio_reason(err, why, sizeof why);
        snprintf(detail, detail_size, "cannot start recording: %s", why);
    }
    return MOT_ERR_OPEN;
}

size_t mot_capture_read(mot_capture *c, float *out, size_t max)
{
    return mot_ring_read(c->ring, out, max);
}

int mot_capture_running(const mot_capture *c)
{
    return c->started && Pa_IsStreamActive(c->stream) == 1;
}

int mot_capture_lost(const mot_capture *c)
{
    return c->started && Pa_IsStreamActive(c->stream) != 1 &&
           !atomic_load_explicit(&c->completed, memory_order_acquire);
}

void mot_capture_stats_get(const mot_capture *c, mot_capture_stats *out)
{
    const callback_counters *n = &c->n;

    out->callbacks = atomic_load_explicit(&n->callbacks, memory_order_relaxed);
    out->frames = atomic_load_explicit(&n->frames, memory_order_relaxed);
    out->host_overflows = atomic_load_explicit(&n->host_overflows, memory_order_relaxed);
    out->min_block = atomic_load_explicit(&n->min_block, memory_order_relaxed);
    out->max_block = atomic_load_explicit(&n->max_block, memory_order_relaxed);
    out->max_callback_s =
        c->timing ? 1e-9 * (double)atomic_load_explicit(&n->max_ns, memory_order_relaxed) : NAN;
    out->dropped = mot_ring_dropped(c->ring);
    out->ring_capacity = mot_ring_capacity(c->ring);
    out->ring_peak = mot_ring_peak_fill(c->ring);
}

void mot_capture_free(mot_capture *c)
{
    if (!c)
        return;
    if (c->stream && mot_capture_lost(c)) {
        mot_audio_abandon(); /* stopping it could hang: see io/device.h */
    } else if (c->stream) {
        if (c->started)
            Pa_StopStream(c->stream);
        Pa_CloseStream(c->stream);
    }
    mot_ring_free(c->ring);
    free(c);
}
