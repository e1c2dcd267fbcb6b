/* The telephone-band and vowel-band levels (src/engine/band.h): what the
 * filters keep and remove, and that their level reads like the full-band
 * one in band. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/band.h"
#include "signals.h"

#define FRAME 464
#define WINDOW 400
#define RATE 8000.0

/* Level in dB of a unit sine at `hz` after the filter has settled,
 * relative to the same sine unfiltered (a unit sine reads -3 dBFS). */
static double band_gain_db(double high_hz, double hz)
{
    mot_band *b = NULL;
    assert_int_equal(mot_band_new(FRAME, WINDOW, high_hz, &b), MOT_OK);
    size_t n = 8000;
    float *x = sig_alloc(n);
    sig_tone(x, n, RATE, hz, 1.0);
    mot_band_filter(b, x, x, n);
    double level = mot_band_level_dbfs(b, x + n - FRAME);
    mot_band_free(b);
    free(x);
    return level - 10.0 * log10(0.5);
}

static double gain_db(double hz)
{
    return band_gain_db(0.0, hz);
}

static void test_pass_band_and_stop_band(void **state)
{
    (void)state;
    SIG_ASSERT_NEAR(gain_db(1000.0), 0.0, 0.1);
    SIG_ASSERT_NEAR(gain_db(3000.0), 0.0, 0.1);
    SIG_ASSERT_NEAR(gain_db(MOT_BAND_LOW_HZ), -3.0, 0.2); /* Butterworth: -3 dB at the cut-off */
    assert_true(gain_db(150.0) < -23.0);                  /* 4th order: 24 dB an octave */
    assert_true(gain_db(100.0) < -37.0);                  /* a low voice's fundamental */
    assert_true(gain_db(50.0) < -60.0);                   /* mains hum */
}

/* The vowel band: the same high-pass, then a 4th-order low-pass at
 * MOT_BAND_VOWEL_HIGH_HZ that keeps the first formants and drops frication
 * and line hiss. */
static void test_vowel_band(void **state)
{
    (void)state;
    const double high = MOT_BAND_VOWEL_HIGH_HZ;
    SIG_ASSERT_NEAR(band_gain_db(high, 700.0), 0.0, 0.1);
    SIG_ASSERT_NEAR(band_gain_db(high, 1200.0), 0.0, 0.2);
    SIG_ASSERT_NEAR(band_gain_db(high, high), -3.0, 0.2);
    SIG_ASSERT_NEAR(band_gain_db(high, MOT_BAND_LOW_HZ), -3.0, 0.2);
    assert_true(band_gain_db(high, 3000.0) < -14.0); /* an "s", hiss */
    assert_true(band_gain_db(high, 3600.0) < -24.0);
    assert_true(band_gain_db(high, 150.0) < -23.0);
}

/* Reset forgets the past: the same input after a reset gives the same
 * output as on a new filter. */
static void test_reset(void **state)
{
    (void)state;
    mot_band *a = NULL, *b = NULL;
    assert_int_equal(mot_band_new(FRAME, WINDOW, 0.0, &a), MOT_OK);
    assert_int_equal(mot_band_new(FRAME, WINDOW, 0.0, &b), MOT_OK);
    float x[FRAME], y[FRAME], z[FRAME];
    sig_tone(x, FRAME, RATE, 440.0, 0.5);
    mot_band_filter(a, x, y, FRAME); /* a now has a past */
    mot_band_reset(a);
    mot_band_filter(a, x, y, FRAME);
    mot_band_filter(b, x, z, FRAME);
    for (int i = 0; i < FRAME; i++)
        assert_true(y[i] == z[i]);
    mot_band_free(a);
    mot_band_free(b);
}

/* The vowel band from the telephone band's output (as the engine runs it)
 * is the vowel band from the input, bit for bit, over blocks of any size. */
static void test_vowel_band_from_high_passed(void **state)
{
    (void)state;
    mot_band *high = NULL, *vowel = NULL, *whole = NULL;
    assert_int_equal(mot_band_new(FRAME, WINDOW, 0.0, &high), MOT_OK);
    assert_int_equal(mot_band_new(FRAME, WINDOW, MOT_BAND_VOWEL_HIGH_HZ, &vowel), MOT_OK);
    assert_int_equal(mot_band_new(FRAME, WINDOW, MOT_BAND_VOWEL_HIGH_HZ, &whole), MOT_OK);
    size_t n = 4000;
    float *x = sig_alloc(n), *h = sig_alloc(n), *y = sig_alloc(n), *z = sig_alloc(n);
    sig_add_phone_noise(x, n, RATE, 0.1, 7);
    sig_tone(h, n, RATE, 180.0, 0.3); /* below the band, to be removed */
    for (size_t i = 0; i < n; i++)
        x[i] += h[i];
    for (size_t at = 0, block = 1; at < n; at += block, block = block * 3 % 97 + 1) {
        size_t m = block < n - at ? block : n - at;
        mot_band_filter(high, x + at, h + at, m);
        mot_band_filter_high_passed(vowel, h + at, y + at, m);
        mot_band_filter(whole, x + at, z + at, m);
    }
    for (size_t i = 0; i < n; i++)
        assert_true(y[i] == z[i]);
    assert_true(mot_band_level_dbfs(vowel, y + n - FRAME) < mot_band_level_dbfs(high, h + n - FRAME));
    free(x);
    free(h);
    free(y);
    free(z);
    mot_band_free(high);
    mot_band_free(vowel);
    mot_band_free(whole);
}

static void test_arguments(void **state)
{
    (void)state;
    mot_band *b = (mot_band *)&b;
    assert_int_equal(mot_band_new(FRAME, FRAME + 1, 0.0, &b), MOT_ERR_INVALID_ARG);
    assert_null(b);
    assert_int_equal(mot_band_new(FRAME, 0, 0.0, &b), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_band_new(FRAME, WINDOW, 0.0, NULL), MOT_ERR_INVALID_ARG);
    /* A low-pass edge under the high-pass one, or at Nyquist or above. */
    assert_int_equal(mot_band_new(FRAME, WINDOW, MOT_BAND_LOW_HZ, &b), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_band_new(FRAME, WINDOW, RATE / 2.0, &b), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_band_new(FRAME, WINDOW, -1.0, &b), MOT_ERR_INVALID_ARG);
    assert_null(b);
    mot_band_free(NULL);
    float silence[FRAME] = {0};
    assert_int_equal(mot_band_new(FRAME, WINDOW, 0.0, &b), MOT_OK);
    assert_true(mot_band_level_dbfs(b, silence) == -120.0f);
    mot_band_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass_band_and_stop_band),
        cmocka_unit_test(test_vowel_band),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_vowel_band_from_high_passed),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
