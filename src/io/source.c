#include "io/source.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

struct mot_source {
    int fd;
    SNDFILE *sf;
    SF_INFO info;
    int channel;
    int regular; /* a regular file: its length can be trusted */
    float *interleaved; /* MOT_SOURCE_BLOCK_FRAMES * info.channels */
};

__attribute__((format(printf, 4, 5)))
static mot_status fail(mot_status st, char *detail, size_t detail_size,
                       const char *fmt, ...)
{
    va_list ap;

    if (detail && detail_size) {
        va_start(ap, fmt);
        vsnprintf(detail, detail_size, fmt, ap);
        va_end(ap);
    }
    return st;
}

mot_status mot_source_open(const char *path, int channel, mot_source **out,
                           char *detail, size_t detail_size)
{
    mot_status st = MOT_OK;
    mot_source *src = NULL;
    struct stat sb;

    if (detail && detail_size)
        detail[0] = '\0';
    if (!out || !path || channel < MOT_CHANNEL_MIX)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    src = calloc(1, sizeof *src);
    if (!src)
        return MOT_ERR_NOMEM;
    /* Open the descriptor ourselves: errno is per thread, whereas a failed
     * sf_open() leaves its reason in a libsndfile global. */
    src->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (src->fd < 0 || fstat(src->fd, &sb) != 0) {
        char why[128];
        /* strerror() may share a static buffer between threads. */
        if (strerror_r(errno, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", errno);
        st = fail(MOT_ERR_OPEN, detail, detail_size, "cannot open: %s", why);
        goto done;
    }
    if (S_ISDIR(sb.st_mode)) {
        st = fail(MOT_ERR_OPEN, detail, detail_size, "is a directory");
        goto done;
    }
    if (S_ISREG(sb.st_mode) && sb.st_size == 0) {
        st = fail(MOT_ERR_EMPTY, detail, detail_size, "file is empty (0 bytes)");
        goto done;
    }
    src->regular = S_ISREG(sb.st_mode);
    /* libsndfile owns the descriptor from here: it closes it in sf_close()
     * and, whatever close_desc says (1.2.0 sets it only after a successful
     * open), when the open fails. Closing it here as well closed another
     * thread's newly opened file under --jobs. */
    src->sf = sf_open_fd(src->fd, SFM_READ, &src->info, SF_TRUE);
    src->fd = -1;
    if (!src->sf) {
        st = fail(MOT_ERR_FORMAT, detail, detail_size,
                  "not a recognised audio format (or a damaged header)");
        goto done;
    }
    if (src->info.channels < 1) {
        st = fail(MOT_ERR_FORMAT, detail, detail_size,
                  "header gives %d channels", src->info.channels);
        goto done;
    }
    if (src->info.frames == 0) {
        st = fail(MOT_ERR_EMPTY, detail, detail_size, "the header declares no samples");
        goto done;
    }
    if (channel >= src->info.channels) {
        st = fail(MOT_ERR_CHANNEL, detail, detail_size,
                  "channel %d requested but the file has %d channel(s), numbered from 0",
                  channel, src->info.channels);
        goto done;
    }
    src->channel = channel;
    src->interleaved = malloc(sizeof(float) * MOT_SOURCE_BLOCK_FRAMES *
                              (size_t)src->info.channels);
    if (!src->interleaved) {
        st = MOT_ERR_NOMEM;
        goto done;
    }
    *out = src;
    src = NULL;
done:
    mot_source_free(src);
    return st;
}

void mot_source_info_get(const mot_source *src, mot_source_info *out)
{
    const SF_INFO *in = &src->info;
    /* On a pipe the header's length is a writer's placeholder (sox and
     * streaming recorders write 0x7FFFF000 or 0xFFFFFFFF); libsndfile checks
     * it against the file size only for regular files. */
    const int known = src->regular && in->frames >= 0 && in->frames < SF_COUNT_MAX &&
                      in->samplerate > 0;

    out->sample_rate_hz = in->samplerate;
    out->channels = in->channels;
    out->n_frames = known ? (long long)in->frames : -1;
    out->duration_s = known ? (double)in->frames / in->samplerate : NAN;
}

static float finite_or_zero(float x)
{
    return isfinite(x) ? x : 0.0f;
}

mot_status mot_source_read(mot_source *src, float *out, size_t *n_samples,
                           char *detail, size_t detail_size)
{
    const int n_ch = src->info.channels;
    sf_count_t n = sf_readf_float(src->sf, src->interleaved, MOT_SOURCE_BLOCK_FRAMES);

    *n_samples = 0;
    if (n < MOT_SOURCE_BLOCK_FRAMES && sf_error(src->sf) != SF_ERR_NO_ERROR) {
        return fail(MOT_ERR_READ, detail, detail_size, "reading failed part-way: %s",
                    sf_strerror(src->sf));
    }
    for (sf_count_t i = 0; i < n; i++) {
        const float *frame = src->interleaved + i * n_ch;
        if (src->channel != MOT_CHANNEL_MIX) {
            out[i] = finite_or_zero(frame[src->channel]);
            continue;
        }
        /* Sum in double: eight full-scale float channels must not overflow. */
        double sum = 0.0;
        for (int c = 0; c < n_ch; c++)
            sum += finite_or_zero(frame[c]);
        out[i] = (float)(sum / n_ch);
    }
    *n_samples = (size_t)n;
    return MOT_OK;
}

void mot_source_free(mot_source *src)
{
    if (!src)
        return;
    if (src->sf)
        sf_close(src->sf);
    if (src->fd >= 0)
        close(src->fd);
    free(src->interleaved);
    free(src);
}
