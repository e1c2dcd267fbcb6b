#include "io/analyze.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/source.h"

/* Frames collected per engine call when the caller wants them. */
#define FRAMES_PER_CALL 256

struct mot_analyzer {
    mot_config cfg;
    const mot_model *model;
    int channel;
    mot_engine *engine; /* kept for the next file at the same rate */
    float block[MOT_SOURCE_BLOCK_FRAMES];
    mot_frame frames[FRAMES_PER_CALL];
};

mot_status mot_analyzer_new(const mot_config *cfg, const mot_model *model,
                            int channel, mot_analyzer **out)
{
    mot_analyzer *a;

    if (!out || channel < MOT_CHANNEL_MIX)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    a = calloc(1, sizeof *a);
    if (!a)
        return MOT_ERR_NOMEM;
    if (cfg)
        a->cfg = *cfg;
    else
        mot_config_default(&a->cfg);
    a->model = model;
    a->channel = channel;
    *out = a;
    return MOT_OK;
}

void mot_analyzer_free(mot_analyzer *a)
{
    if (!a)
        return;
    mot_engine_free(a->engine);
    free(a);
}

/* Resetting is cheaper than a new engine, but only valid at the same rate. */
static mot_status engine_for(mot_analyzer *a, double rate_hz, char *detail,
                             size_t detail_size)
{
    if (a->engine && a->cfg.input_rate_hz == rate_hz) {
        mot_engine_reset(a->engine);
        return MOT_OK;
    }
    mot_engine_free(a->engine);
    a->engine = NULL;
    a->cfg.input_rate_hz = rate_hz;
    return mot_engine_new(&a->cfg, a->model, &a->engine, detail, detail_size);
}

/* Frames go to the callback while it wants them. */
typedef struct frame_sink {
    mot_frames_fn fn;
    void *ctx;
} frame_sink;

static void deliver(mot_analyzer *a, frame_sink *sink, size_t n_out)
{
    if (n_out > 0 && sink->fn(sink->ctx, a->frames, n_out))
        sink->fn = NULL;
}

/* With nobody taking frames, input goes in by SLICE samples, so that a
 * block stops where the window completes rather than at its end. */
#define SLICE 512

static mot_status push(mot_analyzer *a, const float *in, size_t n, frame_sink *sink)
{
    while (n > 0) {
        if (!sink->fn && mot_engine_window_complete(a->engine))
            return MOT_OK;
        size_t n_in = sink->fn || n < SLICE ? n : SLICE, n_out = sink->fn ? FRAMES_PER_CALL : 0;
        mot_status st = mot_engine_process(a->engine, in, &n_in,
                                           sink->fn ? a->frames : NULL, &n_out);
        if (st != MOT_OK)
            return st;
        deliver(a, sink, n_out);
        /* An engine that neither takes nor gives would spin here forever. */
        if (n_in == 0 && n_out == 0)
            return MOT_ERR_INVALID_ARG;
        in += n_in;
        n -= n_in;
    }
    return MOT_OK;
}

static mot_status drain(mot_analyzer *a, frame_sink *sink)
{
    size_t n_out;

    do {
        n_out = sink->fn ? FRAMES_PER_CALL : 0;
        mot_status st = mot_engine_finish(a->engine, sink->fn ? a->frames : NULL, &n_out);
        if (st != MOT_OK)
            return st;
        deliver(a, sink, n_out);
    } while (n_out > 0 && sink->fn);
    return MOT_OK;
}

mot_status mot_analyzer_run(mot_analyzer *a, const char *path,
                            mot_frames_fn on_frames, void *ctx,
                            mot_file_result *out)
{
    char detail[512] = "", why[256] = "";
    mot_source *src = NULL;
    mot_source_info info;
    size_t n_read = 0, n_total = 0;
    mot_status st;
    frame_sink sink = {on_frames, ctx};

    mot_file_result_init(out, path, a->channel);
    /* Channel 0 first, so that a record of a missing channel still says
     * what the file holds. */
    st = mot_source_open(path, 0, &src, detail, sizeof detail);
    if (st != MOT_OK)
        goto done;
    mot_source_info_get(src, &info);
    out->sample_rate_hz = info.sample_rate_hz;
    out->channels = info.channels;
    out->duration_s = info.duration_s;
    st = mot_source_select(src, a->channel, detail, sizeof detail);
    if (st != MOT_OK)
        goto done;

    if (!(info.sample_rate_hz >= MOT_INPUT_RATE_MIN_HZ &&
          info.sample_rate_hz <= MOT_INPUT_RATE_MAX_HZ)) {
        st = MOT_ERR_SAMPLE_RATE;
        snprintf(detail, sizeof detail, "cannot analyse at %g Hz (mot takes %g to %g Hz)",
                 info.sample_rate_hz, MOT_INPUT_RATE_MIN_HZ, MOT_INPUT_RATE_MAX_HZ);
        goto done;
    }
    st = engine_for(a, info.sample_rate_hz, why, sizeof why);
    if (st != MOT_OK) {
        snprintf(detail, sizeof detail, "cannot analyse at %g Hz (%s)",
                 info.sample_rate_hz, why[0] ? why : mot_strerror(st));
        goto done;
    }
    do {
        st = mot_source_read(src, a->block, &n_read, detail, sizeof detail);
        if (st == MOT_OK)
            st = push(a, a->block, n_read, &sink);
        n_total += n_read;
    } while (st == MOT_OK && n_read > 0 &&
             (sink.fn || !mot_engine_window_complete(a->engine)));
    if (st == MOT_OK && n_total == 0) {
        st = MOT_ERR_EMPTY;
        snprintf(detail, sizeof detail, "file holds no samples");
    }
    if (st == MOT_OK)
        st = drain(a, &sink);
    if (st == MOT_OK)
        mot_engine_summary(a->engine, &out->summary);
done:
    out->status = st;
    if (st != MOT_OK)
        snprintf(out->error, sizeof out->error, "%s: %s", path,
                 detail[0] ? detail : mot_strerror(st));
    mot_source_free(src);
    return st;
}
