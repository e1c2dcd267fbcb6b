#include "io/playback.h"

#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include <portaudio.h>
#include <speex/speex_resampler.h>

/* The callback takes no lock: these must be plain atomic instructions. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
               "mot_playback needs lock-free atomic words");

#define NO_SEEK ULLONG_MAX
/* A buffer's latency beyond this is a host's bad figure: use the stream's. */
#define MAX_LATENCY_S 2.0

struct mot_playback {
    PaStream *stream;
    const float *samples; /* at device_rate_hz: the caller's, or `resampled` */
    float *resampled;
    size_t n;
    double device_rate_hz;
    int n_channels;
    double stream_latency_s;
    int started;
    /* The callback's own. */
    size_t pos;       /* next sample to write */
    size_t seg_start; /* where the audio written since the last seek or pause began */
    /* Shared between the callback and the caller, one word each. */
    atomic_ullong seek_to; /* sample to go on from, NO_SEEK: none */
    atomic_int paused;
    atomic_ullong heard;   /* sample leaving the device now */
    atomic_int completed;  /* the callback played the end out */
};

/* Resample `n` samples once, whole, from `from_hz` to `to_hz` into *out
 * (malloc'd, *n_out samples), sample 0 on sample 0. */
static mot_status resample(const float *x, size_t n, double from_hz, double to_hz, float **out,
                           size_t *n_out)
{
    static const float zeros[256];
    const size_t chunk = 65536; /* samples per call: counts are 32-bit */
    const size_t cap = (size_t)ceil((double)n * to_hz / from_hz);
    size_t done_in = 0, done_out = 0;
    int err = 0;
    SpeexResamplerState *rs = speex_resampler_init(1, (spx_uint32_t)lround(from_hz),
                                                   (spx_uint32_t)lround(to_hz),
                                                   SPEEX_RESAMPLER_QUALITY_DEFAULT, &err);
    float *y = malloc((cap + 1) * sizeof *y);

    if (!rs || !y) {
        free(y);
        if (rs)
            speex_resampler_destroy(rs);
        return !y || err == RESAMPLER_ERR_ALLOC_FAILED ? MOT_ERR_NOMEM : MOT_ERR_RESAMPLER;
    }
    speex_resampler_skip_zeros(rs);
    /* After the input, silence pushes out what the filter still holds. */
    while (done_out < cap) {
        const int tail = done_in >= n;
        spx_uint32_t in_len = (spx_uint32_t)(tail ? 256 : n - done_in < chunk ? n - done_in : chunk);
        spx_uint32_t out_len = (spx_uint32_t)(cap - done_out < chunk ? cap - done_out : chunk);
        speex_resampler_process_float(rs, 0, tail ? zeros : x + done_in, &in_len, y + done_out,
                                      &out_len);
        done_in += in_len;
        done_out += out_len;
        if (in_len == 0 && out_len == 0)
            break;
    }
    speex_resampler_destroy(rs);
    *out = y;
    *n_out = done_out;
    return MOT_OK;
}

/* The real-time part: the next samples to every channel (silence while
 * paused or past the end), then where the listener is. */
static int on_output(const void *input, void *output, unsigned long n_frames,
                     const PaStreamCallbackTimeInfo *time_info, PaStreamCallbackFlags flags,
                     void *user)
{
    mot_playback *p = user;
    float *out = output;
    const unsigned long long seek =
        atomic_exchange_explicit(&p->seek_to, NO_SEEK, memory_order_relaxed);
    const int paused = atomic_load_explicit(&p->paused, memory_order_relaxed);
    double latency_s = time_info ? time_info->outputBufferDacTime - time_info->currentTime : -1;
    size_t k, lag, i = 0;

    (void)input;
    (void)flags;
    if (seek != NO_SEEK)
        p->pos = p->seg_start = seek < p->n ? (size_t)seek : p->n;
    if (paused)
        p->seg_start = p->pos;
    k = paused ? 0 : n_frames < p->n - p->pos ? n_frames : p->n - p->pos;
    for (; i < k; i++)
        for (int c = 0; c < p->n_channels; c++)
            *out++ = p->samples[p->pos + i];
    for (; i < n_frames; i++)
        for (int c = 0; c < p->n_channels; c++)
            *out++ = 0.0f;
    /* What is heard now was written one latency ago, but never before the
     * seek or resume that started this run of audio. */
    if (!(latency_s >= 0.0 && latency_s <= MAX_LATENCY_S))
        latency_s = p->stream_latency_s;
    lag = (size_t)(latency_s * p->device_rate_hz);
    atomic_store_explicit(&p->heard, p->pos - p->seg_start > lag ? p->pos - lag : p->seg_start,
                          memory_order_relaxed);
    p->pos += k;
    if (!paused && p->pos >= p->n) {
        atomic_store_explicit(&p->completed, 1, memory_order_release);
        return paComplete;
    }
    return paContinue;
}

mot_status mot_playback_open(const mot_device *dev, const float *samples, size_t n,
                             double rate_hz, mot_playback **out, char *detail, size_t detail_size)
{
    PaStreamParameters params = {0};
    const PaStreamInfo *info;
    mot_playback *p = NULL;
    mot_status st = MOT_ERR_INVALID_ARG;
    char why[256] = "";
    PaError err;

    if (!out || !dev || !samples || n == 0 || !(rate_hz >= 1.0 && rate_hz <= 1e6))
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    p = calloc(1, sizeof *p);
    if (!p) {
        st = MOT_ERR_NOMEM;
        goto fail;
    }
    p->samples = samples;
    p->n = n;
    p->device_rate_hz = rate_hz;
    atomic_init(&p->seek_to, NO_SEEK);
    atomic_init(&p->paused, 0);
    atomic_init(&p->heard, 0);

    params.device = dev->index;
    params.channelCount = 1;
    params.sampleFormat = paFloat32;
    /* Low: pause and seek take effect, and the position is right, sooner. */
    params.suggestedLatency = Pa_GetDeviceInfo(dev->index)->defaultLowOutputLatency;
    err = Pa_IsFormatSupported(NULL, &params, rate_hz);
    if (err == paInvalidChannelCount && dev->max_channels >= 2) {
        params.channelCount = 2;
        err = Pa_IsFormatSupported(NULL, &params, rate_hz);
    }
    if (err == paInvalidSampleRate) {
        p->device_rate_hz = dev->default_rate_hz;
        st = resample(samples, n, rate_hz, p->device_rate_hz, &p->resampled, &p->n);
        if (st != MOT_OK) {
            snprintf(why, sizeof why, "cannot resample %g Hz to its %g Hz", rate_hz,
                     p->device_rate_hz);
            goto fail;
        }
        p->samples = p->resampled;
    }
    p->n_channels = params.channelCount;
    err = Pa_OpenStream(&p->stream, NULL, &params, p->device_rate_hz,
                        paFramesPerBufferUnspecified, paNoFlag, on_output, p);
    if (err != paNoError) {
        st = MOT_ERR_OPEN;
        p->stream = NULL;
        mot_audio_reason(err, why, sizeof why);
        goto fail;
    }
    info = Pa_GetStreamInfo(p->stream);
    p->stream_latency_s = info ? info->outputLatency : 0.0;
    *out = p;
    return MOT_OK;
fail:
    if (detail)
        snprintf(detail, detail_size, "cannot open output device %d '%s'%s%s", dev->index,
                 dev->name, why[0] ? ": " : "", why);
    mot_playback_free(p);
    return st;
}

double mot_playback_device_rate_hz(const mot_playback *p)
{
    return p->device_rate_hz;
}

mot_status mot_playback_start(mot_playback *p, char *detail, size_t detail_size)
{
    const PaError err = Pa_StartStream(p->stream);
    char why[256];

    if (err == paNoError) {
        p->started = 1;
        return MOT_OK;
    }
    if (detail) {
        mot_audio_reason(err, why, sizeof why);
        snprintf(detail, detail_size, "cannot start playing: %s", why);
    }
    return MOT_ERR_OPEN;
}

void mot_playback_pause(mot_playback *p, int paused)
{
    atomic_store_explicit(&p->paused, paused != 0, memory_order_relaxed);
}

int mot_playback_paused(const mot_playback *p)
{
    return atomic_load_explicit(&p->paused, memory_order_relaxed);
}

void mot_playback_seek(mot_playback *p, double t_s)
{
    const double at = t_s * p->device_rate_hz;
    const size_t pos = at > 0.0 ? at < (double)p->n ? (size_t)at : p->n : 0;

    atomic_store_explicit(&p->seek_to, pos, memory_order_relaxed);
    /* Before the start, the position is where it will begin. */
    if (!p->started)
        atomic_store_explicit(&p->heard, pos, memory_order_relaxed);
}

int mot_playback_active(const mot_playback *p)
{
    return p->started && Pa_IsStreamActive(p->stream) == 1;
}

int mot_playback_lost(const mot_playback *p)
{
    return p->started && Pa_IsStreamActive(p->stream) != 1 &&
           !atomic_load_explicit(&p->completed, memory_order_acquire);
}

double mot_playback_position_s(const mot_playback *p)
{
    if (atomic_load_explicit(&p->completed, memory_order_acquire) && !mot_playback_active(p))
        return (double)p->n / p->device_rate_hz;
    return (double)atomic_load_explicit(&p->heard, memory_order_relaxed) / p->device_rate_hz;
}

void mot_playback_free(mot_playback *p)
{
    if (!p)
        return;
    if (p->stream && mot_playback_lost(p)) {
        mot_audio_abandon(); /* stopping it could hang: see io/device.h */
    } else if (p->stream) {
        if (p->started)
            Pa_AbortStream(p->stream); /* quitting: what is queued need not play */
        Pa_CloseStream(p->stream);
    }
    free(p->resampled);
    free(p);
}
