/* Window statistics (src/engine/stats.h): exact on hand-made frames, then
 * end to end on signals whose F0 and level are known. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/stats.h"
#include "signals.h"

#define N_OF(a) (sizeof a / sizeof a[0])

/* 5th..95th percentile span of a sine of amplitude A: 2 A sin(0.45 pi). */
#define SINE_RANGE_FACTOR (2.0 * 0.98768834059513777)
/* 25th..75th percentile span: 2 A sin(0.25 pi). */
#define SINE_IQR_FACTOR 1.4142135623730951

static mot_frame frame(double f0_hz, double energy_dbfs, int speech)
{
    return (mot_frame){.f0_hz = (float)f0_hz, .energy_dbfs = (float)energy_dbfs,
                       .speech = (unsigned char)speech, .in_window = 1};
}

static mot_summary summarise(const mot_stats *st)
{
    mot_summary s;
    memset(&s, 0, sizeof s);
    mot_stats_summarise(st, &s);
    return s;
}

/* ---- exact, on frames ---------------------------------------------------- */

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Vibrato of A semitones: SD A / sqrt(2) (sample SD of whole cycles),
 * 5..95 % range near 2 A sin(0.45 pi), median the centre; the percentiles
 * are those of the frames themselves (order statistics) to a bin. */
static void test_vibrato_frames(void **state)
{
    (void)state;
    const double depths[] = {0.5, 1.0, 2.0, 4.0};
    enum { n = 1000 }; /* 10 s: 25 cycles at 2.5 Hz */
    for (size_t d = 0; d < N_OF(depths); d++) {
        mot_stats *st = calloc(1, sizeof *st);
        assert_non_null(st);
        mot_stats_reset(st);
        double sorted[n];
        for (int k = 0; k < n; k++) {
            double semis = depths[d] * sin(2.0 * M_PI * 2.5 * (k + 0.5) * MOT_HOP_S);
            mot_frame f = frame(180.0 * exp2(semis / 12.0), -20.0, 1);
            mot_stats_add(st, &f);
            sorted[k] = 12.0 * log2(f.f0_hz / 180.0);
        }
        qsort(sorted, n, sizeof *sorted, compare_double);
        mot_summary s = summarise(st);
        double sd = depths[d] / sqrt(2.0) * sqrt((double)n / (n - 1));
        SIG_ASSERT_NEAR(s.f0_sd_st, sd, 1e-4);
        SIG_ASSERT_NEAR(s.f0_range_st, sorted[949] - sorted[49], 2 * MOT_STATS_BIN_ST);
        SIG_ASSERT_NEAR(s.f0_range_st, SINE_RANGE_FACTOR * depths[d], 0.02 * depths[d] + 0.04);
        SIG_ASSERT_NEAR(s.f0_iqr_st, sorted[749] - sorted[249], 2 * MOT_STATS_BIN_ST);
        SIG_ASSERT_NEAR(s.f0_iqr_st, SINE_IQR_FACTOR * depths[d], 0.02 * depths[d] + 0.04);
        /* The median is the middle frame's value (frames near the centre
         * of a wide vibrato are far apart: up to 0.6 st here). */
        SIG_ASSERT_NEAR(12.0 * log2(s.f0_median_hz / 180.0), sorted[n / 2 - 1],
                        MOT_STATS_BIN_ST);
        assert_int_equal(s.n_voiced, n);
        free(st);
    }
}

/* A constant F0: SD 0, range under one bin, median within a bin. */
static void test_constant_f0_frames(void **state)
{
    (void)state;
    const double f0s[] = {80.0, 123.4, 250.0, 399.0};
    for (size_t i = 0; i < N_OF(f0s); i++) {
        mot_stats st;
        mot_stats_reset(&st);
        for (int k = 0; k < 500; k++) {
            mot_frame f = frame(f0s[i], -20.0, 1);
            mot_stats_add(&st, &f);
        }
        mot_summary s = summarise(&st);
        SIG_ASSERT_NEAR(s.f0_sd_st, 0.0, 1e-3);
        SIG_ASSERT_LE(s.f0_range_st, MOT_STATS_BIN_ST + 1e-9);
        SIG_ASSERT_NEAR(s.f0_median_hz, f0s[i], f0s[i] * 0.0012); /* 0.02 st */
    }
}

/* F0 spread evenly over an octave in semitones: percentiles interpolate. */
static void test_percentiles_of_an_even_spread(void **state)
{
    (void)state;
    mot_stats st;
    mot_stats_reset(&st);
    const int n = 1200;
    for (int k = 0; k < n; k++) {
        mot_frame f = frame(100.0 * exp2((k + 0.5) / n), -20.0, 1); /* 0..12 st */
        mot_stats_add(&st, &f);
    }
    mot_summary s = summarise(&st);
    SIG_ASSERT_NEAR(s.f0_range_st, 0.9 * 12.0, 0.03);
    SIG_ASSERT_NEAR(s.f0_iqr_st, 0.5 * 12.0, 0.03);
    SIG_ASSERT_NEAR(s.f0_median_hz, 100.0 * exp2(0.5), 0.2);
    SIG_ASSERT_NEAR(s.f0_sd_st, 12.0 / sqrt(12.0), 0.01); /* uniform: width / sqrt 12 */
}

/* Energy alternating between two levels over voiced speech frames. Pause
 * frames and unvoiced frames count in the window but not in energy; voiced
 * frames count in F0 wherever they are (as in Praat's Pitch statistics). */
static void test_energy_and_counts(void **state)
{
    (void)state;
    mot_stats st;
    mot_stats_reset(&st);
    const double lo = -32.0, hi = -21.0;
    /* Energy counts over voiced speech frames only: every fourth frame here
     * is unvoiced and twice as loud, and must not move the figures. */
    int n_voiced = 0;
    double sum = 0.0, sum2 = 0.0;
    for (int k = 0; k < 400; k++) {
        int voiced = k % 4 != 3;
        double level = voiced ? ((k / 25) % 2 ? lo : hi) : -6.0;
        mot_frame f = frame(voiced ? 150.0 : 0.0, level, 1);
        f.nucleus = k % 25 == 12;
        mot_stats_add(&st, &f);
        if (voiced) {
            n_voiced++;
            sum += level;
            sum2 += level * level;
        }
    }
    double mean = sum / n_voiced;
    double sd = sqrt((sum2 - n_voiced * mean * mean) / (n_voiced - 1.0));
    for (int k = 0; k < 100; k++) { /* a pause: not in the energy statistics */
        mot_frame f = frame(k % 2 ? 50.0 : 0.0, -70.0, 0); /* hum: voiced, in F0 */
        mot_stats_add(&st, &f);
    }
    mot_frame outside = frame(300.0, 0.0, 1); /* outside the window: ignored */
    outside.in_window = 0;
    outside.nucleus = 1;
    mot_stats_add(&st, &outside);

    mot_summary s = summarise(&st);
    SIG_ASSERT_NEAR(s.energy_mean_dbfs, mean, 1e-9);
    SIG_ASSERT_NEAR(s.energy_sd_db, sd, 1e-9);
    SIG_ASSERT_NEAR(s.speech_s, 4.0, 1e-9);
    SIG_ASSERT_NEAR(s.pause_ratio, 0.2, 1e-12);
    assert_int_equal(s.n_voiced, 350);
    assert_int_equal(s.n_nuclei, 16);
    SIG_ASSERT_NEAR(s.syllable_rate_hz, 16 / 5.0, 1e-12);
    SIG_ASSERT_NEAR(s.articulation_rate_hz, 16 / 4.0, 1e-12);
    SIG_ASSERT_NEAR(s.f0_median_hz, 150.0, 150.0 * 0.0012);
}

/* Undefined statistics are NAN, never 0 or garbage. */
static void test_undefined_is_nan(void **state)
{
    (void)state;
    mot_stats st;
    mot_stats_reset(&st);
    mot_summary s = summarise(&st);
    assert_true(isnan(s.pause_ratio) && isnan(s.syllable_rate_hz));
    assert_true(isnan(s.articulation_rate_hz) && isnan(s.energy_mean_dbfs));
    assert_true(isnan(s.energy_sd_db) && isnan(s.f0_sd_st));
    assert_true(isnan(s.f0_median_hz) && isnan(s.f0_range_st) && isnan(s.f0_iqr_st));

    mot_frame f = frame(0.0, -70.0, 0); /* one pause frame */
    mot_stats_add(&st, &f);
    s = summarise(&st);
    SIG_ASSERT_NEAR(s.pause_ratio, 1.0, 0.0);
    assert_true(isnan(s.articulation_rate_hz) && isnan(s.energy_mean_dbfs));
    assert_true(isnan(s.f0_median_hz));

    f = frame(0.0, -20.0, 1); /* one unvoiced speech frame: no level yet */
    mot_stats_add(&st, &f);
    s = summarise(&st);
    assert_true(isnan(s.energy_mean_dbfs));
    f = frame(150.0, -20.0, 1); /* one voiced speech frame */
    mot_stats_add(&st, &f);
    s = summarise(&st);
    SIG_ASSERT_NEAR(s.energy_mean_dbfs, -20.0, 0.0);
    assert_true(isnan(s.energy_sd_db)); /* one frame has no spread */
    assert_true(isnan(s.f0_sd_st));
}

/* ---- end to end on signals ----------------------------------------------- */

/* `seconds` of speech on contour c after 1 s of background: a vowel whose
 * level swings 10 dB four times a second (syllables, voiced throughout),
 * through the telephone band, 30 dB over the background; the window is
 * `window_s` long. */
static mot_summary run_speech(double rate, const sig_f0 *c, double seconds, double window_s)
{
    size_t n = sig_samples(1.0 + seconds + 0.5, rate);
    float *x = sig_alloc(n);
    const sig_phrase p = {1.0, seconds, 4.0, *c, 0.1, 0.7, -10.0};
    sig_phrases(x, n, rate, &p, 1);
    sig_phone_band(x, n, rate);
    sig_add_phone_noise(x, n, rate, sig_noise_rms(0.1, 30.0), 77);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.input_rate_hz = rate;
    cfg.window_s = window_s;
    cfg.provisional_s = fmin(cfg.provisional_s, window_s);
    sig_run run = {0};
    assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
    mot_summary s = run.summary;
    sig_run_free(&run);
    free(x);
    return s;
}

/* Vibrato of A semitones through the whole pipeline: f0_sd_st within
 * 0.05 st of A / sqrt(2), f0_range_st within 0.1 st of 2 A sin(0.45 pi),
 * f0_median_hz within 1 % of the centre. */
static void test_vibrato_end_to_end(void **state)
{
    (void)state;
    const struct {
        double centre_hz, depth_st, rate_hz, input_rate;
    } cases[] = {
        {110.0, 1.0, 2.0, 8000.0},  {110.0, 3.0, 2.0, 8000.0}, {220.0, 2.0, 2.0, 8000.0},
        {150.0, 0.5, 1.0, 8000.0},  {180.0, 2.0, 3.0, 8000.0}, {95.0, 2.0, 2.0, 44100.0},
        {240.0, 1.5, 2.0, 16000.0},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        const sig_f0 c = sig_f0_vibrato(cases[i].centre_hz, cases[i].depth_st, cases[i].rate_hz);
        /* The window spans whole cycles: 5 s. */
        mot_summary s = run_speech(cases[i].input_rate, &c, 6.0, 5.0);
        double sd = cases[i].depth_st / sqrt(2.0);
        double range = SINE_RANGE_FACTOR * cases[i].depth_st;
        double iqr = SINE_IQR_FACTOR * cases[i].depth_st;
        sig_note("vibrato %.0f Hz +-%.1f st at %.0f Hz (%.0f Hz in): sd %.3f (%.3f), range "
                 "%.3f (%.3f), median %.2f Hz, %d voiced, onset %.3f",
                 cases[i].centre_hz, cases[i].depth_st, cases[i].rate_hz, cases[i].input_rate,
                 s.f0_sd_st, sd, s.f0_range_st, range, s.f0_median_hz, s.n_voiced,
                 s.window_start_s);
        SIG_ASSERT_NEAR(s.window_start_s, 1.0, 0.03);
        SIG_ASSERT_GE(s.n_voiced, 490);
        SIG_ASSERT_NEAR(s.f0_sd_st, sd, 0.05);
        SIG_ASSERT_NEAR(s.f0_range_st, range, 0.1);
        SIG_ASSERT_NEAR(s.f0_iqr_st, iqr, 0.1);
        SIG_ASSERT_NEAR(s.f0_median_hz, cases[i].centre_hz, 0.01 * cases[i].centre_hz);
    }
}

/* A steady F0: SD and range near 0, median within 1 %. */
static void test_steady_end_to_end(void **state)
{
    (void)state;
    const double f0s[] = {85.0, 130.0, 210.0, 330.0};
    for (size_t i = 0; i < N_OF(f0s); i++) {
        const sig_f0 c = sig_f0_constant(f0s[i]);
        mot_summary s = run_speech(8000.0, &c, 4.0, 3.0);
        sig_note("steady %.0f Hz: median %.2f Hz, sd %.4f st, range %.3f st", f0s[i],
                 s.f0_median_hz, s.f0_sd_st, s.f0_range_st);
        SIG_ASSERT_NEAR(s.f0_median_hz, f0s[i], 0.01 * f0s[i]);
        SIG_ASSERT_LE(s.f0_sd_st, 0.05);
        SIG_ASSERT_LE(s.f0_range_st, 0.1);
        SIG_ASSERT_LE(s.f0_iqr_st, 0.05);
    }
}

/* A glide 100 -> 200 Hz across the window: the statistics match those of
 * the true contour sampled at the window's frame centres. */
static void test_glide_end_to_end(void **state)
{
    (void)state;
    const double window_s = 4.0;
    const sig_f0 c = sig_f0_glide(100.0, 200.0, 4.5);
    mot_summary s = run_speech(8000.0, &c, 4.5, window_s);
    int n = (int)lround(window_s / MOT_HOP_S);
    double *st = calloc((size_t)n, sizeof *st), sum = 0.0, sum2 = 0.0;
    assert_non_null(st);
    for (int k = 0; k < n; k++) {
        double t = s.window_start_s + (k + 0.5) * MOT_HOP_S - 1.0;
        st[k] = 12.0 * log2(sig_f0_at(&c, t) / 100.0);
        sum += st[k];
        sum2 += st[k] * st[k];
    }
    qsort(st, (size_t)n, sizeof *st, compare_double);
    double sd = sqrt((sum2 - sum * sum / n) / (n - 1));
    double range = st[(int)(0.95 * n)] - st[(int)(0.05 * n)];
    double median = 100.0 * exp2(st[n / 2] / 12.0);
    double iqr = st[(int)(0.75 * n)] - st[(int)(0.25 * n)];
    sig_note("glide: sd %.3f (%.3f) st, range %.3f (%.3f) st, median %.2f (%.2f) Hz",
             s.f0_sd_st, sd, s.f0_range_st, range, s.f0_median_hz, median);
    SIG_ASSERT_NEAR(s.f0_sd_st, sd, 0.05);
    SIG_ASSERT_NEAR(s.f0_range_st, range, 0.1);
    SIG_ASSERT_NEAR(s.f0_iqr_st, iqr, 0.1);
    SIG_ASSERT_NEAR(s.f0_median_hz, median, 0.01 * median);
    free(st);
}

/* Loudness alternating between two known levels (a steady vowel, 10 dB
 * apart, 0.5 s each, no dips): energy_sd_db is half the step, mean midway,
 * to within what the 50 ms frames straddling each step blur. */
static void test_energy_levels_end_to_end(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 48000.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        double rate = rates[r];
        const double hi_rms = 0.1, step_db = 10.0, seg_s = 0.5;
        size_t n = sig_samples(8.0, rate), lead = sig_samples(1.0, rate);
        float *x = sig_alloc(n);
        const sig_f0 c = sig_f0_vibrato(140.0, 1.0, 1.5);
        sig_voiced(x + lead, sig_samples(6.5, rate), rate, &c, hi_rms);
        for (size_t i = lead; i < n; i++) {
            int seg = (int)floor(((double)i / rate - 1.0) / seg_s);
            if (seg % 2)
                x[i] = (float)(x[i] * pow(10.0, -step_db / 20.0));
        }
        sig_phone_band(x, n, rate);
        /* The two levels as they leave the line (before the noise). */
        double level_db[2] = {0.0, 0.0};
        for (int seg = 0; seg < 12; seg++) {
            size_t from = sig_samples(1.0 + seg * seg_s + 0.1, rate);
            level_db[seg % 2] += 20.0 * log10(sig_rms(x + from, sig_samples(0.3, rate))) / 6.0;
        }
        sig_add_phone_noise(x, n, rate, sig_noise_rms(hi_rms, 40.0), 78);
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.input_rate_hz = rate;
        cfg.window_s = 6.0;
        sig_run run = {0};
        assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
        const mot_summary *s = &run.summary;
        double want_sd = (level_db[0] - level_db[1]) / 2.0;
        double want_mean = (level_db[0] + level_db[1]) / 2.0;
        sig_note("two levels at %.0f Hz (%.2f and %.2f dBFS): energy sd %.3f dB (%.3f), "
                 "mean %.2f dBFS (%.2f), speech %.2f s, pause_ratio %.3f",
                 rate, level_db[0], level_db[1], s->energy_sd_db, want_sd, s->energy_mean_dbfs,
                 want_mean, s->speech_s, s->pause_ratio);
        SIG_ASSERT_NEAR(want_sd, step_db / 2.0, 0.05);
        SIG_ASSERT_NEAR(s->pause_ratio, 0.0, 0.01);
        SIG_ASSERT_NEAR(s->energy_sd_db, want_sd, 0.2);
        SIG_ASSERT_NEAR(s->energy_mean_dbfs, want_mean, 0.3);
        sig_run_free(&run);
        free(x);
    }
}

/* The same speaker says the same thing on a noisier and a quieter line:
 * syllables separated by short silences (stop closures), 30 dB and 50 dB
 * over the background. energy_sd_db describes the speaker's loudness
 * variation, so it must not move with the background: within 1 dB. */
static void test_energy_sd_does_not_follow_the_line_noise(void **state)
{
    (void)state;
    const double snrs[] = {30.0, 50.0};
    double sd[N_OF(snrs)];
    for (size_t i = 0; i < N_OF(snrs); i++) {
        const double rate = 8000.0;
        size_t n = sig_samples(10.0, rate);
        float *x = sig_alloc(n);
        const sig_phrase p = {1.0, 9.0, 4.0, sig_f0_vibrato(150.0, 2.0, 1.0), 0.1, 0.6,
                              -INFINITY};
        sig_phrases(x, n, rate, &p, 1);
        sig_phone_band(x, n, rate);
        sig_add_phone_noise(x, n, rate, sig_noise_rms(0.1, snrs[i]), 79);
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.window_s = 8.0;
        sig_run run = {0};
        assert_int_equal(sig_analyse(&cfg, NULL, x, n, &run), MOT_OK);
        sd[i] = run.summary.energy_sd_db;
        sig_note("syllables at %.0f dB SNR: energy_sd_db %.2f, mean %.2f dBFS, %d nuclei",
                 snrs[i], sd[i], run.summary.energy_mean_dbfs, run.summary.n_nuclei);
        sig_run_free(&run);
        free(x);
    }
    SIG_ASSERT_NEAR(sd[1], sd[0], 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vibrato_frames),
        cmocka_unit_test(test_constant_f0_frames),
        cmocka_unit_test(test_percentiles_of_an_even_spread),
        cmocka_unit_test(test_energy_and_counts),
        cmocka_unit_test(test_undefined_is_nan),
        cmocka_unit_test(test_vibrato_end_to_end),
        cmocka_unit_test(test_steady_end_to_end),
        cmocka_unit_test(test_glide_end_to_end),
        cmocka_unit_test(test_energy_levels_end_to_end),
        cmocka_unit_test(test_energy_sd_does_not_follow_the_line_noise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
