/* The test-signal generators are themselves checked: if their ground truth
 * is wrong, every engine test that trusts it is wrong too. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "signals.h"

static const double rates[] = {8000.0, 16000.0, 44100.0, 48000.0};
#define N_RATES (sizeof rates / sizeof rates[0])

static void test_rng_is_seeded_and_gaussian(void **state)
{
    (void)state;
    sig_rng a, b, c;
    sig_rng_seed(&a, 42);
    sig_rng_seed(&b, 42);
    sig_rng_seed(&c, 43);
    int same_as_other_seed = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = sig_rng_next(&a);
        assert_true(x == sig_rng_next(&b));
        same_as_other_seed += x == sig_rng_next(&c);
    }
    assert_int_equal(same_as_other_seed, 0);

    sig_rng_seed(&a, 7);
    double sum = 0.0, sum2 = 0.0, sum4 = 0.0;
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double g = sig_rng_gauss(&a);
        sum += g;
        sum2 += g * g;
        sum4 += g * g * g * g;
    }
    SIG_ASSERT_NEAR(sum / n, 0.0, 0.01);
    SIG_ASSERT_NEAR(sum2 / n, 1.0, 0.01);
    SIG_ASSERT_NEAR(sum4 / n, 3.0, 0.05); /* Gaussian kurtosis */
}

static void test_noise_has_the_asked_rms(void **state)
{
    (void)state;
    const size_t n = 80000;
    float *x = sig_alloc(n);
    sig_add_noise(x, n, 0.05, 1);
    SIG_ASSERT_NEAR(sig_rms(x, n), 0.05, 0.0005);
    SIG_ASSERT_NEAR(sig_noise_rms(0.1, 20.0), 0.01, 1e-12);

    /* A known SNR: voiced RMS 0.1 over noise 20 dB down. */
    float *v = sig_alloc(n);
    const sig_f0 c = sig_f0_constant(120.0);
    sig_voiced(v, n, 8000.0, &c, 0.1);
    SIG_ASSERT_NEAR(sig_rms(v, n), 0.1, 1e-4);
    sig_silence(x, n);
    sig_add_noise(x, n, sig_noise_rms(0.1, 20.0), 9);
    SIG_ASSERT_NEAR(20.0 * log10(sig_rms(v, n) / sig_rms(x, n)), 20.0, 0.1);
    free(v);
    free(x);
}

static void test_contours_give_their_ground_truth(void **state)
{
    (void)state;
    sig_f0 c = sig_f0_constant(133.0);
    SIG_ASSERT_NEAR(sig_f0_at(&c, 0.7), 133.0, 1e-12);

    c = sig_f0_glide(80.0, 400.0, 2.0);
    SIG_ASSERT_NEAR(sig_f0_at(&c, 0.0), 80.0, 1e-12);
    SIG_ASSERT_NEAR(sig_f0_at(&c, 1.0), 240.0, 1e-12);
    SIG_ASSERT_NEAR(sig_f0_at(&c, 2.0), 400.0, 1e-12);
    SIG_ASSERT_NEAR(sig_f0_at(&c, 3.0), 400.0, 1e-12);

    /* Vibrato: semitones re the centre form a sine of amplitude A, whose
     * SD over whole cycles is A / sqrt(2). */
    c = sig_f0_vibrato(150.0, 2.0, 5.0);
    double sum = 0.0, sum2 = 0.0, lo = 1e9, hi = -1e9;
    const int n = 100000; /* 2 s, 10 cycles */
    for (int i = 0; i < n; i++) {
        double st = 12.0 * log2(sig_f0_at(&c, 2.0 * i / n) / 150.0);
        sum += st;
        sum2 += st * st;
        lo = fmin(lo, st);
        hi = fmax(hi, st);
    }
    SIG_ASSERT_NEAR(sum / n, 0.0, 1e-9);
    SIG_ASSERT_NEAR(sqrt(sum2 / n), 2.0 / sqrt(2.0), 1e-6);
    SIG_ASSERT_NEAR(hi - lo, 4.0, 1e-6);
}

/* A constant-F0 vowel with an integer period in samples repeats exactly
 * (once the formant resonators have settled): its F0 is what it says. */
static void test_voiced_is_periodic_at_its_f0(void **state)
{
    (void)state;
    const struct {
        double rate, f0;
        size_t period;
    } cases[] = {{8000.0, 100.0, 80}, {8000.0, 250.0, 32}, {16000.0, 80.0, 200},
                 {48000.0, 400.0, 120}, {44100.0, 90.0, 490}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n = sig_samples(0.5, cases[k].rate);
        float *x = sig_alloc(n);
        const sig_f0 c = sig_f0_constant(cases[k].f0);
        sig_voiced(x, n, cases[k].rate, &c, 0.1);
        double worst = 0.0, worst_half = 1e9;
        size_t p = cases[k].period;
        for (size_t i = n / 2; i + p < n; i++) {
            worst = fmax(worst, fabs(x[i + p] - x[i]));
        }
        /* ... and it does not repeat at half the period (not an octave up). */
        double d = 0.0;
        for (size_t i = n / 2; i + p / 2 < n; i++)
            d += fabs(x[i + p / 2] - x[i]);
        worst_half = d / (double)(n / 2);
        sig_note("voiced %.0f Hz at %.0f Hz: max |x[i+P]-x[i]| = %.2g", cases[k].f0,
                 cases[k].rate, worst);
        SIG_ASSERT_LE(worst, 1e-4);
        SIG_ASSERT_GE(worst_half, 0.01);
        free(x);
    }
}

/* The band-pass: the fundamental must really be gone below 250 Hz, the
 * speech band must pass. Checked on the designed response at each rate. */
static void test_phone_band_response(void **state)
{
    (void)state;
    for (size_t r = 0; r < N_RATES; r++) {
        sig_filter f;
        sig_filter_phone(&f, rates[r]);
        double stop = -INFINITY;
        for (double hz = 10.0; hz <= 250.0; hz += 5.0)
            stop = fmax(stop, sig_filter_gain_db(&f, rates[r], hz));
        double pass_lo = INFINITY, pass_hi = -INFINITY;
        for (double hz = 400.0; hz <= 3000.0; hz += 10.0) {
            double g = sig_filter_gain_db(&f, rates[r], hz);
            pass_lo = fmin(pass_lo, g);
            pass_hi = fmax(pass_hi, g);
        }
        sig_note("band-pass at %.0f Hz: <= %.1f dB below 250 Hz, passband %.2f..%.2f dB",
                 rates[r], stop, pass_lo, pass_hi);
        SIG_ASSERT_LE(stop, -40.0);
        SIG_ASSERT_GE(pass_lo, -1.5);
        SIG_ASSERT_LE(pass_hi, 0.1);
        if (rates[r] > 10000.0)
            SIG_ASSERT_LE(sig_filter_gain_db(&f, rates[r], 5000.0), -25.0);
    }
}

/* ... and on a band-limited glottal train: the energy under 250 Hz is more
 * than 30 dB under the total, where before filtering it was most of it. */
static void test_phone_band_removes_the_fundamental(void **state)
{
    (void)state;
    const double f0s[] = {85.0, 120.0, 200.0, 240.0};
    for (size_t r = 0; r < N_RATES; r++) {
        for (size_t k = 0; k < sizeof f0s / sizeof f0s[0]; k++) {
            double rate = rates[r];
            size_t n = sig_samples(1.5, rate), skip = sig_samples(0.3, rate);
            float *x = sig_alloc(n);
            const sig_f0 c = sig_f0_constant(f0s[k]);
            sig_voiced(x, n, rate, &c, 0.1);
            double before = sig_band_share_db(x + skip, n - skip, rate, 0.0, 250.0);
            sig_phone_band(x, n, rate);
            double after = sig_band_share_db(x + skip, n - skip, rate, 0.0, 250.0);
            sig_note("F0 %.0f Hz at %.0f Hz: share under 250 Hz %.1f dB -> %.1f dB", f0s[k],
                     rate, before, after);
            SIG_ASSERT_GE(before, -15.0);
            SIG_ASSERT_LE(after, -30.0);
            free(x);
        }
    }
}

static void test_syllable_train_has_its_bursts(void **state)
{
    (void)state;
    const double rate = 8000.0;
    size_t n = sig_samples(2.0, rate);
    float *x = sig_alloc(n);
    const sig_f0 c = sig_f0_constant(150.0);
    int bursts = sig_syllables(x, n, rate, &c, 0.1, 4.0, 0.6, -INFINITY);
    assert_int_equal(bursts, 8);
    /* Peak of burst 3 (at 0.75 + 0.075 s) carries the peak RMS over 20 ms;
     * its gap (0.75 - 0.1 s ... 0.75 s) is silent. */
    size_t peak = sig_samples(0.5 + 0.075, rate), half = sig_samples(0.01, rate);
    SIG_ASSERT_NEAR(sig_rms(x + peak - half, 2 * half), 0.1, 0.01);
    SIG_ASSERT_LE(sig_rms(x + sig_samples(0.66, rate), sig_samples(0.08, rate)), 1e-9);

    bursts = sig_syllables(x, n, rate, &c, 0.1, 5.0, 0.5, -20.0);
    assert_int_equal(bursts, 10);
    SIG_ASSERT_NEAR(sig_rms(x + sig_samples(0.55, rate), sig_samples(0.04, rate)), 0.01,
                    0.0015);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_is_seeded_and_gaussian),
        cmocka_unit_test(test_noise_has_the_asked_rms),
        cmocka_unit_test(test_contours_give_their_ground_truth),
        cmocka_unit_test(test_voiced_is_periodic_at_its_f0),
        cmocka_unit_test(test_phone_band_response),
        cmocka_unit_test(test_phone_band_removes_the_fundamental),
        cmocka_unit_test(test_syllable_train_has_its_bursts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
