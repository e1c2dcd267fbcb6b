/* Call-progress tones (src/engine/tone.h): the detector on its own, fed
 * the telephone band, and the engine around it -- ringback before the
 * agent speaks opens no window and leaves no trace in the statistics. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/tone.h"
#include "signals.h"

#define N_OF(a) (sizeof a / sizeof a[0])
#define RATE 8000.0 /* MOT_ANALYSIS_RATE_HZ */
#define HOP 80
/* The engine asks about a frame MOT_PITCH_LAG_FRAMES after it; so do we. */
#define ASK_LAG 30
#define TONE_AMP 0.05 /* each component: about -23 dBFS for two */

/* A tone plan (ITU-T E.180 cadences): one or two frequencies, on for
 * on_s[i] then off for off_s[i], the pairs repeated from start_s to end_s. */
typedef struct tone_plan {
    const char *name;
    double f1_hz, f2_hz; /* f2_hz 0: one frequency */
    double on_s[2], off_s[2];
    int steps;           /* pairs in a cycle (1 or 2) */
} tone_plan;

static const tone_plan PLANS[] = {
    {"US ringback", 440.0, 480.0, {2.0, 0}, {4.0, 0}, 1},
    {"UK ringback", 400.0, 450.0, {0.4, 0.4}, {0.2, 2.0}, 2},
    {"dial tone", 350.0, 440.0, {100.0, 0}, {0.0, 0}, 1},
    {"busy", 480.0, 620.0, {0.5, 0}, {0.5, 0}, 1},
    {"recording beep", 1400.0, 0.0, {0.5, 0}, {2.5, 0}, 1},
};

/* Is the tone of `p`, played from start_s, on at time t? How far is t
 * (s) from the nearest edge of the state it is in? */
static int plan_on(const tone_plan *p, double start_s, double end_s, double t, double *edge_s)
{
    double cycle = 0.0;
    for (int i = 0; i < p->steps; i++)
        cycle += p->on_s[i] + p->off_s[i];
    if (t < start_s || t >= end_s) {
        *edge_s = t < start_s ? start_s - t : t - end_s;
        return 0;
    }
    double u = fmod(t - start_s, cycle), at = 0.0;
    for (int i = 0; i < p->steps; i++) {
        double segs[2] = {p->on_s[i], p->off_s[i]};
        for (int s = 0; s < 2; s++) {
            if (u < at + segs[s]) {
                double a = u - at, b = at + segs[s] - u;
                *edge_s = a < b ? a : b;
                /* The tone's own start and end are edges too. */
                if (t - start_s < *edge_s)
                    *edge_s = t - start_s;
                if (end_s - t < *edge_s)
                    *edge_s = end_s - t;
                return s == 0;
            }
            at += segs[s];
        }
    }
    *edge_s = 0.0;
    return 0;
}

/* Add the tone of `p` into x (n samples) from start_s to end_s. */
static void add_plan(float *x, size_t n, const tone_plan *p, double start_s, double end_s)
{
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE, edge;
        if (!plan_on(p, start_s, end_s, t, &edge))
            continue;
        double v = sin(2.0 * M_PI * p->f1_hz * t);
        if (p->f2_hz > 0.0)
            v += sin(2.0 * M_PI * p->f2_hz * t);
        x[i] += (float)(TONE_AMP * v);
    }
}

/* Run the detector over x hop by hop, asking about each frame ASK_LAG
 * frames after it was read, as the engine does; flags[k] gets the answer
 * for frame k (n / HOP of them). */
static void detect(const float *x, size_t n, unsigned char *flags)
{
    mot_tone *t = NULL;
    assert_int_equal(mot_tone_new(&t), MOT_OK);
    size_t frames = n / HOP;
    long asked = 0;
    float zeros[HOP] = {0};
    /* The zeros after the signal let the last frames be answered. */
    for (size_t at = 0; asked < (long)frames; at += HOP) {
        mot_tone_push(t, at < n ? x + at : zeros, HOP);
        /* Frame j is read once its window's end (j HOP + HOP/2 + 400) is. */
        long read = ((long)(at + HOP) - HOP / 2 - 400) / HOP + 1;
        while (asked < (long)frames && asked <= read - 1 - ASK_LAG) {
            flags[asked] = (unsigned char)mot_tone_is_tone(t, asked);
            asked++;
        }
    }
    mot_tone_free(t);
}

/* Ringback, dial, busy and a beep, on a clean line and down to 12 dB SNR
 * (white noise over the band), are tones on at least 95 % of the frames
 * 50 ms or more inside a burst, and never 150 ms or more away from one. At
 * 10 dB the noise takes a tenth of the power and purity gives way (37-100 %
 * of the frames found): still never a false one. */
static void test_tones_are_found(void **state)
{
    (void)state;
    const double seconds = 9.0, start = 1.0, end = 8.5;
    const double snrs[] = {INFINITY, 15.0, 12.0, 10.0};
    for (size_t p = 0; p < N_OF(PLANS); p++) {
        for (size_t s = 0; s < N_OF(snrs); s++) {
            size_t n = sig_samples(seconds, RATE);
            float *x = sig_alloc(n);
            add_plan(x, n, &PLANS[p], start, end);
            /* The tone's RMS when on: TONE_AMP / sqrt 2 per component. */
            double on_rms = TONE_AMP * (PLANS[p].f2_hz > 0.0 ? 1.0 : sqrt(0.5));
            if (isfinite(snrs[s]))
                sig_add_phone_noise(x, n, RATE, sig_noise_rms(on_rms, snrs[s]), 41 + p);
            unsigned char *flags = calloc(n / HOP, 1);
            assert_non_null(flags);
            detect(x, n, flags);
            int inside = 0, found = 0, false_hits = 0;
            for (size_t k = 0; k < n / HOP; k++) {
                double t = ((double)k + 0.5) * HOP / RATE, edge;
                int on = plan_on(&PLANS[p], start, end, t, &edge);
                if (on && edge >= 0.05) {
                    inside++;
                    found += flags[k];
                } else if (!on && edge >= 0.15)
                    false_hits += flags[k];
            }
            sig_note("%s, SNR %.0f dB: %d of %d frames inside, %d outside", PLANS[p].name,
                     snrs[s], found, inside, false_hits);
            assert_true(inside > 0);
            if (snrs[s] >= 12.0)
                SIG_ASSERT_GE((double)found / inside, 0.95);
            assert_int_equal(false_hits, 0);
            free(flags);
            free(x);
        }
    }
}

/* Voiced speech, however monotone, is no tone: syllable trains at one
 * fixed F0 (the flattest speech there is), clean and at 20 dB SNR, and a
 * vowel held for 5 s with a wobble of 0.1 semitone (a tenth of a held
 * human vowel's), low and high voices, through the telephone band; and
 * the same vowel held at a machine-exact F0 (a synthetic voice), whose few
 * strong harmonics under F1 and F2 are as steady as a tone's lines but
 * stand in a voice's ratios (2:1, 3:1, 3:2). */
static void test_monotone_speech_is_no_tone(void **state)
{
    (void)state;
    const double f0s[] = {85.0, 120.0, 180.0, 250.0, 350.0, 400.0, 480.0};
    enum { SYLLABLES, SYLLABLES_IN_NOISE, HELD_VOWEL_IN_NOISE, HELD_EXACT, KINDS };
    for (size_t i = 0; i < N_OF(f0s); i++) {
        for (int kind = 0; kind < KINDS; kind++) {
            size_t n = sig_samples(6.0, RATE);
            float *x = sig_alloc(n);
            const sig_phrase syllables = {0.5, 5.0, 4.0, sig_f0_constant(f0s[i]), 0.1, 0.6, -30.0};
            const sig_phrase vowel = {0.5, 5.0, 0.0, sig_f0_vibrato(f0s[i], 0.1, 5.0), 0.1, 0, 0};
            const sig_phrase exact = {0.5, 5.0, 0.0, sig_f0_constant(f0s[i]), 0.1, 0, 0};
            sig_phrases(x, n, RATE,
                        kind == HELD_VOWEL_IN_NOISE ? &vowel
                        : kind == HELD_EXACT        ? &exact
                                                    : &syllables,
                        1);
            sig_phone_band(x, n, RATE);
            if (kind == SYLLABLES_IN_NOISE || kind == HELD_VOWEL_IN_NOISE)
                sig_add_phone_noise(x, n, RATE, sig_noise_rms(0.1, 20.0), 53 + i);
            unsigned char *flags = calloc(n / HOP, 1);
            assert_non_null(flags);
            detect(x, n, flags);
            int hits = 0;
            for (size_t k = 0; k < n / HOP; k++)
                hits += flags[k];
            static const char *const what[KINDS] = {"monotone syllables",
                                                    "monotone syllables, 20 dB SNR",
                                                    "held vowel, 20 dB SNR", "held exact F0"};
            sig_note("%s at %.0f Hz: %d tone frames", what[kind], f0s[i], hits);
            assert_int_equal(hits, 0);
            free(flags);
            free(x);
        }
    }
}

/* The detector answers for what it has read: nothing before any input,
 * nothing after a reset, and the same again after the reset. */
static void test_reset_and_limits(void **state)
{
    (void)state;
    assert_int_equal(mot_tone_new(NULL), MOT_ERR_INVALID_ARG);
    mot_tone_free(NULL);
    size_t n = sig_samples(3.0, RATE);
    float *x = sig_alloc(n);
    add_plan(x, n, &PLANS[2], 0.0, 3.0); /* dial tone throughout */
    mot_tone *t = NULL;
    assert_int_equal(mot_tone_new(&t), MOT_OK);
    assert_int_equal(mot_tone_is_tone(t, 0), 0);
    assert_int_equal(mot_tone_is_tone(t, -1), 0);
    mot_tone_push(t, x, n);
    long newest = ((long)n - HOP / 2 - 400) / HOP; /* the last frame read */
    assert_int_equal(mot_tone_is_tone(t, newest - 20), 1);
    assert_int_equal(mot_tone_is_tone(t, newest + 1), 0); /* not read yet */
    assert_int_equal(mot_tone_is_tone(t, 0), 0); /* fallen out of the ring */
    mot_tone_reset(t);
    assert_int_equal(mot_tone_is_tone(t, newest - 20), 0);
    mot_tone_push(t, x, n);
    assert_int_equal(mot_tone_is_tone(t, newest - 20), 1);
    mot_tone_free(t);
    free(x);
}

/* ---- the engine ---------------------------------------------------------- */

#define RING_END_S 6.5 /* US ringback at 0.5-2.5 s, silence to 6.5 s */

/* The agent's opening from `from_s`: three phrases, as a call goes. */
static float *opening(double from_s, double seconds, int ringback, size_t *n_out)
{
    size_t n = sig_samples(seconds, RATE);
    float *x = sig_alloc(n);
    const sig_phrase p[] = {
        {from_s, 2.5, 4.5, sig_f0_vibrato(110.0, 2.0, 1.5), 0.1, 0.6, -30.0},
        {from_s + 3.1, 2.0, 5.0, sig_f0_glide(140.0, 95.0, 2.0), 0.08, 0.6, -30.0},
        {from_s + 5.22, 2.2, 4.0, sig_f0_vibrato(105.0, 3.0, 1.0), 0.12, 0.6, -30.0},
    };
    sig_phrases(x, n, RATE, p, N_OF(p));
    sig_phone_band(x, n, RATE);
    if (ringback)
        add_plan(x, n, &PLANS[0], 0.5, 2.5);
    sig_add_noise(x, n, 0.001, 61);
    *n_out = n;
    return x;
}

/* Ringback, then the agent: the window opens when the agent speaks, the
 * ringback's frames are tones and never speech, and the pitch statistics
 * are those of the same opening after silence (the ringback's 460 Hz has
 * left the speaker's median, so no octave errors follow). */
static void test_ringback_before_the_agent(void **state)
{
    (void)state;
    sig_run with = {0}, without = {0};
    size_t n;
    float *x = opening(RING_END_S, 14.0, 1, &n);
    assert_int_equal(sig_analyse(NULL, NULL, x, n, &with), MOT_OK);
    free(x);
    x = opening(RING_END_S, 14.0, 0, &n);
    assert_int_equal(sig_analyse(NULL, NULL, x, n, &without), MOT_OK);
    free(x);
    sig_note("ringback then speech at %.1f s: onset %.3f s, median %.1f Hz (%.1f without), "
             "sd %.3f st (%.3f)",
             RING_END_S, with.summary.window_start_s, with.summary.f0_median_hz,
             without.summary.f0_median_hz, with.summary.f0_sd_st, without.summary.f0_sd_st);
    SIG_ASSERT_NEAR(with.summary.window_start_s, RING_END_S, 0.05);
    int tones = 0;
    for (size_t k = 0; k < with.n_frames; k++) {
        const mot_frame *f = &with.frames[k];
        if (f->tone) {
            assert_int_equal(f->speech, 0);
            assert_true(f->f0_hz == 0.0f && f->voicing == 0.0f);
        }
        if (f->time_s > 0.6 && f->time_s < 2.4)
            tones += f->tone;
        if (f->time_s > RING_END_S)
            assert_int_equal(f->tone, 0);
    }
    SIG_ASSERT_GE(tones, 0.95 * 180);
    SIG_ASSERT_NEAR(with.summary.f0_median_hz, without.summary.f0_median_hz,
                    0.01 * without.summary.f0_median_hz);
    SIG_ASSERT_NEAR(with.summary.f0_sd_st, without.summary.f0_sd_st, 0.05);
    SIG_ASSERT_NEAR(with.summary.syllable_rate_hz, without.summary.syllable_rate_hz, 0.05);
    assert_int_equal(with.summary.dull, without.summary.dull);
    sig_run_free(&with);
    sig_run_free(&without);
}

/* A call nobody answered: ringback and the line, no speech, no window --
 * little_speech, as for silence, not a flat-voiced agent. */
static void test_unanswered_call_has_no_onset(void **state)
{
    (void)state;
    mot_model *model = NULL;
    assert_int_equal(mot_model_default(&model), MOT_OK);
    for (size_t p = 0; p < 2; p++) {
        size_t n = sig_samples(20.0, RATE);
        float *x = sig_alloc(n);
        add_plan(x, n, &PLANS[p], 0.5, 19.5);
        sig_add_noise(x, n, 0.001, 67);
        sig_run run = {0};
        assert_int_equal(sig_analyse(NULL, model, x, n, &run), MOT_OK);
        sig_note("%s only: onset %.3f s, speech %.2f s", PLANS[p].name,
                 run.summary.window_start_s, run.summary.speech_s);
        assert_true(isnan(run.summary.window_start_s));
        for (size_t k = 0; k < run.n_frames; k++)
            assert_int_equal(run.frames[k].speech, 0);
        assert_true(run.summary.reasons & MOT_REASON_LITTLE_SPEECH);
        assert_false(run.summary.reasons & MOT_REASON_FLAT_PITCH);
        sig_run_free(&run);
        free(x);
    }
    mot_model_free(model);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tones_are_found),
        cmocka_unit_test(test_monotone_speech_is_no_tone),
        cmocka_unit_test(test_reset_and_limits),
        cmocka_unit_test(test_ringback_before_the_agent),
        cmocka_unit_test(test_unanswered_call_has_no_onset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
