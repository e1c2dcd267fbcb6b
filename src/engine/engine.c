/* The engine wires the stages: resampler -> framer -> pitch (fixed-lag
 * path) -> speech detector -> segmentation -> window statistics, with a
 * small queue of finished frames between the pipeline and the caller. */
#include "mot/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <speex/speex_resampler.h>

#include "engine/band.h"
#include "engine/pitch.h"
#include "engine/segment.h"
#include "engine/stats.h"
#include "engine/tone.h"
#include "engine/vad.h"

#define HOP_SAMPLES 80 /* MOT_HOP_S at MOT_ANALYSIS_RATE_HZ */
#define RESAMPLER_QUALITY 6
/* Frames that one unit of work can release: up to two analysis frames'
 * worth, each through the segmenter. */
#define QUEUE_FRAMES (2 * MOT_SEGMENT_MAX_OUT + 4)
#define ENERGY_RING (MOT_PITCH_LAG_FRAMES + 2)

typedef enum finish_stage {
    RUNNING,
    FIN_RESAMPLER, /* drain the resampler's filter tail */
    FIN_PAD,       /* pad with silence until the last frame centre is analysed */
    FIN_PITCH,     /* release the frames the pitch path still holds */
    FIN_SEGMENT,   /* release the frames the segmenter still holds */
    FIN_DONE
} finish_stage;

struct mot_engine {
    mot_config cfg;
    const mot_model *model;
    SpeexResamplerState *resampler; /* NULL at the analysis rate */
    size_t in_chunk;                /* input samples per unit of work */
    float *scratch;                 /* in_chunk cleaned input samples */

    size_t frame_len;  /* analysis frame, samples */
    float *frame;      /* frame_len samples being filled */
    float *band_frame; /* the same samples in the telephone band */
    float *vowel_frame; /* and in the vowel band */
    size_t fill;
    mot_band *band, *vowel;
    mot_tone *tone; /* reads the telephone band as it is filtered */
    mot_pitch *pitch;
    float energy[ENERGY_RING]; /* levels of frames inside the pitch path */
    float band_energy[ENERGY_RING]; /* their telephone-band levels */
    float vowel_energy[ENERGY_RING]; /* their vowel-band levels */
    long analysed;     /* frames pushed into the pitch path */
    long decided;      /* frames out of the pitch path */

    mot_vad vad;
    mot_segment segment;
    mot_stats stats;

    mot_frame queue[QUEUE_FRAMES];
    size_t q_head, q_count;
    mot_frame released[MOT_SEGMENT_MAX_OUT];

    unsigned long long n_in;   /* input samples consumed */
    unsigned long long n_made; /* analysis-rate samples produced */
    finish_stage stage;
};

void mot_engine_free(mot_engine *e)
{
    if (!e)
        return;
    if (e->resampler)
        speex_resampler_destroy(e->resampler);
    free(e->scratch);
    free(e->frame);
    free(e->band_frame);
    free(e->vowel_frame);
    mot_band_free(e->band);
    mot_band_free(e->vowel);
    mot_tone_free(e->tone);
    mot_pitch_free(e->pitch);
    free(e);
}

mot_status mot_engine_new(const mot_config *cfg, const mot_model *model, mot_engine **out,
                          char *detail, size_t detail_size)
{
    if (!out)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    mot_config defaults;
    if (!cfg) {
        mot_config_default(&defaults);
        cfg = &defaults;
    }
    mot_status st = mot_config_check(cfg, detail, detail_size);
    if (st != MOT_OK)
        return st;

    mot_engine *e = calloc(1, sizeof *e);
    if (!e)
        return MOT_ERR_NOMEM;
    e->cfg = *cfg;
    e->model = model;
    spx_uint32_t rate = (spx_uint32_t)lround(cfg->input_rate_hz);
    e->in_chunk = (size_t)ceil(cfg->input_rate_hz * MOT_HOP_S);
    if (rate != MOT_ANALYSIS_RATE_HZ) {
        int err = 0;
        e->resampler =
            speex_resampler_init(1, rate, MOT_ANALYSIS_RATE_HZ, RESAMPLER_QUALITY, &err);
        if (!e->resampler || err != RESAMPLER_ERR_SUCCESS) {
            st = err == RESAMPLER_ERR_ALLOC_FAILED ? MOT_ERR_NOMEM : MOT_ERR_RESAMPLER;
            goto fail;
        }
    }
    e->frame_len = mot_pitch_frame_samples(cfg);
    e->scratch = malloc(e->in_chunk * sizeof *e->scratch);
    e->frame = malloc(e->frame_len * sizeof *e->frame);
    e->band_frame = malloc(e->frame_len * sizeof *e->band_frame);
    e->vowel_frame = malloc(e->frame_len * sizeof *e->vowel_frame);
    if (!e->scratch || !e->frame || !e->band_frame || !e->vowel_frame) {
        st = MOT_ERR_NOMEM;
        goto fail;
    }
    if ((st = mot_pitch_new(cfg, &e->pitch)) != MOT_OK ||
        (st = mot_band_new(e->frame_len, mot_pitch_window_samples(cfg), 0.0, &e->band)) !=
            MOT_OK ||
        (st = mot_band_new(e->frame_len, mot_pitch_window_samples(cfg), MOT_BAND_VOWEL_HIGH_HZ,
                           &e->vowel)) != MOT_OK ||
        (st = mot_tone_new(&e->tone)) != MOT_OK)
        goto fail;
    mot_vad_init(&e->vad, cfg);
    mot_segment_init(&e->segment, cfg);
    mot_engine_reset(e);
    *out = e;
    return MOT_OK;
fail:
    mot_engine_free(e);
    return st;
}

void mot_engine_reset(mot_engine *e)
{
    if (e->resampler) {
        speex_resampler_reset_mem(e->resampler);
        /* Drop the filter's delay so that output sample 0 is input sample 0. */
        speex_resampler_skip_zeros(e->resampler);
    }
    /* Frame k is centred on analysis sample k * hop + hop / 2: pre-fill the
     * frame so that frame 0's first half lies before the first sample. */
    e->fill = e->frame_len / 2 - HOP_SAMPLES / 2;
    memset(e->frame, 0, e->fill * sizeof *e->frame);
    memset(e->band_frame, 0, e->fill * sizeof *e->band_frame);
    memset(e->vowel_frame, 0, e->fill * sizeof *e->vowel_frame);
    mot_band_reset(e->band);
    mot_band_reset(e->vowel);
    mot_tone_reset(e->tone);
    mot_pitch_reset(e->pitch);
    e->analysed = e->decided = 0;
    mot_vad_reset(&e->vad);
    mot_segment_reset(&e->segment);
    mot_stats_reset(&e->stats);
    e->q_head = e->q_count = 0;
    e->n_in = e->n_made = 0;
    e->stage = RUNNING;
}

static void enqueue(mot_engine *e, const mot_frame *f, int n)
{
    for (int i = 0; i < n; i++) {
        mot_stats_add(&e->stats, &f[i]);
        e->queue[(e->q_head + e->q_count) % QUEUE_FRAMES] = f[i];
        e->q_count++;
    }
}

/* A frame has left the pitch path: detect speech, segment, count. */
static void on_decided(mot_engine *e, float f0_hz, float voicing)
{
    long k = e->decided++;
    mot_frame f = {
        .time_s = ((double)k + 0.5) * MOT_HOP_S,
        .f0_hz = f0_hz,
        .voicing = voicing,
        .energy_dbfs = e->energy[k % ENERGY_RING],
        .band_dbfs = e->band_energy[k % ENERGY_RING],
        .vowel_dbfs = e->vowel_energy[k % ENERGY_RING],
    };
    /* Speech or pause from the telephone-band level (src/engine/band.h); a
     * call-progress tone is background (src/engine/tone.h). */
    f.tone = (unsigned char)mot_tone_is_tone(e->tone, k);
    if (f.tone) {
        /* A tone is no voice: out of the tracker's running median, and
         * unvoiced for every reader of the frames. */
        mot_vad_background(&e->vad, f.band_dbfs);
        mot_pitch_untrack(e->pitch, f0_hz, voicing);
        f.f0_hz = 0.0f;
        f.voicing = 0.0f;
    } else
        f.speech = (unsigned char)mot_vad_push(&e->vad, f.band_dbfs, f0_hz > 0.0f);
    enqueue(e, e->released, mot_segment_push(&e->segment, &f, e->released));
}

/* Append analysis-rate samples to the frame; analyse each full frame. */
static void feed(mot_engine *e, const float *x, size_t n)
{
    while (n > 0) {
        size_t take = e->frame_len - e->fill;
        if (take > n)
            take = n;
        memcpy(e->frame + e->fill, x, take * sizeof *x);
        mot_band_filter(e->band, x, e->band_frame + e->fill, take);
        mot_tone_push(e->tone, e->band_frame + e->fill, take);
        mot_band_filter_high_passed(e->vowel, e->band_frame + e->fill, e->vowel_frame + e->fill,
                                    take);
        e->fill += take;
        x += take;
        n -= take;
        e->n_made += take;
        if (e->fill < e->frame_len)
            continue;
        float energy, f0, voicing;
        long k = e->analysed++;
        int decided = mot_pitch_push(e->pitch, e->frame, &energy, &f0, &voicing);
        e->energy[k % ENERGY_RING] = energy;
        e->band_energy[k % ENERGY_RING] = mot_band_level_dbfs(e->band, e->band_frame);
        e->vowel_energy[k % ENERGY_RING] = mot_band_level_dbfs(e->vowel, e->vowel_frame);
        if (decided)
            on_decided(e, f0, voicing);
        memmove(e->frame, e->frame + HOP_SAMPLES, (e->frame_len - HOP_SAMPLES) * sizeof *e->frame);
        memmove(e->band_frame, e->band_frame + HOP_SAMPLES,
                (e->frame_len - HOP_SAMPLES) * sizeof *e->band_frame);
        memmove(e->vowel_frame, e->vowel_frame + HOP_SAMPLES,
                (e->frame_len - HOP_SAMPLES) * sizeof *e->vowel_frame);
        e->fill -= HOP_SAMPLES;
    }
}

/* Push up to one hop of input through the resampler into the framer;
 * returns input samples consumed. */
static size_t feed_input(mot_engine *e, const float *x, size_t n)
{
    if (n > e->in_chunk)
        n = e->in_chunk;
    for (size_t i = 0; i < n; i++)
        /* Like a converter: non-finite samples are silence, overs clip. */
        e->scratch[i] = !isfinite(x[i]) ? 0.0f : x[i] > 1.0f ? 1.0f : x[i] < -1.0f ? -1.0f : x[i];
    if (!e->resampler) {
        feed(e, e->scratch, n);
        return n;
    }
    float made[HOP_SAMPLES + 1];
    spx_uint32_t in_len = (spx_uint32_t)n, out_len = HOP_SAMPLES;
    speex_resampler_process_float(e->resampler, 0, e->scratch, &in_len, made, &out_len);
    feed(e, made, out_len);
    return in_len;
}

/* Move queued frames to the caller; returns 1 when the queue is empty. */
static int drain(mot_engine *e, mot_frame *out, size_t cap, size_t *written)
{
    while (e->q_count > 0 && (!out || *written < cap)) {
        if (out)
            out[(*written)++] = e->queue[e->q_head];
        e->q_head = (e->q_head + 1) % QUEUE_FRAMES;
        e->q_count--;
    }
    return e->q_count == 0;
}

mot_status mot_engine_process(mot_engine *e, const float *in, size_t *n_in, mot_frame *out,
                              size_t *n_out)
{
    if (!e || !n_in || (*n_in && !in) || (out && !n_out))
        return MOT_ERR_INVALID_ARG;
    size_t cap = out ? *n_out : 0, written = 0, used = 0;
    mot_status st = e->stage == RUNNING ? MOT_OK : MOT_ERR_FINISHED;
    while (drain(e, out, cap, &written) && st == MOT_OK && used < *n_in) {
        size_t took = feed_input(e, in + used, *n_in - used);
        if (took == 0)
            break; /* the resampler is holding a full hop: cannot happen with room */
        used += took;
        e->n_in += took;
    }
    *n_in = used;
    if (n_out)
        *n_out = written;
    return st;
}

/* Analysis-rate samples the input amounts to. */
static unsigned long long expected_made(const mot_engine *e)
{
    return (unsigned long long)floor((double)e->n_in * MOT_ANALYSIS_RATE_HZ /
                                     e->cfg.input_rate_hz);
}

/* One bounded unit of end-of-input work. */
static void finish_step(mot_engine *e)
{
    switch (e->stage) {
    case RUNNING:
        e->stage = e->resampler ? FIN_RESAMPLER : FIN_PAD;
        break;
    case FIN_RESAMPLER: {
        unsigned long long want = expected_made(e);
        if (e->n_made >= want) {
            e->stage = FIN_PAD;
            break;
        }
        float made[HOP_SAMPLES];
        spx_uint32_t in_len = (spx_uint32_t)e->in_chunk, out_len = HOP_SAMPLES;
        if (want - e->n_made < out_len)
            out_len = (spx_uint32_t)(want - e->n_made);
        memset(e->scratch, 0, e->in_chunk * sizeof *e->scratch);
        speex_resampler_process_float(e->resampler, 0, e->scratch, &in_len, made, &out_len);
        feed(e, made, out_len);
        if (out_len == 0)
            e->stage = FIN_PAD; /* nothing more to come out: never spin */
        break;
    }
    case FIN_PAD: {
        /* Frames whose centre lies inside the input get analysed. */
        unsigned long long next_centre = (unsigned long long)e->analysed * HOP_SAMPLES + HOP_SAMPLES / 2;
        if (next_centre >= e->n_made) {
            e->stage = FIN_PITCH;
            break;
        }
        static const float zeros[HOP_SAMPLES];
        size_t need = e->frame_len - e->fill;
        unsigned long long made = e->n_made;
        feed(e, zeros, need < HOP_SAMPLES ? need : HOP_SAMPLES);
        e->n_made = made; /* padding is not input */
        break;
    }
    case FIN_PITCH: {
        float f0, voicing;
        if (mot_pitch_flush(e->pitch, &f0, &voicing))
            on_decided(e, f0, voicing);
        else
            e->stage = FIN_SEGMENT;
        break;
    }
    case FIN_SEGMENT:
        enqueue(e, e->released, mot_segment_flush(&e->segment, e->released));
        e->stage = FIN_DONE;
        break;
    case FIN_DONE:
        break;
    }
}

mot_status mot_engine_finish(mot_engine *e, mot_frame *out, size_t *n_out)
{
    if (!e || (out && !n_out))
        return MOT_ERR_INVALID_ARG;
    size_t cap = out ? *n_out : 0, written = 0;
    if (e->stage == RUNNING)
        finish_step(e);
    while (drain(e, out, cap, &written) && e->stage != FIN_DONE)
        finish_step(e);
    if (n_out)
        *n_out = written;
    return MOT_OK;
}

/* Complete once the window's frames have all been counted (the segmenter
 * may have released the last one while the nucleus stage still holds it). */
static int window_complete(const mot_engine *e)
{
    return e->stats.n_window >= e->segment.window_frames;
}

int mot_engine_window_complete(const mot_engine *e)
{
    return e && window_complete(e);
}

double mot_engine_latency_s(const mot_engine *e)
{
    if (!e)
        return 0.0;
    double resampler = e->resampler
                           ? speex_resampler_get_input_latency(e->resampler) / e->cfg.input_rate_hz
                           : 0.0;
    /* The longest hold is before the onset: a run plus a gap in it; the
     * nucleus stage then waits for the frames its smoothing reaches. */
    int hold = MOT_SEGMENT_ONSET_HOLD_FRAMES + e->segment.pause_frames;
    return resampler + (double)e->frame_len / 2.0 / MOT_ANALYSIS_RATE_HZ +
           (MOT_PITCH_LAG_FRAMES + hold + MOT_SEGMENT_NUCLEUS_HOLD) * MOT_HOP_S;
}

mot_state mot_engine_state(const mot_engine *e)
{
    if (!e)
        return MOT_STATE_LISTENING;
    if (e->stage == FIN_DONE || window_complete(e))
        return MOT_STATE_FINAL;
    if ((double)e->stats.n_window * MOT_HOP_S >= e->cfg.provisional_s - 1e-9)
        return MOT_STATE_PROVISIONAL;
    return MOT_STATE_LISTENING;
}

void mot_engine_summary(const mot_engine *e, mot_summary *out)
{
    if (!e || !out)
        return;
    memset(out, 0, sizeof *out);
    mot_stats_summarise(&e->stats, out);
    out->heard_s = (double)e->n_in / e->cfg.input_rate_hz;
    out->window_start_s = mot_segment_window_start_s(&e->segment);
    out->window_end_s = out->window_start_s + (double)e->stats.n_window * MOT_HOP_S;
    out->state = mot_engine_state(e);
    out->dull_score = NAN;
    if (e->model)
        mot_model_score(e->model, out);
}
