/* Pitch, through the public engine API: telephone-band vowels with a known
 * F0 contour and noise at a known SNR go in, 10 ms frames come out, and the
 * frames' F0 is held against the contour.
 *
 * Ground truth: the contour's F0 at the frame centre. Frames within 60 ms
 * of a voiced segment's start or end are not judged (the 50 ms analysis
 * window straddles the edge there). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "signals.h"

#define LEAD_S 0.3   /* noise before the vowel */
#define TAIL_S 0.3   /* noise after it */
#define EDGE_S 0.06  /* not judged at either edge */
#define SNR_DB 20.0
#define VOWEL_RMS 0.1

typedef struct pitch_score {
    int truth_voiced;   /* judged frames inside the vowel */
    int found_voiced;   /* ... that came out voiced */
    int within_2pct;    /* ... voiced and within 2 % of the truth */
    int octave_errors;  /* ... voiced and off by a factor near 2 or 1/2 */
    int truth_unvoiced; /* judged frames in the noise around it */
    int found_unvoiced; /* ... that came out unvoiced */
    double worst_pct;
    size_t n_frames;
    int times_exact;    /* every frame's time_s is (k + 0.5) * 0.01 */
} pitch_score;

/* A steady tone on the line throughout, `db` re the vowel's power; none
 * when hz is 0. */
typedef struct line_tone {
    double hz, db;
} line_tone;

/* Make LEAD_S noise, `voiced_s` of the vowel on contour `c` (band-limited
 * when `phone`), TAIL_S noise, at `rate`, with `tone` over all of it; run
 * an engine configured as `base` (at `rate`); score. */
static pitch_score run_weak_odd(double rate, const sig_f0 *c, double voiced_s, int phone,
                                uint64_t seed, double odd_db, const mot_config *base,
                                line_tone tone)
{
    size_t lead = sig_samples(LEAD_S, rate), nv = sig_samples(voiced_s, rate);
    size_t n = lead + nv + sig_samples(TAIL_S, rate);
    float *x = sig_alloc(n);
    sig_voiced_weak_odd(x + lead, nv, rate, c, VOWEL_RMS, odd_db);
    if (phone)
        sig_phone_band(x, n, rate);
    /* The SNR holds in the band the engine analyses, at every input rate:
     * on the phone band the noise is band-limited too. */
    double rms = sig_rms(x + lead, nv);
    if (phone)
        sig_add_phone_noise(x, n, rate, sig_noise_rms(rms, SNR_DB), seed);
    else
        sig_add_noise(x, n, sig_noise_rms(rms, SNR_DB), seed);
    if (tone.hz > 0.0) {
        float *t = sig_alloc(n);
        sig_tone(t, n, rate, tone.hz, rms * sqrt(2.0) * pow(10.0, tone.db / 20.0));
        for (size_t i = 0; i < n; i++)
            x[i] += t[i];
        free(t);
    }

    mot_config cfg = *base;
    cfg.input_rate_hz = rate;
    sig_run run = {0};
    assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);

    pitch_score s = {.n_frames = run.n_frames, .times_exact = 1};
    double t0 = (double)lead / rate, t1 = t0 + (double)nv / rate;
    for (size_t k = 0; k < run.n_frames; k++) {
        const mot_frame *f = &run.frames[k];
        if (f->time_s != ((double)k + 0.5) * MOT_HOP_S)
            s.times_exact = 0;
        double t = f->time_s;
        if (t >= t0 + EDGE_S && t <= t1 - EDGE_S) {
            double truth = sig_f0_at(c, t - t0);
            s.truth_voiced++;
            if (f->f0_hz > 0.0f) {
                s.found_voiced++;
                double err = fabs(f->f0_hz - truth) / truth * 100.0;
                s.worst_pct = fmax(s.worst_pct, err);
                s.within_2pct += err <= 2.0;
                double ratio = f->f0_hz / truth;
                s.octave_errors += fabs(log2(ratio)) > 0.5;
            }
        } else if (t <= t0 - EDGE_S || t >= t1 + EDGE_S) {
            s.truth_unvoiced++;
            s.found_unvoiced += f->f0_hz == 0.0f;
        }
    }
    sig_run_free(&run);
    free(x);
    return s;
}

static pitch_score run_contour(double rate, const sig_f0 *c, double voiced_s, int phone,
                               uint64_t seed)
{
    mot_config cfg;
    mot_config_default(&cfg);
    return run_weak_odd(rate, c, voiced_s, phone, seed, 0.0, &cfg, (line_tone){0});
}

static void describe(const char *what, double rate, const pitch_score *s)
{
    sig_note("%-28s %6.0f Hz: voiced %3d/%3d (%.1f %%), within 2 %% %3d (%.1f %%), "
             "octave errors %d, worst %.2f %%, unvoiced kept %d/%d",
             what, rate, s->found_voiced, s->truth_voiced,
             100.0 * s->found_voiced / s->truth_voiced, s->within_2pct,
             100.0 * s->within_2pct / (s->found_voiced ? s->found_voiced : 1), s->octave_errors,
             s->worst_pct, s->found_unvoiced, s->truth_unvoiced);
}

/* The thresholds of the brief: voiced on >= 95 % of truly voiced frames, F0
 * within 2 % on >= 98 % of those, noise around the vowel mostly unvoiced. */
static void assert_tracks(const char *what, double rate, const pitch_score *s)
{
    describe(what, rate, s);
    assert_true(s->truth_voiced > 50);
    SIG_ASSERT_GE((double)s->found_voiced / s->truth_voiced, 0.95);
    SIG_ASSERT_GE((double)s->within_2pct / s->found_voiced, 0.98);
    SIG_ASSERT_GE((double)s->found_unvoiced / s->truth_unvoiced, 0.90);
}

typedef struct contour_case {
    const char *name;
    sig_f0 c;
    double seconds;
} contour_case;

/* Contours across 80-400 Hz: steady, gliding both ways, with vibrato. */
static contour_case wide_cases[] = {
    {"steady 80 Hz", {SIG_F0_CONSTANT, 80.0, 0, 0, 0, 0}, 1.0},
    {"steady 150 Hz", {SIG_F0_CONSTANT, 150.0, 0, 0, 0, 0}, 1.0},
    {"steady 250 Hz", {SIG_F0_CONSTANT, 250.0, 0, 0, 0, 0}, 1.0},
    {"steady 400 Hz", {SIG_F0_CONSTANT, 400.0, 0, 0, 0, 0}, 1.0},
    {"glide 80->200 Hz", {SIG_F0_GLIDE, 80.0, 200.0, 1.5, 0, 0}, 1.5},
    {"glide 200->400 Hz", {SIG_F0_GLIDE, 200.0, 400.0, 1.5, 0, 0}, 1.5},
    {"glide 380->120 Hz", {SIG_F0_GLIDE, 380.0, 120.0, 2.0, 0, 0}, 2.0},
    {"vibrato 110 Hz +-1 st 5 Hz", {SIG_F0_VIBRATO, 110.0, 0, 0, 1.0, 5.0}, 1.5},
    {"vibrato 260 Hz +-1 st 4 Hz", {SIG_F0_VIBRATO, 260.0, 0, 0, 1.0, 4.0}, 1.5},
};

/* Low male voices, where a tracker is most tempted to go an octave up once
 * the band has removed the fundamental and the second harmonic. */
static contour_case low_cases[] = {
    {"steady 85 Hz", {SIG_F0_CONSTANT, 85.0, 0, 0, 0, 0}, 1.0},
    {"steady 100 Hz", {SIG_F0_CONSTANT, 100.0, 0, 0, 0, 0}, 1.0},
    {"steady 120 Hz", {SIG_F0_CONSTANT, 120.0, 0, 0, 0, 0}, 1.0},
    {"glide 85->120 Hz", {SIG_F0_GLIDE, 85.0, 120.0, 1.5, 0, 0}, 1.5},
    {"glide 120->85 Hz", {SIG_F0_GLIDE, 120.0, 85.0, 1.5, 0, 0}, 1.5},
    {"vibrato 100 Hz +-1.5 st 4 Hz", {SIG_F0_VIBRATO, 100.0, 0, 0, 1.5, 4.0}, 1.5},
};

static void run_cases(double rate, const contour_case *cases, size_t n, int phone)
{
    for (size_t i = 0; i < n; i++) {
        pitch_score s = run_contour(rate, &cases[i].c, cases[i].seconds, phone, 100 + i);
        assert_tracks(cases[i].name, rate, &s);
        assert_int_equal(s.octave_errors, 0);
    }
}

#define N_OF(a) (sizeof a / sizeof a[0])

static void test_wide_range_phone_band_8k(void **state)
{
    (void)state;
    run_cases(8000.0, wide_cases, N_OF(wide_cases), 1);
}

static void test_wide_range_full_band_8k(void **state)
{
    (void)state;
    run_cases(8000.0, wide_cases, N_OF(wide_cases), 0);
}

static void test_low_male_phone_band_8k(void **state)
{
    (void)state;
    run_cases(8000.0, low_cases, N_OF(low_cases), 1);
}

/* A high voice on the phone band whose odd harmonics are 24 dB weaker than
 * the even ones (F1 lifting the 2nd harmonic of a female /u/ or /i/ does
 * much of that in real recordings): the autocorrelation at half the period
 * is then within a few thousandths of that at the period, and Praat's
 * octave cost tips it an octave up. The spectrum still shows the weak odd
 * harmonics standing over the valleys between the even ones. */
static void test_weak_odd_harmonics_phone_band_8k(void **state)
{
    (void)state;
    contour_case cases[] = {
        {"weak odd, glide 190->240 Hz", {SIG_F0_GLIDE, 190.0, 240.0, 1.0, 0, 0}, 1.0},
        {"weak odd, steady 220 Hz", {SIG_F0_CONSTANT, 220.0, 0, 0, 0, 0}, 1.0},
    };
    mot_config cfg;
    mot_config_default(&cfg);
    for (size_t i = 0; i < N_OF(cases); i++) {
        pitch_score s = run_weak_odd(8000.0, &cases[i].c, cases[i].seconds, 1, 300 + i, 24.0,
                                     &cfg, (line_tone){0});
        assert_tracks(cases[i].name, 8000.0, &s);
        assert_int_equal(s.octave_errors, 0);
        /* The same signal without the spectral check: what it is there for. */
        mot_config unchecked = cfg;
        unchecked.harmonic_cost = 0.0;
        pitch_score without = run_weak_odd(8000.0, &cases[i].c, cases[i].seconds, 1, 300 + i,
                                           24.0, &unchecked, (line_tone){0});
        describe("  same, harmonic_cost 0", 8000.0, &without);
    }
}

/* A tone on the line above 2 kHz (in-band signalling at 2600 Hz, a whistle
 * near the top of the band) as loud as the voice. The decimated
 * autocorrelation that picks the candidates never sees it; the full-band
 * one that measures their strengths sees it as periodic at every multiple
 * of its own period, so that candidates the tone happens to line up with
 * would win and the path would follow the tone, not the voice (at 2600 Hz:
 * 64 octave errors and gross errors in 465 frames before strengths were
 * capped at the decimated ones). */
static void test_line_tone_above_2khz(void **state)
{
    (void)state;
    const double tones[] = {2600.0, 3100.0};
    const sig_f0 c = sig_f0_vibrato(120.0, 2.0, 0.7);
    mot_config cfg;
    mot_config_default(&cfg);
    for (size_t i = 0; i < N_OF(tones); i++) {
        char what[64];
        snprintf(what, sizeof what, "vibrato 120 Hz + %.0f Hz tone", tones[i]);
        pitch_score s = run_weak_odd(8000.0, &c, 4.0, 1, 400 + i, 0.0, &cfg,
                                     (line_tone){tones[i], 0.0});
        assert_tracks(what, 8000.0, &s);
        assert_int_equal(s.octave_errors, 0);
    }
}

/* Other pitch floors give other frame and transform lengths (a 384-point
 * transform at 40 Hz, 100 points at 100 Hz, against 256 at the default
 * 60 Hz): contours inside each range are tracked as well. */
static void test_other_floors(void **state)
{
    (void)state;
    const double floors[] = {40.0, 100.0};
    for (size_t f = 0; f < N_OF(floors); f++) {
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.f0_floor_hz = floors[f];
        for (size_t i = 0; i < N_OF(wide_cases); i++) {
            const contour_case *k = &wide_cases[i];
            double lowest = k->c.kind == SIG_F0_GLIDE     ? fmin(k->c.f0_hz, k->c.end_hz)
                            : k->c.kind == SIG_F0_VIBRATO ? k->c.f0_hz * pow(2.0, -k->c.depth_st / 12.0)
                                                          : k->c.f0_hz;
            if (lowest < 1.2 * floors[f])
                continue;
            char what[64];
            snprintf(what, sizeof what, "floor %.0f Hz, %s", floors[f], k->name);
            pitch_score s = run_weak_odd(8000.0, &k->c, k->seconds, 1, 500 + i, 0.0, &cfg,
                                         (line_tone){0});
            assert_tracks(what, 8000.0, &s);
            assert_int_equal(s.octave_errors, 0);
        }
    }
}

static void test_other_rates(double rate)
{
    run_cases(rate, wide_cases, N_OF(wide_cases), 1);
    run_cases(rate, low_cases, N_OF(low_cases), 1);
}

static void test_phone_band_16k(void **state)
{
    (void)state;
    test_other_rates(16000.0);
}

static void test_phone_band_44k1(void **state)
{
    (void)state;
    test_other_rates(44100.0);
}

static void test_phone_band_48k(void **state)
{
    (void)state;
    test_other_rates(48000.0);
}

/* Band-limited white noise has no period: mostly unvoiced. */
static void test_noise_is_unvoiced(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n = sig_samples(2.0, rates[r]);
        float *x = sig_alloc(n);
        sig_add_noise(x, n, 0.1, 5 + r);
        sig_phone_band(x, n, rates[r]);
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.input_rate_hz = rates[r];
        sig_run run = {0};
        assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
        int voiced = 0;
        for (size_t k = 0; k < run.n_frames; k++)
            voiced += run.frames[k].f0_hz > 0.0f;
        sig_note("noise at %.0f Hz: %d of %zu frames voiced", rates[r], voiced, run.n_frames);
        SIG_ASSERT_LE((double)voiced / (double)run.n_frames, 0.05);
        sig_run_free(&run);
        free(x);
    }
}

/* Float "digital silence" with dither far under any sound (1e-23, about
 * -460 dBFS, some of it denormal): the frames' power rounds to 0 or to a
 * few ulps, and dividing by it once gave NaN periods and voiced frames at
 * voicing 1.0 (UBSan: a NaN converted to an integer). Every frame must come
 * out unvoiced at the floor level, with finite values. Then the same
 * silence before a vowel: the vowel is found as usual. */
static void test_denormal_silence(void **state)
{
    (void)state;
    const double rate = 8000.0;
    size_t ns = sig_samples(3.0, rate), nv = sig_samples(1.0, rate);
    float *x = sig_alloc(ns + nv);
    sig_add_noise(x, ns + nv, 1e-23, 21);
    sig_f0 c = sig_f0_constant(150.0);
    sig_voiced(x + ns, nv, rate, &c, VOWEL_RMS);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.input_rate_hz = rate;
    sig_run run = {0};
    assert_int_equal(sig_analyse(&cfg, NULL, x, ns + nv, &run), MOT_OK);
    int silent = 0, silent_voiced = 0, vowel = 0, vowel_right = 0;
    for (size_t k = 0; k < run.n_frames; k++) {
        const mot_frame *f = &run.frames[k];
        assert_true(isfinite(f->f0_hz) && isfinite(f->voicing) && isfinite(f->energy_dbfs));
        assert_true(f->voicing >= 0.0f && f->voicing <= 1.0f);
        if (f->time_s < 3.0 - EDGE_S) {
            silent++;
            silent_voiced += f->f0_hz > 0.0f;
            assert_true(f->energy_dbfs <= -119.0f);
        } else if (f->time_s > 3.0 + EDGE_S && f->time_s < 4.0 - EDGE_S) {
            vowel++;
            vowel_right += fabs(f->f0_hz - 150.0) < 3.0;
        }
    }
    sig_note("denormal silence: %d of %d frames voiced; vowel %d of %d frames at 150 Hz",
             silent_voiced, silent, vowel_right, vowel);
    assert_int_equal(silent_voiced, 0);
    assert_int_equal(vowel_right, vowel);
    sig_run_free(&run);
    free(x);
}

/* Between words, a faint low murmur (a creak, a voice far off) under line
 * hiss with 1.9 times its power. By the power shares, the murmur's period
 * correlates at about 1 / (1 + 1.9) = 0.34 over the whole band, under
 * Praat's voicing threshold of 0.45, so Praat calls such frames unvoiced;
 * under 1.6 kHz, which holds nearly all of the murmur and 40 % of the
 * hiss, at about 0.57. Candidate strengths must therefore come from the
 * whole band: from the low-passed autocorrelation alone (before this test)
 * 85 % of these frames came out voiced. */
static void test_murmur_under_hiss_is_unvoiced(void **state)
{
    (void)state;
    const double rate = 8000.0, vowel_s = 0.4, gap_s = 0.6, period = vowel_s + gap_s;
    const int vowels = 4;
    size_t nv = sig_samples(vowel_s, rate), ng = sig_samples(gap_s, rate);
    size_t n = (size_t)vowels * (nv + ng) + ng;
    float *x = sig_alloc(n), *murmur = sig_alloc(n), *hiss = sig_alloc(n);
    sig_f0 voice = sig_f0_constant(110.0), low = sig_f0_constant(62.0);
    for (int i = 0; i < vowels; i++)
        sig_voiced(x + ng + (size_t)i * (nv + ng), nv, rate, &voice, VOWEL_RMS);
    /* The murmur: a 62 Hz vowel through a one-pole low-pass at 500 Hz,
     * 30 dB under the words, in the gaps only. */
    sig_voiced(murmur, n, rate, &low, 1.0);
    double y = 0.0, a = exp(-2.0 * M_PI * 500.0 / rate);
    for (size_t i = 0; i < n; i++)
        murmur[i] = (float)(y = a * y + (1.0 - a) * murmur[i]);
    double murmur_rms = sig_noise_rms(VOWEL_RMS, 30.0), g = murmur_rms / sig_rms(murmur, n);
    sig_add_noise(hiss, n, murmur_rms * sqrt(1.9), 11);
    for (size_t i = 0; i < n; i++) {
        double u = fmod((double)i / rate, period);
        x[i] += hiss[i] + (u < gap_s ? (float)(g * murmur[i]) : 0.0f);
    }
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.input_rate_hz = rate;
    sig_run run = {0};
    assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
    int gap_frames = 0, gap_voiced = 0, vowel_frames = 0, vowel_voiced = 0;
    for (size_t k = 0; k < run.n_frames; k++) {
        double u = fmod(run.frames[k].time_s, period);
        int voiced = run.frames[k].f0_hz > 0.0f;
        int in_gap = u > EDGE_S && u < gap_s - EDGE_S;
        int in_vowel = u > gap_s + EDGE_S && u < period - EDGE_S;
        gap_frames += in_gap;
        gap_voiced += in_gap && voiced;
        vowel_frames += in_vowel;
        vowel_voiced += in_vowel && voiced;
    }
    sig_note("murmur under hiss: %d of %d gap frames voiced; %d of %d vowel frames",
             gap_voiced, gap_frames, vowel_voiced, vowel_frames);
    assert_true(gap_frames > 150);
    SIG_ASSERT_LE((double)gap_voiced / (double)gap_frames, 0.05);
    SIG_ASSERT_GE((double)vowel_voiced / (double)vowel_frames, 0.98);
    sig_run_free(&run);
    free(x);
    free(murmur);
    free(hiss);
}

/* Frame k is centred at (k + 0.5) * 10 ms, and a signal of d seconds gives
 * ceil(d / 10 ms) frames, +-1, at every input rate. */
static void test_frame_times_and_count(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 11025.0, 16000.0, 22050.0, 44100.0, 48000.0, 96000.0};
    const double durations[] = {0.5, 1.0, 1.237, 2.0049};
    for (size_t r = 0; r < N_OF(rates); r++) {
        for (size_t d = 0; d < N_OF(durations); d++) {
            size_t n = sig_samples(durations[d], rates[r]);
            float *x = sig_alloc(n);
            const sig_f0 c = sig_f0_constant(140.0);
            sig_voiced(x, n, rates[r], &c, 0.1);
            mot_config cfg;
            mot_config_default(&cfg);
            cfg.input_rate_hz = rates[r];
            sig_run run = {0};
            assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
            double seconds = (double)n / rates[r];
            double want = ceil(seconds / MOT_HOP_S - 1e-9);
            sig_note("%.4f s at %.0f Hz: %zu frames (ceil = %.0f)", seconds, rates[r],
                     run.n_frames, want);
            SIG_ASSERT_NEAR((double)run.n_frames, want, 1.0);
            for (size_t k = 0; k < run.n_frames; k++)
                SIG_ASSERT_NEAR(run.frames[k].time_s, ((double)k + 0.5) * MOT_HOP_S, 1e-9);
            SIG_ASSERT_NEAR(run.summary.heard_s, seconds, 1e-9);
            sig_run_free(&run);
            free(x);
        }
    }
}

/* F0 is the same whatever rate the same vowel arrives at: the resampler
 * neither shifts pitch nor loses voicing. */
static void test_rates_agree(void **state)
{
    (void)state;
    const sig_f0 c = sig_f0_glide(90.0, 300.0, 1.5);
    const double rates[] = {8000.0, 16000.0, 44100.0, 48000.0};
    double median_err[N_OF(rates)];
    for (size_t r = 0; r < N_OF(rates); r++) {
        size_t n = sig_samples(1.5, rates[r]);
        float *x = sig_alloc(n);
        sig_voiced(x, n, rates[r], &c, 0.1);
        sig_phone_band(x, n, rates[r]);
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.input_rate_hz = rates[r];
        sig_run run = {0};
        assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
        /* Mean signed error in cents over the judged frames. */
        double sum = 0.0;
        int count = 0;
        for (size_t k = 0; k < run.n_frames; k++) {
            double t = run.frames[k].time_s;
            if (t < EDGE_S || t > 1.5 - EDGE_S || run.frames[k].f0_hz <= 0.0f)
                continue;
            sum += 1200.0 * log2(run.frames[k].f0_hz / sig_f0_at(&c, t));
            count++;
        }
        assert_true(count > 100);
        median_err[r] = sum / count;
        sig_note("glide at %.0f Hz: mean error %.2f cents over %d frames", rates[r],
                 median_err[r], count);
        sig_run_free(&run);
        free(x);
    }
    for (size_t r = 1; r < N_OF(rates); r++)
        SIG_ASSERT_NEAR(median_err[r], median_err[0], 5.0); /* 5 cents = 0.3 % */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wide_range_phone_band_8k),
        cmocka_unit_test(test_wide_range_full_band_8k),
        cmocka_unit_test(test_low_male_phone_band_8k),
        cmocka_unit_test(test_weak_odd_harmonics_phone_band_8k),
        cmocka_unit_test(test_other_floors),
        cmocka_unit_test(test_phone_band_16k),
        cmocka_unit_test(test_phone_band_44k1),
        cmocka_unit_test(test_phone_band_48k),
        cmocka_unit_test(test_noise_is_unvoiced),
        cmocka_unit_test(test_murmur_under_hiss_is_unvoiced),
        cmocka_unit_test(test_line_tone_above_2khz),
        cmocka_unit_test(test_denormal_silence),
        cmocka_unit_test(test_frame_times_and_count),
        cmocka_unit_test(test_rates_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
