#include "io/capture.h"

#include <ctype.h>
#include <fcntl.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
    callback_counters n;
};

/* PortAudio's sentence, with the host's own detail when it has one. */
static void pa_reason(PaError err, char *out, size_t size)
{
    const PaHostErrorInfo *host = err == paUnanticipatedHostError ? Pa_GetLastHostErrorInfo() : NULL;

    if (host && host->errorText && host->errorText[0])
        snprintf(out, size, "%s (%s)", Pa_GetErrorText(err), host->errorText);
    else
        snprintf(out, size, "%s", Pa_GetErrorText(err));
}

mot_status mot_capture_init(char *detail, size_t detail_size)
{
    /* While probing, ALSA reports every PCM it cannot open and libjack
     * every server it cannot reach, dozens of lines on a machine without
     * JACK or surround outputs; a failure that matters comes back as a
     * PortAudio error. Standard error is put back right after. */
    const int saved = (fflush(stderr), dup(STDERR_FILENO));
    const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    PaError err;

    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    err = Pa_Initialize();
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    if (null >= 0)
        close(null);

    if (err == paNoError)
        return MOT_OK;
    if (detail) {
        char why[256];
        pa_reason(err, why, sizeof why);
        snprintf(detail, detail_size, "cannot start PortAudio: %s", why);
    }
    return MOT_ERR_OPEN;
}

void mot_capture_terminate(void)
{
    Pa_Terminate();
}

int mot_capture_n_devices(void)
{
    const PaDeviceIndex n = Pa_GetDeviceCount();
    return n > 0 ? n : 0;
}

int mot_capture_device_get(int index, mot_capture_device *out)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(index);
    const PaHostApiInfo *api;

    if (!info || info->maxInputChannels < 1)
        return 0;
    api = Pa_GetHostApiInfo(info->hostApi);
    out->index = index;
    out->name = info->name ? info->name : "";
    out->host_api = api && api->name ? api->name : "";
    out->max_input_channels = info->maxInputChannels;
    out->default_rate_hz = info->defaultSampleRate;
    out->is_default = index == Pa_GetDefaultInputDevice();
    return 1;
}

static int contains_nocase(const char *hay, const char *needle)
{
    const size_t n = strlen(needle);

    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

/* A device number, when `spec` is wholly one. */
static int parse_index(const char *spec, long *out)
{
    char *end;

    if (!isdigit((unsigned char)spec[0]))
        return 0;
    *out = strtol(spec, &end, 10);
    return *end == '\0';
}

static mot_status find_default(mot_capture_device *out, char *detail, size_t detail_size)
{
    const PaDeviceIndex i = Pa_GetDefaultInputDevice();

    if (i != paNoDevice && mot_capture_device_get(i, out))
        return MOT_OK;
    if (detail)
        snprintf(detail, detail_size, "there is no default input device ('mot devices' lists them)");
    return MOT_ERR_OPEN;
}

mot_status mot_capture_find(const char *spec, mot_capture_device *out, char *detail,
                            size_t detail_size)
{
    const int n = mot_capture_n_devices();
    mot_capture_device dev;
    int n_matches = 0;
    long index;
    char names[512] = "";

    if (!spec)
        return find_default(out, detail, detail_size);
    if (parse_index(spec, &index)) {
        if (index < n && mot_capture_device_get((int)index, out))
            return MOT_OK;
        if (detail)
            snprintf(detail, detail_size,
                     "there is no input device number %s ('mot devices' lists them)", spec);
        return MOT_ERR_OPEN;
    }
    for (int i = 0; i < n; i++) {
        if (!mot_capture_device_get(i, &dev))
            continue;
        if (strcmp(dev.name, spec) == 0) {
            *out = dev;
            return MOT_OK;
        }
        if (contains_nocase(dev.name, spec)) {
            const size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s%d '%s'", n_matches ? ", " : "",
                     i, dev.name);
            if (n_matches++ == 0)
                *out = dev;
        }
    }
    if (n_matches == 1)
        return MOT_OK;
    if (detail && n_matches == 0)
        snprintf(detail, detail_size,
                 "no input device is named '%s' ('mot devices' lists them)", spec);
    else if (detail)
        snprintf(detail, detail_size,
                 "'%s' matches %d input devices (%s): give the full name or the number", spec,
                 n_matches, names);
    return MOT_ERR_OPEN;
}

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
    return last ? paComplete : paContinue;
}

mot_status mot_capture_open(const mot_capture_device *dev, const mot_capture_params *p,
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
        pa_reason(err, why, sizeof why);
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
        pa_reason(err, why, sizeof why);
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
    if (c->stream) {
        if (c->started)
            Pa_StopStream(c->stream);
        Pa_CloseStream(c->stream);
    }
    mot_ring_free(c->ring);
    free(c);
}
