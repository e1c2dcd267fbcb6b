#include "io/device.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <portaudio.h>

static const char *const dir_name[] = {"input", "output"};
/* Where a user sees the devices of each direction. */
static const char *const dir_list[] = {"'mot devices'", "'mot devices --output'"};

void mot_audio_reason(int pa_error, char *out, size_t size)
{
    const PaHostErrorInfo *host =
        pa_error == paUnanticipatedHostError ? Pa_GetLastHostErrorInfo() : NULL;

    if (host && host->errorText && host->errorText[0])
        snprintf(out, size, "%s (%s)", Pa_GetErrorText(pa_error), host->errorText);
    else
        snprintf(out, size, "%s", Pa_GetErrorText(pa_error));
}

mot_status mot_audio_init(char *detail, size_t detail_size)
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
        mot_audio_reason(err, why, sizeof why);
        snprintf(detail, detail_size, "cannot start PortAudio: %s", why);
    }
    return MOT_ERR_OPEN;
}

/* PortAudio's own state is process-wide, so this flag is too. */
static atomic_int abandoned;

void mot_audio_abandon(void)
{
    atomic_store(&abandoned, 1);
}

void mot_audio_terminate(void)
{
    if (!atomic_load(&abandoned))
        Pa_Terminate();
}

int mot_device_count(void)
{
    const PaDeviceIndex n = Pa_GetDeviceCount();
    return n > 0 ? n : 0;
}

int mot_device_get(int index, mot_device_dir dir, mot_device *out)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(index);
    const PaHostApiInfo *api;
    int channels;

    if (!info)
        return 0;
    channels = dir == MOT_DEVICE_OUTPUT ? info->maxOutputChannels : info->maxInputChannels;
    if (channels < 1)
        return 0;
    api = Pa_GetHostApiInfo(info->hostApi);
    out->index = index;
    out->name = info->name ? info->name : "";
    out->host_api = api && api->name ? api->name : "";
    out->max_channels = channels;
    out->default_rate_hz = info->defaultSampleRate;
    out->is_default = index == (dir == MOT_DEVICE_OUTPUT ? Pa_GetDefaultOutputDevice()
                                                         : Pa_GetDefaultInputDevice());
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

static mot_status find_default(mot_device_dir dir, mot_device *out, char *detail,
                               size_t detail_size)
{
    const PaDeviceIndex i =
        dir == MOT_DEVICE_OUTPUT ? Pa_GetDefaultOutputDevice() : Pa_GetDefaultInputDevice();

    if (i != paNoDevice && mot_device_get(i, dir, out))
        return MOT_OK;
    if (detail)
        snprintf(detail, detail_size, "there is no default %s device (%s lists them)",
                 dir_name[dir], dir_list[dir]);
    return MOT_ERR_OPEN;
}

mot_status mot_device_find(const char *spec, mot_device_dir dir, mot_device *out,
                           char *detail, size_t detail_size)
{
    const int n = mot_device_count();
    mot_device dev;
    int n_matches = 0;
    long index;
    char names[512] = "";

    if (!spec)
        return find_default(dir, out, detail, detail_size);
    if (!spec[0]) { /* a part of every name: it would match them all */
        if (detail)
            snprintf(detail, detail_size, "an empty device name matches no %s device (%s "
                     "lists them)", dir_name[dir], dir_list[dir]);
        return MOT_ERR_OPEN;
    }
    if (parse_index(spec, &index)) {
        if (index < n && mot_device_get((int)index, dir, out))
            return MOT_OK;
        if (detail)
            snprintf(detail, detail_size, "there is no %s device number %s (%s lists them)",
                     dir_name[dir], spec, dir_list[dir]);
        return MOT_ERR_OPEN;
    }
    for (int i = 0; i < n; i++) {
        if (!mot_device_get(i, dir, &dev))
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
        snprintf(detail, detail_size, "no %s device is named '%s' (%s lists them)",
                 dir_name[dir], spec, dir_list[dir]);
    else if (detail)
        snprintf(detail, detail_size,
                 "'%s' matches %d %s devices (%s): give the full name or the number", spec,
                 n_matches, dir_name[dir], names);
    return MOT_ERR_OPEN;
}
