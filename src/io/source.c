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

/* A WAV file read through libsndfile's virtual I/O with the RIFF and data
 * chunk lengths shown as 0xFFFFFFFF ("to the end of the file"): see
 * reopen_unsized(). */
typedef struct unsized_wav {
    int fd;
    sf_count_t size, pos;
    sf_count_t fields[2]; /* offsets of the two 4-byte lengths */
} unsized_wav;

struct mot_source {
    int fd;
    unsized_wav wav;
    SNDFILE *sf;
    SF_INFO info;
    int channel;
    int regular; /* a regular file: its length can be trusted */
    sf_count_t sized_frames; /* > 0: the length from the file's size (a WAV past 4 GiB) */
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

static sf_count_t unsized_length(void *user)
{
    return ((unsized_wav *)user)->size;
}

static sf_count_t unsized_seek(sf_count_t offset, int whence, void *user)
{
    unsized_wav *w = user;
    sf_count_t at = whence == SEEK_SET ? offset : whence == SEEK_CUR ? w->pos + offset
                                                                     : w->size + offset;
    if (at < 0)
        return -1;
    w->pos = at;
    return at;
}

static sf_count_t unsized_read(void *ptr, sf_count_t count, void *user)
{
    unsized_wav *w = user;
    sf_count_t n = 0;
    /* A short read is not the end of the file: only 0 is. */
    while (n < count) {
        ssize_t got = pread(w->fd, (char *)ptr + n, (size_t)(count - n), (off_t)(w->pos + n));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += got;
    }
    if (n == 0)
        return 0;
    for (int f = 0; f < 2; f++)
        for (sf_count_t i = w->fields[f]; i < w->fields[f] + 4; i++)
            if (i >= w->pos && i < w->pos + n)
                ((unsigned char *)ptr)[i - w->pos] = 0xFF;
    w->pos += n;
    return n;
}

static sf_count_t unsized_write(const void *ptr, sf_count_t count, void *user)
{
    (void)ptr;
    (void)count;
    (void)user;
    return 0;
}

static sf_count_t unsized_tell(void *user)
{
    return ((unsized_wav *)user)->pos;
}

static unsigned le32(const unsigned char *b)
{
    return b[0] | (unsigned)b[1] << 8 | (unsigned)b[2] << 16 | (unsigned)b[3] << 24;
}

/* A WAV whose header says its data chunk is empty although samples follow
 * it: what a recorder leaves when it writes the lengths only on closing the
 * file (Asterisk, most PBX and streaming recorders) and the call is still
 * going or the recorder died. libsndfile trusts the 0 and reads nothing, so
 * the file is opened again with both lengths read as 0xFFFFFFFF, which
 * libsndfile takes as "up to the end of the file", as it does for the same
 * placeholder on a pipe (so a file over 4 GiB reads as its first 4 GiB).
 * Little-endian RIFF only (RIFX, RF64: not seen from PBXs). Returns 1 with
 * src->sf, src->info and src->fd those of the new handle, or 0 if the file
 * is not such a WAV (src is then as it was). */
static int reopen_unsized(mot_source *src, const char *path, const struct stat *first)
{
    static SF_VIRTUAL_IO io = {unsized_length, unsized_seek, unsized_read, unsized_write,
                               unsized_tell};
    unsigned char b[12];
    struct stat again;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    const sf_count_t file_size = (sf_count_t)first->st_size;
    sf_count_t at = 12, data_len_at = -1;
    /* The file first opened (a recorder may have renamed it since), with 0
     * for the RIFF length too: a data chunk that is really empty may be
     * followed by other chunks (LIST, BWF), which are no samples. */
    if (fstat(fd, &again) == 0 && again.st_ino == first->st_ino &&
        again.st_dev == first->st_dev && pread(fd, b, 12, 0) == 12 &&
        memcmp(b, "RIFF", 4) == 0 && le32(b + 4) == 0 && memcmp(b + 8, "WAVE", 4) == 0) {
        /* The chunks, to the data chunk (a few, never many). */
        for (int i = 0; i < 64 && at + 8 <= file_size && pread(fd, b, 8, at) == 8; i++) {
            if (memcmp(b, "data", 4) == 0) {
                if (le32(b + 4) == 0 && at + 8 < file_size)
                    data_len_at = at + 4;
                break;
            }
            at += 8 + (sf_count_t)le32(b + 4) + (le32(b + 4) & 1);
        }
    }
    if (data_len_at >= 0) {
        src->wav = (unsized_wav){.fd = fd, .size = file_size, .fields = {4, data_len_at}};
        SF_INFO info = {0};
        SNDFILE *sf = sf_open_virtual(&io, SFM_READ, &info, &src->wav);
        if (sf && info.frames > 0) {
            sf_close(src->sf);
            src->sf = sf;
            src->info = info;
            src->fd = fd;
            return 1;
        }
        if (sf)
            sf_close(sf);
    }
    close(fd);
    return 0;
}

/* Bytes a sample of a WAV's subformat takes, or 0 where that is not fixed. */
static int sample_bytes(int format)
{
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_U8: case SF_FORMAT_ULAW: case SF_FORMAT_ALAW:
        return 1;
    case SF_FORMAT_PCM_16:
        return 2;
    case SF_FORMAT_PCM_24:
        return 3;
    case SF_FORMAT_PCM_32: case SF_FORMAT_FLOAT:
        return 4;
    case SF_FORMAT_DOUBLE:
        return 8;
    default:
        return 0;
    }
}

/* A WAV past 4 GiB is past what its 32-bit lengths can say (RF64 is the
 * format for that): they come cut to 0xFFFFFFFF or wrapped, and libsndfile
 * goes by them. Its length is then counted from the file's size instead,
 * the header included (a few milliseconds of audio at most). */
static void size_from_file(mot_source *src, const struct stat *sb)
{
    const int container = src->info.format & SF_FORMAT_TYPEMASK;
    const int bytes = sample_bytes(src->info.format) * src->info.channels;

    if (!src->regular || sb->st_size <= 0xFFFFFFFFLL || bytes <= 0 ||
        (container != SF_FORMAT_WAV && container != SF_FORMAT_WAVEX))
        return;
    if ((sf_count_t)(sb->st_size / bytes) > src->info.frames)
        src->sized_frames = (sf_count_t)(sb->st_size / bytes);
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
        /* libsndfile reads FLAC and GSM 6.10 in WAV only where it can seek. */
        const int pipe = S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode);
        st = fail(MOT_ERR_FORMAT, detail, detail_size, "%s",
                  !pipe ? "not a recognised audio format (or a damaged header)"
                        : "not a recognised audio format through a pipe (FLAC and GSM "
                          "6.10 need a seekable file: save the stream to a file first)");
        goto done;
    }
    if (src->info.channels < 1) {
        st = fail(MOT_ERR_FORMAT, detail, detail_size,
                  "header gives %d channels", src->info.channels);
        goto done;
    }
    const int container = src->info.format & SF_FORMAT_TYPEMASK;
    if (src->info.frames == 0 && src->regular &&
        (container == SF_FORMAT_WAV || container == SF_FORMAT_WAVEX))
        reopen_unsized(src, path, &sb);
    if (src->info.frames == 0) {
        st = fail(MOT_ERR_EMPTY, detail, detail_size, "the header declares no samples");
        goto done;
    }
    if ((st = mot_source_select(src, channel, detail, detail_size)) != MOT_OK)
        goto done;
    size_from_file(src, &sb);
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

mot_status mot_source_select(mot_source *src, int channel, char *detail, size_t detail_size)
{
    if (channel < MOT_CHANNEL_MIX)
        return MOT_ERR_INVALID_ARG;
    if (channel >= src->info.channels)
        return fail(MOT_ERR_CHANNEL, detail, detail_size,
                    "channel %d requested but the file has %d channel(s), numbered from 0",
                    channel, src->info.channels);
    src->channel = channel;
    return MOT_OK;
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
    const sf_count_t frames = src->sized_frames > 0 ? src->sized_frames : in->frames;

    out->n_frames = known ? (long long)frames : -1;
    out->duration_s = known ? (double)frames / in->samplerate : NAN;
}

static float finite_or_zero(float x)
{
    return isfinite(x) ? x : 0.0f;
}

/* Float samples are on the -1..1 scale; libsndfile scales integer formats
 * onto it, so only a float or double file can go past it. A float mix may
 * overshoot by a few dB, and a bad edit may leave a stray spike, but many
 * samples this far out (+18 dB) in a block of the channel read mean integer
 * sample values stored as float (a converter's bug): read as they are, they
 * would clip to a square wave and give a confident, wrong verdict. The
 * share is of a whole block, so that a short last block is judged alike. */
#define MOT_SOURCE_FLOAT_PEAK_MAX 8.0f
#define MOT_SOURCE_FLOAT_OVER_MAX (MOT_SOURCE_BLOCK_FRAMES / 100)

/* How many of n values, `stride` apart, lie beyond MOT_SOURCE_FLOAT_PEAK_MAX;
 * their peak into *peak. */
static size_t count_over(const float *x, size_t n, size_t stride, float *peak)
{
    size_t over = 0;
    *peak = 0.0f;
    for (size_t i = 0; i < n; i++) {
        const float a = fabsf(finite_or_zero(x[i * stride]));
        over += a > MOT_SOURCE_FLOAT_PEAK_MAX;
        *peak = a > *peak ? a : *peak;
    }
    return over;
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
    /* The channel read, or all of them for their mean. */
    const int mix = src->channel == MOT_CHANNEL_MIX;
    const size_t n_ch_read = mix ? (size_t)n_ch : 1;
    float peak;
    if (count_over(src->interleaved + (mix ? 0 : src->channel), (size_t)n * n_ch_read,
                   mix ? 1 : (size_t)n_ch, &peak) > MOT_SOURCE_FLOAT_OVER_MAX * n_ch_read) {
        return fail(MOT_ERR_FORMAT, detail, detail_size,
                    "float samples reach %.3g times full scale (a float file holds -1..1): "
                    "integer sample values stored as float?", (double)peak);
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
