/* The engine's push API: what it takes, what it gives back, and that the
 * way samples are handed over never changes the answer.
 *
 * This executable is linked with -Wl,--wrap=malloc,--wrap=calloc,
 * --wrap=realloc: every allocation made by code linked statically into it
 * (libmot included) goes through the counters below. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/segment.h"
#include "signals.h"

/* ---- allocation counters ------------------------------------------------ */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);

static int counting;
static long n_allocations;

void *__wrap_malloc(size_t size)
{
    n_allocations += counting;
    return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    n_allocations += counting;
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    n_allocations += counting;
    return __real_realloc(p, size);
}

/* ---- signals and comparisons -------------------------------------------- */

#define N_OF(a) (sizeof a / sizeof a[0])
#define NOISE_RMS 0.001 /* -60 dBFS background */

/* A call's opening: LEAD_S of background noise, then phrases of syllables
 * with a short gap (speech) and a long one (a pause), repeated every
 * 8 s until `seconds`. */
#define LEAD_S 1.0
static float *make_call(double rate, double seconds, size_t *n_out, uint64_t seed)
{
    size_t n = sig_samples(seconds, rate);
    float *x = sig_alloc(n);
    for (double t = LEAD_S; t < seconds; t += 8.0) {
        const sig_phrase p[] = {
            {t, 2.5, 4.5, sig_f0_vibrato(140.0, 2.0, 1.5), 0.1, 0.6, -30.0},
            {t + 3.1, 2.0, 5.0, sig_f0_glide(180.0, 120.0, 2.0), 0.08, 0.6, -30.0},
            {t + 5.22, 2.2, 4.0, sig_f0_vibrato(130.0, 3.0, 1.0), 0.12, 0.6, -30.0},
        };
        sig_phrases(x, n, rate, p, N_OF(p));
    }
    sig_phone_band(x, n, rate);
    sig_add_noise(x, n, NOISE_RMS, seed);
    *n_out = n;
    return x;
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void assert_same_frames(const sig_run *a, const sig_run *b)
{
    assert_int_equal(a->n_frames, b->n_frames);
    for (size_t k = 0; k < a->n_frames; k++) {
        const mot_frame *x = &a->frames[k], *y = &b->frames[k];
        if (!(x->time_s == y->time_s && x->f0_hz == y->f0_hz && x->voicing == y->voicing &&
              x->energy_dbfs == y->energy_dbfs && x->band_dbfs == y->band_dbfs &&
              x->vowel_dbfs == y->vowel_dbfs && x->speech == y->speech &&
              x->nucleus == y->nucleus && x->in_window == y->in_window))
            fail_msg("frame %zu differs: t %.3f/%.3f f0 %g/%g e %g/%g speech %d/%d", k,
                     x->time_s, y->time_s, x->f0_hz, y->f0_hz, x->energy_dbfs, y->energy_dbfs,
                     x->speech, y->speech);
    }
}

static void assert_same_summary(const mot_summary *a, const mot_summary *b)
{
    assert_int_equal(a->state, b->state);
    assert_true(same_double(a->heard_s, b->heard_s));
    assert_true(same_double(a->window_start_s, b->window_start_s));
    assert_true(same_double(a->window_end_s, b->window_end_s));
    assert_true(same_double(a->speech_s, b->speech_s));
    assert_true(same_double(a->f0_median_hz, b->f0_median_hz));
    assert_true(same_double(a->f0_sd_st, b->f0_sd_st));
    assert_true(same_double(a->f0_range_st, b->f0_range_st));
    assert_true(same_double(a->f0_iqr_st, b->f0_iqr_st));
    assert_true(same_double(a->energy_mean_dbfs, b->energy_mean_dbfs));
    assert_true(same_double(a->energy_sd_db, b->energy_sd_db));
    assert_true(same_double(a->syllable_rate_hz, b->syllable_rate_hz));
    assert_true(same_double(a->articulation_rate_hz, b->articulation_rate_hz));
    assert_true(same_double(a->pause_ratio, b->pause_ratio));
    assert_int_equal(a->n_voiced, b->n_voiced);
    assert_int_equal(a->n_nuclei, b->n_nuclei);
    assert_true(same_double(a->dull_score, b->dull_score));
    assert_int_equal(a->dull, b->dull);
    assert_int_equal(a->reasons, b->reasons);
}

static mot_engine *new_engine(double rate, const mot_model *model)
{
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.input_rate_hz = rate;
    mot_engine *e = NULL;
    assert_int_equal(mot_engine_new(&cfg, model, &e, NULL, 0), MOT_OK);
    assert_non_null(e);
    return e;
}

static int finite_frame(const mot_frame *f)
{
    return isfinite(f->time_s) && isfinite(f->f0_hz) && isfinite(f->voicing) &&
           isfinite(f->energy_dbfs) && isfinite(f->band_dbfs) && isfinite(f->vowel_dbfs);
}

/* ---- tests ------------------------------------------------------------- */

/* One block of 4096 with room for 256 frames is the reference; a sample at
 * a time, a PortAudio-sized 80, and an output buffer of one frame must give
 * the very same frames and summary. At the analysis rate and through the
 * resampler. */
static void test_block_size_independence(void **state)
{
    (void)state;
    mot_model *model = NULL;
    assert_int_equal(mot_model_default(&model), MOT_OK);
    const double rates[] = {8000.0, 44100.0};
    const struct {
        size_t block, cap;
    } ways[] = {{1, 256}, {80, 256}, {4096, 1}, {80, 1}, {4096, 3}, {441, 1000}, {100000, 7}};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n;
        float *x = make_call(rates[r], 6.0, &n, 11);
        mot_engine *e = new_engine(rates[r], model);
        sig_run ref = {0};
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &ref), MOT_OK);
        assert_true(ref.n_frames >= 599);
        assert_false(isnan(ref.summary.window_start_s));
        for (size_t w = 0; w < N_OF(ways); w++) {
            sig_run run = {0};
            assert_int_equal(sig_run_engine(e, x, n, ways[w].block, ways[w].cap, &run), MOT_OK);
            assert_same_frames(&ref, &run);
            assert_same_summary(&ref.summary, &run.summary);
            sig_run_free(&run);
        }
        sig_run_free(&ref);
        mot_engine_free(e);
        free(x);
    }
    mot_model_free(model);
}

/* out == NULL discards frames but consumes every sample and keeps the
 * summary the same. */
static void test_null_out_discards_frames_only(void **state)
{
    (void)state;
    size_t n;
    float *x = make_call(8000.0, 5.0, &n, 12);
    mot_engine *e = new_engine(8000.0, NULL);
    sig_run ref = {0};
    assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &ref), MOT_OK);

    mot_engine_reset(e);
    for (size_t pos = 0; pos < n; pos += 1000) {
        size_t n_in = n - pos < 1000 ? n - pos : 1000, want = n_in, n_out = 99;
        assert_int_equal(mot_engine_process(e, x + pos, &n_in, NULL, &n_out), MOT_OK);
        assert_int_equal(n_in, want);
        assert_int_equal(n_out, 0);
    }
    size_t n_in = 0; /* in may be NULL when n_in is 0 */
    assert_int_equal(mot_engine_process(e, NULL, &n_in, NULL, NULL), MOT_OK);
    assert_int_equal(mot_engine_finish(e, NULL, NULL), MOT_OK);
    mot_summary s;
    mot_engine_summary(e, &s);
    assert_same_summary(&ref.summary, &s);
    sig_run_free(&ref);
    mot_engine_free(e);
    free(x);
}

/* Reset readies the engine for an unrelated call: a second run, and a run
 * after an abandoned half call, give what a fresh engine gives. */
static void test_reset_gives_identical_results(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 48000.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n, n_other;
        float *x = make_call(rates[r], 5.0, &n, 13);
        float *other = make_call(rates[r], 3.0, &n_other, 14);
        mot_engine *e = new_engine(rates[r], NULL);
        sig_run first = {0}, second = {0}, third = {0};
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &first), MOT_OK);
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &second), MOT_OK);
        assert_same_frames(&first, &second);
        assert_same_summary(&first.summary, &second.summary);

        /* Half of another call, never finished, then reset. */
        mot_engine_reset(e);
        size_t n_in = n_other / 2 + 17;
        assert_int_equal(mot_engine_process(e, other, &n_in, NULL, NULL), MOT_OK);
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &third), MOT_OK);
        assert_same_frames(&first, &third);
        assert_same_summary(&first.summary, &third.summary);

        sig_run_free(&first);
        sig_run_free(&second);
        sig_run_free(&third);
        mot_engine_free(e);
        free(x);
        free(other);
    }
}

/* finish releases every frame, a little at a time when out is small;
 * afterwards pushing fails with MOT_ERR_FINISHED and takes nothing, and
 * finish again gives nothing more. */
static void test_finish_drains_then_refuses_input(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 16000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n;
        float *x = make_call(rates[r], 3.0, &n, 15);
        mot_engine *e = new_engine(rates[r], NULL);
        mot_frame out[2];
        size_t got = 0;
        for (size_t pos = 0; pos < n;) {
            size_t n_in = n - pos, n_out = 2;
            assert_int_equal(mot_engine_process(e, x + pos, &n_in, out, &n_out), MOT_OK);
            for (size_t k = 0; k < n_out; k++, got++)
                SIG_ASSERT_NEAR(out[k].time_s, ((double)got + 0.5) * MOT_HOP_S, 1e-9);
            pos += n_in;
        }
        size_t held = got, calls = 0;
        for (;;) {
            size_t n_out = 2;
            assert_int_equal(mot_engine_finish(e, out, &n_out), MOT_OK);
            calls++;
            for (size_t k = 0; k < n_out; k++, got++)
                SIG_ASSERT_NEAR(out[k].time_s, ((double)got + 0.5) * MOT_HOP_S, 1e-9);
            if (n_out == 0)
                break;
            assert_true(n_out <= 2);
        }
        /* Everything held back (about latency_s worth) came out at the end. */
        SIG_ASSERT_NEAR((double)got, 300.0, 1.0);
        SIG_ASSERT_GE((double)(got - held), 0.3 / MOT_HOP_S);
        assert_true(calls > (got - held) / 2);

        size_t n_out = 2;
        assert_int_equal(mot_engine_finish(e, out, &n_out), MOT_OK);
        assert_int_equal(n_out, 0);
        size_t n_in = 100;
        n_out = 2;
        assert_int_equal(mot_engine_process(e, x, &n_in, out, &n_out), MOT_ERR_FINISHED);
        assert_int_equal(n_in, 0);
        assert_int_equal(n_out, 0);
        mot_summary s;
        mot_engine_summary(e, &s);
        assert_int_equal(s.state, MOT_STATE_FINAL);
        SIG_ASSERT_NEAR(s.heard_s, (double)n / rates[r], 1e-9);
        mot_engine_free(e);
        free(x);
    }
}

/* Non-finite samples are treated as 0: frames and summary are those of the
 * same signal with zeros there, and nothing in them is NaN. */
static void test_non_finite_input_is_zero(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n;
        float *x = make_call(rates[r], 4.0, &n, 16);
        float *zeroed = sig_alloc(n);
        memcpy(zeroed, x, n * sizeof *x);
        const float bad[] = {NAN, INFINITY, -INFINITY, -NAN};
        sig_rng rng;
        sig_rng_seed(&rng, 3);
        for (int i = 0; i < 400; i++) {
            size_t at = (size_t)(sig_rng_uniform(&rng) * (double)n);
            x[at] = bad[i % 4];
            zeroed[at] = 0.0f;
        }
        /* ... and a whole run of them inside speech. */
        size_t from = sig_samples(2.0, rates[r]);
        for (size_t i = from; i < from + sig_samples(0.05, rates[r]); i++)
            x[i] = NAN, zeroed[i] = 0.0f;

        mot_model *model = NULL;
        assert_int_equal(mot_model_default(&model), MOT_OK);
        mot_engine *e = new_engine(rates[r], model);
        sig_run dirty = {0}, clean = {0};
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &dirty), MOT_OK);
        assert_int_equal(sig_run_engine(e, zeroed, n, 4096, 256, &clean), MOT_OK);
        assert_same_frames(&clean, &dirty);
        assert_same_summary(&clean.summary, &dirty.summary);
        for (size_t k = 0; k < dirty.n_frames; k++)
            assert_true(finite_frame(&dirty.frames[k]));
        const mot_summary *s = &dirty.summary;
        assert_true(isfinite(s->window_start_s) && isfinite(s->window_end_s));
        assert_true(isfinite(s->speech_s) && isfinite(s->f0_median_hz));
        assert_true(isfinite(s->f0_sd_st) && isfinite(s->f0_range_st));
        assert_true(isfinite(s->f0_iqr_st));
        assert_true(isfinite(s->energy_mean_dbfs) && isfinite(s->energy_sd_db));
        assert_true(isfinite(s->syllable_rate_hz) && isfinite(s->articulation_rate_hz));
        assert_true(isfinite(s->pause_ratio) && isfinite(s->dull_score));
        sig_run_free(&dirty);
        sig_run_free(&clean);
        mot_engine_free(e);
        mot_model_free(model);
        free(x);
        free(zeroed);
    }
}

/* Samples beyond full scale clip to +-1, like a converter: a signal with
 * huge overs gives the frames of the same signal clipped, all finite. */
static void test_overs_clip(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n;
        float *x = make_call(rates[r], 4.0, &n, 23);
        float *clipped = sig_alloc(n);
        for (size_t i = 0; i < n; i++) {
            x[i] *= i % 3 ? 30.0f : 3e30f; /* hot, and absurd */
            clipped[i] = x[i] > 1.0f ? 1.0f : x[i] < -1.0f ? -1.0f : x[i];
        }
        mot_engine *e = new_engine(rates[r], NULL);
        sig_run hot = {0}, clean = {0};
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &hot), MOT_OK);
        assert_int_equal(sig_run_engine(e, clipped, n, 4096, 256, &clean), MOT_OK);
        assert_same_frames(&clean, &hot);
        assert_same_summary(&clean.summary, &hot.summary);
        for (size_t k = 0; k < hot.n_frames; k++) {
            assert_true(finite_frame(&hot.frames[k]));
            SIG_ASSERT_LE(hot.frames[k].energy_dbfs, 0.01);
        }
        sig_run_free(&hot);
        sig_run_free(&clean);
        mot_engine_free(e);
        free(x);
        free(clipped);
    }
}

/* All-NaN input is all-zero input: silence. */
static void test_all_nan_is_silence(void **state)
{
    (void)state;
    size_t n = sig_samples(2.0, 16000.0);
    float *x = sig_alloc(n);
    for (size_t i = 0; i < n; i++)
        x[i] = NAN;
    mot_engine *e = new_engine(16000.0, NULL);
    sig_run run = {0};
    assert_int_equal(sig_run_engine(e, x, n, 512, 64, &run), MOT_OK);
    for (size_t k = 0; k < run.n_frames; k++) {
        assert_true(finite_frame(&run.frames[k]));
        SIG_ASSERT_NEAR(run.frames[k].energy_dbfs, -120.0, 1e-6);
        assert_int_equal(run.frames[k].speech, 0);
    }
    assert_true(isnan(run.summary.window_start_s));
    sig_run_free(&run);
    mot_engine_free(e);
    free(x);
}

/* Silence (digital or a steady noise floor) has no onset: window start and
 * end NaN, nothing in the window, state FINAL after finish, and the model
 * says little_speech. */
static void test_silence_has_no_onset(void **state)
{
    (void)state;
    mot_model *model = NULL;
    assert_int_equal(mot_model_default(&model), MOT_OK);
    for (int noisy = 0; noisy <= 1; noisy++) {
        size_t n = sig_samples(20.0, 8000.0);
        float *x = sig_alloc(n);
        if (noisy)
            sig_add_noise(x, n, 0.01, 17);
        mot_engine *e = new_engine(8000.0, model);
        sig_run run = {0};
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &run), MOT_OK);
        const mot_summary *s = &run.summary;
        assert_true(isnan(s->window_start_s));
        assert_true(isnan(s->window_end_s));
        assert_int_equal(s->state, MOT_STATE_FINAL);
        SIG_ASSERT_NEAR(s->speech_s, 0.0, 0.0);
        assert_int_equal(s->n_voiced, 0);
        assert_int_equal(s->n_nuclei, 0);
        assert_int_equal(run.window_complete, 0);
        for (size_t k = 0; k < run.n_frames; k++) {
            assert_int_equal(run.frames[k].in_window, 0);
            assert_int_equal(run.frames[k].speech, 0);
            assert_int_equal(run.frames[k].nucleus, 0);
        }
        assert_true(s->reasons & MOT_REASON_LITTLE_SPEECH);
        assert_int_equal(s->dull, 1);
        sig_run_free(&run);
        mot_engine_free(e);
        free(x);
    }
    mot_model_free(model);
}

/* Speech that starts after 1.0 s of silence or noise opens the window at
 * 1.0 s +- 30 ms, whatever the input rate. */
static void test_onset_time(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 16000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        for (int noisy = 0; noisy <= 1; noisy++) {
            for (int steady = 0; steady <= 1; steady++) {
                double rate = rates[r];
                size_t n = sig_samples(3.0, rate);
                float *x = sig_alloc(n);
                const sig_phrase syllables = {1.0, 2.0, 4.0, sig_f0_constant(150.0),
                                              0.1, 0.6, -INFINITY};
                const sig_phrase vowel = {1.0, 2.0, 0.0, sig_f0_constant(150.0), 0.1, 0, 0};
                sig_phrases(x, n, rate, steady ? &vowel : &syllables, 1);
                if (noisy)
                    sig_add_noise(x, n, sig_noise_rms(0.1, 30.0), 18);
                mot_config cfg;
                mot_config_default(&cfg);
                cfg.input_rate_hz = rate;
                sig_run run = {0};
                assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
                sig_note("onset at %.0f Hz, %s, %s: %.3f s", rate, noisy ? "noise" : "silence",
                         steady ? "vowel" : "syllables", run.summary.window_start_s);
                SIG_ASSERT_NEAR(run.summary.window_start_s, 1.0, 0.03);
                /* The first in-window frame is the one the window opens at. */
                size_t k = 0;
                while (k < run.n_frames && !run.frames[k].in_window)
                    k++;
                assert_true(k < run.n_frames);
                SIG_ASSERT_NEAR(run.frames[k].time_s - 0.5 * MOT_HOP_S,
                                run.summary.window_start_s, 1e-9);
                sig_run_free(&run);
                free(x);
            }
        }
    }
}

/* The pause ratio of the whole signal x (n samples at 8 kHz) under cfg;
 * the window must open within `tol` of onset_s. Frees x. */
static double pause_ratio_of(const mot_config *cfg, float *x, size_t n, double onset_s,
                             double tol)
{
    sig_run run = {0};
    assert_int_equal(sig_analyse(cfg, NULL, x, n, &run), MOT_OK);
    SIG_ASSERT_NEAR(run.summary.window_start_s, onset_s, tol);
    double ratio = run.summary.pause_ratio;
    sig_run_free(&run);
    free(x);
    return ratio;
}

/* Speech in noise: phrases of three loud vowels (0.2 s, 20 dB over the
 * noise) each followed by a weak one (0.3 s, frame energy ~5 dB over the
 * noise), 0.3 s of the bare line between phrases. On this noisy line the
 * weak vowels, voiced and next to loud ones, are speech, so the pauses
 * are about the gaps alone; with the voiced margin raised to
 * the full 8 dB they are pauses too. `voiced_db` is
 * cfg.vad_voiced_above_noise_db. */
static double pause_ratio_loud_weak(double voiced_db)
{
    const double rate = 8000.0, noise = 0.01;
    size_t n = sig_samples(12.0, rate);
    float *x = sig_alloc(n);
    sig_phrase p[36];
    int count = 0;
    for (int phrase = 0; phrase < 6; phrase++)
        for (int v = 0; v < 3; v++) {
            double t = 0.5 + 1.8 * phrase + 0.5 * v;
            p[count++] = (sig_phrase){t, 0.2, 0.0, sig_f0_constant(150.0), 10.0 * noise, 0, 0};
            p[count++] = (sig_phrase){t + 0.2, 0.3, 0.0, sig_f0_constant(150.0),
                                      noise * sqrt(2.16), 0, 0};
        }
    sig_phrases(x, n, rate, p, count);
    sig_add_noise(x, n, noise, 23);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.vad_voiced_above_noise_db = voiced_db;
    double ratio = pause_ratio_of(&cfg, x, n, 0.5, 0.03);
    sig_note("loud/weak vowels in noise, voiced margin %.0f dB: pause ratio %.3f", voiced_db,
             ratio);
    return ratio;
}

static void test_weak_vowels_in_noise_are_speech(void **state)
{
    (void)state;
    mot_config d;
    mot_config_default(&d);
    double with = pause_ratio_loud_weak(d.vad_voiced_above_noise_db);
    double without = pause_ratio_loud_weak(d.vad_above_noise_db);
    /* The gaps, the 1 s of line after the last phrase, and the 0.1 s of
     * each weak vowel past MOT_VAD_BRIDGE_FRAMES that joins a gap: ~0.27. */
    assert_true(with < 0.3);
    assert_true(without > with + 0.2);
}

/* A voiced background a few dB over the line noise (hum, quiet music on
 * hold) before the agent speaks does not open the window: the lower margin
 * for voiced frames only extends speech that energy found. */
static void test_voiced_background_opens_no_window(void **state)
{
    (void)state;
    const double rate = 8000.0, noise = 0.01;
    size_t n = sig_samples(9.0, rate);
    float *x = sig_alloc(n);
    /* Notes of 0.35 s every 0.5 s from 1 s (the bare line between them
     * keeps the noise floor down), then speech at 6 s. */
    sig_phrase p[11];
    for (int k = 0; k < 10; k++)
        p[k] = (sig_phrase){1.0 + 0.5 * k, 0.35, 0.0, sig_f0_constant(k % 2 ? 110.0 : 131.0),
                            noise * sqrt(2.16), 0.0, 0.0};
    p[10] = (sig_phrase){6.0, 3.0, 4.0, sig_f0_constant(150.0), 0.1, 0.6, -INFINITY};
    sig_phrases(x, n, rate, p, 11);
    sig_add_noise(x, n, noise, 29);
    sig_run run = {0};
    assert_int_equal(sig_analyse(NULL, NULL, x, n, &run), MOT_OK);
    sig_note("voiced background then speech at 6 s: onset %.3f s", run.summary.window_start_s);
    SIG_ASSERT_NEAR(run.summary.window_start_s, 6.0, 0.05);
    sig_run_free(&run);
    free(x);
}

/* The agent of the background tests: six phrases of 1.2 s from 0.5 s, 2 s
 * apart (4 syllables a second at peak RMS `agent`), written into x. */
static void agent_phrases(float *x, size_t n, double rate, double agent)
{
    sig_phrase p[6];
    for (int k = 0; k < 6; k++)
        p[k] = (sig_phrase){0.5 + 2.0 * k, 1.2, 4.0, sig_f0_constant(120.0), agent, 0.6, -30.0};
    sig_phrases(x, n, rate, p, 6);
}

/* A call-centre floor: the agent speaks phrases of 1.2 s with 0.8 s
 * between them while a colleague talks on 30 dB under the agent's voice
 * (bursts of voiced syllables over a quiet line), from just after the
 * agent's first word. The colleague is not the agent: the gaps stay
 * pauses. A margin of 40 dB under the agent's peak takes the colleague for
 * speech and leaves no pause at all. (Talk before the agent's first word
 * would open the window: the agent's level is not known yet.)
 * `below_peak_db` is cfg.vad_below_peak_db. */
static double pause_ratio_with_colleague(double below_peak_db)
{
    const double rate = 8000.0, agent = 0.1;
    size_t n = sig_samples(12.0, rate);
    float *x = sig_alloc(n), *b = sig_alloc(n);
    sig_phrase colleague = {0.6, 11.4, 4.0, sig_f0_constant(220.0),
                            agent * pow(10.0, -30.0 / 20.0), 0.6, -INFINITY};
    sig_phrases(b, n, rate, &colleague, 1);
    agent_phrases(x, n, rate, agent);
    for (size_t i = 0; i < n; i++)
        x[i] += b[i];
    sig_add_noise(x, n, agent * pow(10.0, -55.0 / 20.0), 31);
    free(b);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.vad_below_peak_db = below_peak_db;
    double ratio = pause_ratio_of(&cfg, x, n, 0.5, 0.03);
    sig_note("colleague 30 dB under the agent, %.0f dB under the peak: pause ratio %.3f",
             below_peak_db, ratio);
    return ratio;
}

static void test_colleague_in_the_background_is_no_speech(void **state)
{
    (void)state;
    mot_config d;
    mot_config_default(&d);
    /* The window (from 0.5 s to the end, 11.5 s) holds five gaps of 0.8 s
     * and the 0.3 s after the last phrase: 4.3 s of pause, 0.37. */
    double with = pause_ratio_with_colleague(d.vad_below_peak_db);
    double without = pause_ratio_with_colleague(40.0);
    assert_true(with > 0.3 && with < 0.45);
    assert_true(without < 0.1);
}

/* Room rumble and handling noise under 200 Hz, swelling and fading (10 dB
 * either way at 1.5 Hz) 15 dB under the agent's phrases: the speech
 * detector reads the telephone band, where the rumble is 30 dB and more
 * lower, so the gaps stay pauses as they would through a phone line. On
 * the full band the rumble's swells, within 25 dB of the agent's peak and
 * well over its own troughs, read as speech. */
static void test_rumble_is_no_speech(void **state)
{
    (void)state;
    const double rate = 8000.0, agent = 0.1;
    size_t n = sig_samples(12.0, rate);
    float *x = sig_alloc(n);
    agent_phrases(x, n, rate, agent);
    /* Ten partials from 40 to 175 Hz at random phases, RMS 1 before the swell. */
    sig_rng rng;
    sig_rng_seed(&rng, 37);
    double phase[10];
    for (int j = 0; j < 10; j++)
        phase[j] = 2.0 * M_PI * sig_rng_uniform(&rng);
    const double rumble = agent * pow(10.0, -15.0 / 20.0);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate, v = 0.0;
        for (int j = 0; j < 10; j++)
            v += sin(2.0 * M_PI * (40.0 + 15.0 * j) * t + phase[j]);
        double swell = pow(10.0, (10.0 * sin(2.0 * M_PI * 1.5 * t)) / 20.0);
        x[i] += (float)(rumble * sqrt(2.0 / 10.0) * swell * v);
    }
    sig_add_noise(x, n, agent * pow(10.0, -55.0 / 20.0), 41);
    mot_config cfg;
    mot_config_default(&cfg);
    /* Before the agent's first vowel the rumble is all there is: the window
     * may open on it up to MOT_SEGMENT_ONSET_LEAD_S early. */
    double ratio = pause_ratio_of(&cfg, x, n, 0.5 - MOT_SEGMENT_ONSET_LEAD_S / 2,
                                  MOT_SEGMENT_ONSET_LEAD_S / 2 + 0.03);
    sig_note("rumble 15 dB under the agent: pause ratio %.3f", ratio);
    /* Five gaps of 0.8 s and the 0.3 s after the last phrase in 11.5 s. */
    assert_true(ratio > 0.3 && ratio < 0.45);
}

/* A recording that opens on near-silence (dither 96 dB under full scale,
 * 6 s) before the line connects with its own background, 20 dB under the
 * agent's phrases, 1 s before the agent's first word: the call reads as it
 * does without the lead-in, its gaps pauses. Before the line's background
 * became the noise floor (it crept up from the dither's at 1 dB/s), the
 * window opened on the background and every gap read as speech. (A line
 * that connects less than MOT_VAD_BACKGROUND_RUN_FRAMES before the first
 * word may open the window up to MOT_SEGMENT_ONSET_LEAD_S early.) */
static void test_line_that_connects_after_a_lead_in(void **state)
{
    (void)state;
    const double rate = 8000.0, agent = 0.1, lead_s = 6.0, line_s = 0.5;
    size_t n = sig_samples(12.0, rate), lead = sig_samples(lead_s, rate),
           line = sig_samples(line_s, rate);
    float *x = sig_alloc(lead + line + n);
    sig_add_noise(x, lead, pow(10.0, -96.0 / 20.0), 5);
    agent_phrases(x + lead + line, n, rate, agent);
    sig_add_phone_noise(x + lead, line + n, rate, agent * pow(10.0, -20.0 / 20.0), 6);
    n += line;
    sig_run with = {0}, without = {0};
    assert_int_equal(sig_analyse(NULL, NULL, x, lead + n, &with), MOT_OK);
    assert_int_equal(sig_analyse(NULL, NULL, x + lead, n, &without), MOT_OK);
    sig_note("line after a lead-in: onset %.2f s (%.2f s without), pause ratio %.3f (%.3f)",
             with.summary.window_start_s, without.summary.window_start_s,
             with.summary.pause_ratio, without.summary.pause_ratio);
    SIG_ASSERT_NEAR(with.summary.window_start_s, without.summary.window_start_s + lead_s, 0.03);
    SIG_ASSERT_NEAR(with.summary.pause_ratio, without.summary.pause_ratio, 0.03);
    assert_true(without.summary.pause_ratio > 0.3);
    sig_run_free(&with);
    sig_run_free(&without);
    free(x);
}

/* The telephone-band and vowel-band levels are measured over the same
 * samples as the full-band one: a 1 kHz burst (all of it in both bands)
 * rises in the same frame in all three and reads the same level in all
 * three while it lasts. */
static void test_band_level_is_aligned(void **state)
{
    (void)state;
    const double rate = 8000.0;
    size_t n = sig_samples(3.0, rate), from = sig_samples(1.0, rate);
    float *x = sig_alloc(n);
    sig_tone(x + from, sig_samples(1.0, rate), rate, 1000.0, 0.1);
    sig_run run = {0};
    assert_int_equal(sig_analyse(NULL, NULL, x, n, &run), MOT_OK);
    size_t rise_full = run.n_frames, rise_band = run.n_frames, rise_vowel = run.n_frames;
    for (size_t k = 0; k < run.n_frames; k++) {
        const mot_frame *f = &run.frames[k];
        if (rise_full == run.n_frames && f->energy_dbfs > -60.0f)
            rise_full = k;
        if (rise_band == run.n_frames && f->band_dbfs > -60.0f)
            rise_band = k;
        if (rise_vowel == run.n_frames && f->vowel_dbfs > -60.0f)
            rise_vowel = k;
        if (f->time_s > 1.1 && f->time_s < 1.9) {
            SIG_ASSERT_NEAR(f->band_dbfs, f->energy_dbfs, 0.1);
            SIG_ASSERT_NEAR(f->vowel_dbfs, f->energy_dbfs, 0.1);
        }
    }
    assert_true(rise_full < run.n_frames);
    assert_int_equal(rise_band, rise_full);
    assert_int_equal(rise_vowel, rise_full);
    sig_run_free(&run);
    free(x);
}

/* The window is window_s long from the onset: window_complete turns 1 once
 * that much has been heard (and at most latency_s later), holds exactly
 * window_s / 10 ms frames, and the state is FINAL from then on. Before
 * provisional_s of window the state is LISTENING, then PROVISIONAL. */
static void test_window_and_states(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        double rate = rates[r];
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.input_rate_hz = rate;
        cfg.window_s = 5.0;
        cfg.provisional_s = 2.0;
        size_t n;
        float *x = make_call(rate, 9.0, &n, 19);
        mot_engine *e = NULL;
        assert_int_equal(mot_engine_new(&cfg, NULL, &e, NULL, 0), MOT_OK);
        double latency = mot_engine_latency_s(e);
        SIG_ASSERT_GE(latency, 0.3);
        SIG_ASSERT_LE(latency, 1.5);

        size_t block = sig_samples(0.01, rate);
        double provisional_at = NAN, complete_at = NAN, start = NAN;
        mot_summary s;
        for (size_t pos = 0; pos < n; pos += block) {
            size_t n_in = n - pos < block ? n - pos : block;
            assert_int_equal(mot_engine_process(e, x + pos, &n_in, NULL, NULL), MOT_OK);
            mot_engine_summary(e, &s);
            assert_int_equal(mot_engine_state(e), s.state); /* the cheap query agrees */
            if (isnan(s.window_start_s)) {
                assert_int_equal(s.state, MOT_STATE_LISTENING);
                continue;
            }
            start = s.window_start_s;
            double length = s.window_end_s - s.window_start_s;
            if (s.state == MOT_STATE_LISTENING)
                SIG_ASSERT_LE(length, cfg.provisional_s);
            if (s.state != MOT_STATE_LISTENING && isnan(provisional_at)) {
                provisional_at = s.heard_s;
                SIG_ASSERT_GE(length, cfg.provisional_s - 1e-9);
                SIG_ASSERT_LE(length, cfg.provisional_s + 0.05);
            }
            if (mot_engine_window_complete(e) && isnan(complete_at)) {
                complete_at = s.heard_s;
                assert_int_equal(s.state, MOT_STATE_FINAL);
            }
            if (!mot_engine_window_complete(e))
                assert_int_not_equal(s.state, MOT_STATE_FINAL);
        }
        sig_note("at %.0f Hz: onset %.3f s, provisional at %.3f s, complete at %.3f s, "
                 "latency %.3f s", rate, start, provisional_at, complete_at, latency);
        SIG_ASSERT_NEAR(start, LEAD_S, 0.03);
        SIG_ASSERT_GE(provisional_at, start + cfg.provisional_s);
        SIG_ASSERT_LE(provisional_at, start + cfg.provisional_s + latency + 0.02);
        SIG_ASSERT_GE(complete_at, start + cfg.window_s);
        SIG_ASSERT_LE(complete_at, start + cfg.window_s + latency + 0.02);

        sig_run run = {0};
        assert_int_equal(sig_run_engine(e, x, n, 4096, 256, &run), MOT_OK);
        int in_window = 0;
        for (size_t k = 0; k < run.n_frames; k++)
            in_window += run.frames[k].in_window;
        assert_int_equal(in_window, (int)lround(cfg.window_s / MOT_HOP_S));
        /* Frames keep coming after the window, outside it. */
        SIG_ASSERT_NEAR((double)run.n_frames, 9.0 / MOT_HOP_S, 1.0);
        assert_int_equal(run.window_complete, 1);
        SIG_ASSERT_NEAR(run.summary.window_end_s - run.summary.window_start_s, cfg.window_s,
                        1e-9);
        sig_run_free(&run);
        mot_engine_free(e);
        free(x);
    }
}

/* A FINAL summary is final: once the window is complete, more input does
 * not change it (a batch reader stops there; a live one keeps reading). */
static void test_final_summary_does_not_change(void **state)
{
    (void)state;
    mot_model *model = NULL;
    assert_int_equal(mot_model_default(&model), MOT_OK);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.window_s = 4.0;
    cfg.provisional_s = 2.0;
    size_t n;
    float *x = make_call(8000.0, 9.0, &n, 20);
    mot_engine *e = NULL;
    assert_int_equal(mot_engine_new(&cfg, model, &e, NULL, 0), MOT_OK);
    size_t pos = 0;
    while (pos < n && !mot_engine_window_complete(e)) {
        size_t n_in = 80;
        assert_int_equal(mot_engine_process(e, x + pos, &n_in, NULL, NULL), MOT_OK);
        pos += n_in;
    }
    assert_true(mot_engine_window_complete(e));
    mot_summary at_complete, later, finished;
    mot_engine_summary(e, &at_complete);
    assert_int_equal(at_complete.state, MOT_STATE_FINAL);
    SIG_ASSERT_NEAR(at_complete.window_end_s - at_complete.window_start_s, cfg.window_s, 1e-9);

    size_t n_in = sig_samples(1.0, 8000.0);
    assert_int_equal(mot_engine_process(e, x + pos, &n_in, NULL, NULL), MOT_OK);
    mot_engine_summary(e, &later);
    assert_int_equal(mot_engine_finish(e, NULL, NULL), MOT_OK);
    mot_engine_summary(e, &finished);
    /* heard_s moves on; everything about the window stays. */
    later.heard_s = finished.heard_s = at_complete.heard_s;
    assert_same_summary(&at_complete, &later);
    assert_same_summary(&at_complete, &finished);
    mot_engine_free(e);
    mot_model_free(model);
    free(x);
}

/* The worst lag of frame output behind the input, feeding x in 20 ms
 * blocks: the input heard minus the end of the newest frame out. */
static double worst_lag(mot_engine *e, const float *x, size_t n, double rate)
{
    double worst = 0.0, last_end = 0.0;
    mot_frame out[64];
    size_t block = sig_samples(0.02, rate);
    for (size_t pos = 0; pos < n;) {
        size_t n_in = n - pos < block ? n - pos : block, n_out = N_OF(out);
        assert_int_equal(mot_engine_process(e, x + pos, &n_in, out, &n_out), MOT_OK);
        pos += n_in;
        if (n_out)
            last_end = out[n_out - 1].time_s + 0.5 * MOT_HOP_S;
        worst = fmax(worst, (double)pos / rate - last_end);
    }
    return worst;
}

/* Frames trail the input by no more than mot_engine_latency_s(). */
static void test_latency_bound(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 48000.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n;
        float *x = make_call(rates[r], 8.0, &n, 21);
        mot_engine *e = new_engine(rates[r], NULL);
        double latency = mot_engine_latency_s(e), worst = worst_lag(e, x, n, rates[r]);
        mot_engine_free(e);
        free(x);
        sig_note("at %.0f Hz: latency_s %.3f, worst lag seen %.3f", rates[r], latency, worst);
        SIG_ASSERT_LE(worst, latency + 0.02);
    }
}

/* ... also when something loud but unvoiced comes before the first words
 * (line hiss, a rustle, a fan switched on: 2.5 s of it), which the energy
 * detector takes for speech and the onset search must not hold on to. */
static void test_latency_bound_with_hiss_before_speech(void **state)
{
    (void)state;
    const double rate = 8000.0;
    size_t n = sig_samples(8.0, rate);
    float *x = sig_alloc(n), *hiss = sig_alloc(n);
    const sig_phrase words = {4.0, 3.0, 4.0, sig_f0_constant(150.0), 0.1, 0.6, -30.0};
    sig_phrases(x, n, rate, &words, 1);
    sig_add_noise(hiss + sig_samples(1.0, rate), sig_samples(2.5, rate), 0.05, 24);
    sig_phone_band(hiss, n, rate);
    for (size_t i = 0; i < n; i++)
        x[i] += hiss[i];
    sig_add_noise(x, n, NOISE_RMS, 25);
    mot_engine *e = new_engine(rate, NULL);
    double latency = mot_engine_latency_s(e), worst = worst_lag(e, x, n, rate);
    mot_engine_free(e);
    free(x);
    free(hiss);
    sig_note("hiss before speech: latency_s %.3f, worst lag seen %.3f", latency, worst);
    SIG_ASSERT_LE(worst, latency + 0.02);
}

static void test_arguments(void **state)
{
    (void)state;
    mot_engine *e = NULL;
    assert_int_equal(mot_engine_new(NULL, NULL, NULL, NULL, 0), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_engine_new(NULL, NULL, &e, NULL, 0), MOT_OK);
    mot_engine_free(e);

    mot_config cfg;
    mot_config_default(&cfg);
    cfg.window_s = 0.5;
    char detail[128] = "";
    e = (mot_engine *)&cfg; /* must be overwritten with NULL */
    assert_int_equal(mot_engine_new(&cfg, NULL, &e, detail, sizeof detail), MOT_ERR_CONFIG);
    assert_null(e);
    assert_non_null(strstr(detail, "window_s"));
    mot_engine_free(NULL);

    e = new_engine(8000.0, NULL);
    float x[10] = {0};
    mot_frame out[4];
    size_t n_in = 10, n_out = 4;
    assert_int_equal(mot_engine_process(NULL, x, &n_in, out, &n_out), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_engine_process(e, x, NULL, out, &n_out), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_engine_process(e, NULL, &n_in, out, &n_out), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_engine_process(e, x, &n_in, out, NULL), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_engine_finish(NULL, out, &n_out), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_engine_finish(e, out, NULL), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_engine_window_complete(NULL), 0);
    mot_summary s;
    memset(&s, 0x5a, sizeof s);
    mot_engine_summary(e, &s);
    assert_int_equal(s.state, MOT_STATE_LISTENING);
    assert_true(isnan(s.window_start_s));
    SIG_ASSERT_NEAR(s.heard_s, 0.0, 0.0);
    assert_true(isnan(s.dull_score)); /* no model, no verdict */
    assert_int_equal(s.dull, 0);
    assert_int_equal(s.reasons, 0);

    /* Finishing an engine that heard nothing gives no frames and a final,
     * empty summary. */
    n_out = 4;
    assert_int_equal(mot_engine_finish(e, out, &n_out), MOT_OK);
    assert_int_equal(n_out, 0);
    mot_engine_summary(e, &s);
    assert_int_equal(s.state, MOT_STATE_FINAL);
    assert_true(isnan(s.window_start_s));
    SIG_ASSERT_NEAR(s.heard_s, 0.0, 0.0);
    mot_engine_free(e);
}

/* After mot_engine_new() the engine never allocates: 60 s of a call through
 * process, finish, summary (with a model), reset and the queries, at the
 * analysis rate and through the resampler. */
static void test_no_allocation_after_new(void **state)
{
    (void)state;
    mot_model *model = NULL;
    assert_int_equal(mot_model_default(&model), MOT_OK);
    const double rates[] = {8000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n;
        float *x = make_call(rates[r], 60.0, &n, 22);
        mot_frame out[100];

        /* The counters do see libmot's own allocations. */
        n_allocations = 0;
        counting = 1;
        mot_engine *e = new_engine(rates[r], model);
        counting = 0;
        SIG_ASSERT_GE((double)n_allocations, 3.0);

        n_allocations = 0;
        counting = 1;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t pos = 0; pos < n;) {
                size_t n_in = n - pos < 4096 ? n - pos : 4096, n_out = N_OF(out);
                mot_status st = mot_engine_process(e, x + pos, &n_in, pass ? NULL : out, &n_out);
                if (st != MOT_OK)
                    break;
                pos += n_in;
                mot_summary s;
                mot_engine_summary(e, &s);
                (void)mot_engine_window_complete(e);
                (void)mot_engine_latency_s(e);
            }
            for (;;) {
                size_t n_out = N_OF(out);
                if (mot_engine_finish(e, out, &n_out) != MOT_OK || n_out == 0)
                    break;
            }
            mot_summary s;
            mot_engine_summary(e, &s);
            mot_engine_reset(e);
        }
        counting = 0;
        assert_int_equal(n_allocations, 0);
        mot_engine_free(e);
        free(x);
    }
    mot_model_free(model);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_size_independence),
        cmocka_unit_test(test_null_out_discards_frames_only),
        cmocka_unit_test(test_reset_gives_identical_results),
        cmocka_unit_test(test_finish_drains_then_refuses_input),
        cmocka_unit_test(test_non_finite_input_is_zero),
        cmocka_unit_test(test_overs_clip),
        cmocka_unit_test(test_all_nan_is_silence),
        cmocka_unit_test(test_silence_has_no_onset),
        cmocka_unit_test(test_onset_time),
        cmocka_unit_test(test_weak_vowels_in_noise_are_speech),
        cmocka_unit_test(test_voiced_background_opens_no_window),
        cmocka_unit_test(test_colleague_in_the_background_is_no_speech),
        cmocka_unit_test(test_rumble_is_no_speech),
        cmocka_unit_test(test_line_that_connects_after_a_lead_in),
        cmocka_unit_test(test_band_level_is_aligned),
        cmocka_unit_test(test_window_and_states),
        cmocka_unit_test(test_final_summary_does_not_change),
        cmocka_unit_test(test_latency_bound),
        cmocka_unit_test(test_latency_bound_with_hiss_before_speech),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_no_allocation_after_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
