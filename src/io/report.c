/* mot_reporter: analyse a call with the analyzer, keep the frames of the
 * span a page shows, read that span's audio again at 8 kHz and encode it as
 * a small WAV for the page to play. */
#include "io/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>
#include <speex/speex_resampler.h>

#include "io/analyze.h"
#include "io/grow.h"
#include "io/report_impl.h"
#include "io/source.h"

/* The frames the analyzer hands out, kept from the start of the file until
 * MOT_REPORT_CONTEXT_S after the window (the rest of a long file is read
 * but not kept). frames[k] is the frame centred at (k + 0.5) * MOT_HOP_S. */
typedef struct capture {
    mot_frame *frames;
    size_t n, cap;
    int window_seen;      /* a frame in the window went by */
    double window_last_s; /* centre of the last such frame */
    int nomem;
} capture;

/* A growing memory file for libsndfile's virtual I/O. */
typedef struct membuf {
    unsigned char *data;
    size_t len, cap, pos;
} membuf;

struct mot_reporter {
    mot_config cfg;
    const mot_model *model;
    int channel;
    mot_analyzer *analyzer;
    capture cap;
    size_t first_frame, n_frames; /* the span the page shows */
    float *clip;                  /* n_frames * MOT_REPORT_HOP_SAMPLES samples */
    size_t clip_cap;
    membuf wav;
    int ok; /* the last run succeeded */
    float block[MOT_SOURCE_BLOCK_FRAMES];
};

mot_status mot_reporter_new(const mot_config *cfg, const mot_model *model, int channel,
                            mot_reporter **out)
{
    mot_reporter *r;
    mot_status st;

    if (!out || !model)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    r = calloc(1, sizeof *r);
    if (!r)
        return MOT_ERR_NOMEM;
    if (cfg)
        r->cfg = *cfg;
    else
        mot_config_default(&r->cfg);
    r->model = model;
    r->channel = channel;
    st = mot_analyzer_new(&r->cfg, model, channel, &r->analyzer);
    if (st != MOT_OK) {
        mot_reporter_free(r);
        return st;
    }
    *out = r;
    return MOT_OK;
}

void mot_reporter_free(mot_reporter *r)
{
    if (!r)
        return;
    mot_analyzer_free(r->analyzer);
    free(r->cap.frames);
    free(r->clip);
    free(r->wav.data);
    free(r);
}

/* Keeps frames up to the window's end plus the context shown after it. */
static int keep_frames(void *ctx, const mot_frame *frames, size_t n_frames)
{
    capture *c = ctx;

    for (size_t i = 0; i < n_frames; i++) {
        const mot_frame *f = &frames[i];
        if (c->window_seen && !f->in_window &&
            f->time_s > c->window_last_s + MOT_REPORT_CONTEXT_S + MOT_HOP_S)
            return 1;
        if (f->in_window) {
            c->window_seen = 1;
            c->window_last_s = f->time_s;
        }
        if (mot_grow((void **)&c->frames, &c->cap, c->n + 1, sizeof *c->frames) != 0) {
            c->nomem = 1;
            return 1;
        }
        c->frames[c->n++] = *f;
    }
    return 0;
}

/* The span the page shows: the window with context either side, or, when
 * no speech started one, as long a stretch from the start. */
static void choose_span(mot_reporter *r, const mot_summary *s)
{
    const double context_frames = MOT_REPORT_CONTEXT_S / MOT_HOP_S;
    double first = 0.0, end = (r->cfg.window_s + 2.0 * MOT_REPORT_CONTEXT_S) / MOT_HOP_S;

    if (isfinite(s->window_start_s) && isfinite(s->window_end_s)) {
        first = fmax(0.0, floor(s->window_start_s / MOT_HOP_S + 1e-6 - context_frames));
        end = ceil(s->window_end_s / MOT_HOP_S - 1e-6 + context_frames);
    }
    r->first_frame = (size_t)first < r->cap.n ? (size_t)first : r->cap.n;
    r->n_frames = (size_t)end < r->cap.n ? (size_t)end - r->first_frame
                                           : r->cap.n - r->first_frame;
}

/* --- the span's audio ----------------------------------------------------- */

/* Copies the part of x (analysis samples from *made on) that falls in the
 * clip [first, first + n) and advances *made. */
static void keep_samples(mot_reporter *r, const float *x, size_t n, size_t *made)
{
    const size_t first = r->first_frame * MOT_REPORT_HOP_SAMPLES;
    const size_t end = first + r->n_frames * MOT_REPORT_HOP_SAMPLES;
    const size_t from = *made > first ? *made : first;
    const size_t to = *made + n < end ? *made + n : end;

    if (from < to)
        memcpy(r->clip + (from - first), x + (from - *made), (to - from) * sizeof *x);
    *made += n;
}

/* Resample `n` input samples (NULL: silence) and keep what falls in the
 * clip. The resampler is set up as the engine's, so that output sample 0
 * is input sample 0 and the clip lines up with the frames. */
static void resample(mot_reporter *r, SpeexResamplerState *rs, const float *x, size_t n,
                     size_t *made)
{
    static const float zeros[256];
    float out[1024];

    while (n > 0) {
        spx_uint32_t in_len = (spx_uint32_t)(x ? n : n < 256 ? n : 256);
        spx_uint32_t out_len = sizeof out / sizeof out[0];
        speex_resampler_process_float(rs, 0, x ? x : zeros, &in_len, out, &out_len);
        keep_samples(r, out, out_len, made);
        n -= in_len;
        if (x)
            x += in_len;
    }
}

/* Read the file again up to the end of the span, at the analysis rate. */
static mot_status read_clip(mot_reporter *r, const char *path, char *detail, size_t size)
{
    const size_t end = (r->first_frame + r->n_frames) * MOT_REPORT_HOP_SAMPLES;
    SpeexResamplerState *rs = NULL;
    mot_source *src = NULL;
    mot_source_info info;
    size_t made = 0, n_read;
    unsigned long long n_in = 0;
    mot_status st;
    int err = 0;

    /* At least one sample, so that the clip is never a null pointer. */
    if (mot_grow((void **)&r->clip, &r->clip_cap, r->n_frames * MOT_REPORT_HOP_SAMPLES + 1,
                sizeof *r->clip) != 0)
        return MOT_ERR_NOMEM;
    memset(r->clip, 0, r->n_frames * MOT_REPORT_HOP_SAMPLES * sizeof *r->clip);
    st = mot_source_open(path, r->channel, &src, detail, size);
    if (st != MOT_OK)
        return st;
    mot_source_info_get(src, &info);
    if (info.sample_rate_hz != MOT_ANALYSIS_RATE_HZ) {
        rs = speex_resampler_init(1, (spx_uint32_t)lround(info.sample_rate_hz),
                                  MOT_ANALYSIS_RATE_HZ, SPEEX_RESAMPLER_QUALITY_DEFAULT, &err);
        if (!rs) {
            mot_source_free(src);
            return err == RESAMPLER_ERR_ALLOC_FAILED ? MOT_ERR_NOMEM : MOT_ERR_RESAMPLER;
        }
        speex_resampler_skip_zeros(rs);
    }
    while (made < end) {
        st = mot_source_read(src, r->block, &n_read, detail, size);
        if (st != MOT_OK || n_read == 0)
            break;
        n_in += n_read;
        if (rs)
            resample(r, rs, r->block, n_read, &made);
        else
            keep_samples(r, r->block, n_read, &made);
    }
    /* The resampler's filter still holds the end of a short file. */
    if (rs && st == MOT_OK) {
        const size_t expected = (size_t)floor((double)n_in * MOT_ANALYSIS_RATE_HZ /
                                              info.sample_rate_hz);
        while (made < end && made < expected)
            resample(r, rs, NULL, (size_t)ceil(info.sample_rate_hz * MOT_HOP_S), &made);
    }
    if (rs)
        speex_resampler_destroy(rs);
    mot_source_free(src);
    return st;
}

/* --- the clip as WAV, in memory (libsndfile virtual I/O) ------------------ */

static sf_count_t mem_length(void *user)
{
    return (sf_count_t)((membuf *)user)->len;
}

static sf_count_t mem_seek(sf_count_t offset, int whence, void *user)
{
    membuf *m = user;
    const sf_count_t base = whence == SEEK_CUR ? (sf_count_t)m->pos
                            : whence == SEEK_END ? (sf_count_t)m->len : 0;

    if (base + offset < 0)
        return -1;
    m->pos = (size_t)(base + offset);
    return (sf_count_t)m->pos;
}

static sf_count_t mem_read(void *ptr, sf_count_t count, void *user)
{
    membuf *m = user;
    const size_t n = m->pos < m->len ? m->len - m->pos : 0;
    const size_t take = (size_t)count < n ? (size_t)count : n;

    memcpy(ptr, m->data + m->pos, take);
    m->pos += take;
    return (sf_count_t)take;
}

static sf_count_t mem_write(const void *ptr, sf_count_t count, void *user)
{
    membuf *m = user;

    if (mot_grow((void **)&m->data, &m->cap, m->pos + (size_t)count, 1) != 0)
        return 0;
    if (m->pos > m->len)
        memset(m->data + m->len, 0, m->pos - m->len);
    memcpy(m->data + m->pos, ptr, (size_t)count);
    m->pos += (size_t)count;
    if (m->pos > m->len)
        m->len = m->pos;
    return count;
}

static sf_count_t mem_tell(void *user)
{
    return (sf_count_t)((membuf *)user)->pos;
}

/* G.711 mu-law: telephone quality in 8 bits a sample, so that a 15 s clip
 * stays near 120 KB (160 KB as base64); every major browser plays it. */
static mot_status encode_wav(mot_reporter *r)
{
    SF_VIRTUAL_IO io = {mem_length, mem_seek, mem_read, mem_write, mem_tell};
    SF_INFO info = {.samplerate = MOT_ANALYSIS_RATE_HZ, .channels = 1,
                    .format = SF_FORMAT_WAV | SF_FORMAT_ULAW};
    const sf_count_t n = (sf_count_t)(r->n_frames * MOT_REPORT_HOP_SAMPLES);
    SNDFILE *sf;
    int ok;

    r->wav.len = r->wav.pos = 0;
    sf = sf_open_virtual(&io, SFM_WRITE, &info, &r->wav);
    if (!sf)
        return MOT_ERR_NOMEM;
    ok = sf_writef_float(sf, r->clip, n) == n;
    return sf_close(sf) == 0 && ok ? MOT_OK : MOT_ERR_NOMEM;
}

mot_status mot_reporter_run(mot_reporter *r, const char *path, mot_file_result *out)
{
    char detail[512] = "";
    mot_status st;

    r->ok = 0;
    r->cap.n = 0;
    r->cap.window_seen = r->cap.nomem = 0;
    st = mot_analyzer_run(r->analyzer, path, keep_frames, &r->cap, out);
    if (st != MOT_OK)
        return st;
    if (r->cap.nomem) {
        st = MOT_ERR_NOMEM;
        snprintf(detail, sizeof detail, "out of memory keeping its frames");
        goto done;
    }
    choose_span(r, &out->summary);
    st = read_clip(r, path, detail, sizeof detail);
    if (st == MOT_OK && encode_wav(r) != MOT_OK) {
        st = MOT_ERR_NOMEM;
        snprintf(detail, sizeof detail, "out of memory encoding its audio");
    }
done:
    out->status = st;
    if (st != MOT_OK)
        snprintf(out->error, sizeof out->error, "%s: %s", path,
                 detail[0] ? detail : mot_strerror(st));
    r->ok = st == MOT_OK;
    return st;
}

mot_status mot_reporter_write_page(const mot_reporter *r, const mot_file_result *res, FILE *f,
                                   const char *index_href)
{
    const mot_report_call call = {
        .result = res,
        .cfg = &r->cfg,
        .model = r->model,
        .frames = r->cap.frames + r->first_frame,
        .n_frames = r->n_frames,
        .t0_s = (double)r->first_frame * MOT_HOP_S,
        .clip = r->clip,
        .wav = r->wav.data,
        .wav_len = r->wav.len,
    };

    if (!r->ok || res->status != MOT_OK)
        return MOT_ERR_INVALID_ARG;
    mot_report_page_write(f, &call, index_href);
    return MOT_OK;
}
