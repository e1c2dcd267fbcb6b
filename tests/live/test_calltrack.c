/* mot_calltrack on a stream with hold music between two calls: the music,
 * periodic and a few dB over the line noise, is no speech, so the second
 * call's window opens at its agent's first words, not in the music. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "io/calltrack.h"
#include "signals.h"

#define RATE 8000.0
#define NOISE 0.01

/* Opening speech from `start_s`: 14 s of syllable phrases, 0.4 s apart. */
static void speech(float *x, size_t n, double start_s)
{
    sig_phrase p[7];
    for (int i = 0; i < 7; i++)
        p[i] = (sig_phrase){start_s + 2.0 * i, 1.6, 4.0, sig_f0_vibrato(150.0, 3.0, 0.7), 0.1,
                            0.6, -INFINITY};
    sig_phrases(x, n, RATE, p, 7);
}

/* All of x through the tracker, then its end: the number of final
 * verdicts. With `opens`, where each call's window opened in the stream
 * (calls 1..max_call, the only ones allowed). The push count is bounded,
 * so a tracker that stops taking input fails rather than hangs. */
static long track_all(mot_calltrack *t, const float *x, size_t n, double *opens, long max_call)
{
    mot_call_event ev[8];
    long finals = 0, pushes = 0;
    size_t at = 0;
    for (int finishing = 0;;) {
        size_t n_in = n - at, n_ev = 8;
        if (!finishing) {
            assert_int_equal(mot_calltrack_push(t, x + at, &n_in, ev, &n_ev), MOT_OK);
            at += n_in;
            assert_true(++pushes < 100000);
        } else {
            assert_int_equal(mot_calltrack_finish(t, ev, &n_ev), MOT_OK);
        }
        for (size_t i = 0; i < n_ev; i++) {
            if (opens)
                assert_true(ev[i].call >= 1 && ev[i].call <= max_call);
            if (ev[i].kind != MOT_CALL_FINAL)
                continue;
            finals++;
            if (opens)
                opens[ev[i].call] = ev[i].call_start_s + ev[i].summary.window_start_s;
        }
        if (finishing && n_ev == 0)
            break;
        if (at == n)
            finishing = 1;
    }
    return finals;
}

static void test_hold_music_between_calls(void **state)
{
    (void)state;
    const double music_from = 16.0, music_s = 15.0, call2 = music_from + music_s + 0.5;
    size_t n = sig_samples(call2 + 16.0, RATE);
    float *x = sig_alloc(n);
    speech(x, n, 1.0);
    /* The music: voiced notes of 0.35 s every 0.5 s (the line's own noise
     * between them keeps the floor down), ~5 dB over the noise (frame
     * energy), below the full 8 dB margin. */
    for (int k = 0; k < (int)(2.0 * music_s); k++) {
        const sig_phrase note = {music_from + 0.5 * k, 0.35, 0.0,
                                 sig_f0_constant(k % 2 ? 220.0 : 262.0), NOISE * sqrt(2.16), 0,
                                 0};
        sig_phrases(x, n, RATE, &note, 1);
    }
    speech(x, n, call2);
    sig_add_noise(x, n, NOISE, 41);

    mot_model *model = NULL;
    assert_int_equal(mot_model_default(&model), MOT_OK);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.input_rate_hz = RATE;
    mot_calltrack *t = NULL;
    assert_int_equal(mot_calltrack_new(&cfg, model, 5.0, &t, NULL, 0), MOT_OK);
    double opens[3] = {NAN, NAN, NAN};
    assert_int_equal(track_all(t, x, n, opens, 2), 2);
    sig_note("windows open at %.2f s and %.2f s (speech at 1.0 s and %.1f s)", opens[1],
             opens[2], call2);
    SIG_ASSERT_NEAR(opens[1], 1.0, 0.1);
    SIG_ASSERT_NEAR(opens[2], call2, 0.1);
    mot_calltrack_free(t);
    mot_model_free(model);
    free(x);
}

/* Gaps no longer than the pre-roll (the CLI takes 0.1 s and up): the
 * tracker must get through leading silence, two calls and the silence
 * between them, and hear both. (A restart on the same silence looped for
 * ever.) */
static void test_short_gaps(void **state)
{
    (void)state;
    const double call2 = 17.0;
    size_t n = sig_samples(call2 + 16.0, RATE);
    float *x = sig_alloc(n);
    speech(x, n, 1.0);
    speech(x, n, call2);
    sig_add_noise(x, n, NOISE, 43);

    mot_model *model = NULL;
    assert_int_equal(mot_model_default(&model), MOT_OK);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.input_rate_hz = RATE;
    const double gaps[] = {0.1, 0.5, MOT_CALLTRACK_PREROLL_S};
    for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
        mot_calltrack *t = NULL;
        assert_int_equal(mot_calltrack_new(&cfg, model, gaps[g], &t, NULL, 0), MOT_OK);
        const long finals = track_all(t, x, n, NULL, 0);
        sig_note("gap %.1f s: %ld final verdicts", gaps[g], finals);
        assert_true(finals >= 2); /* both calls heard (pauses may split them further) */
        mot_calltrack_free(t);
    }
    mot_model_free(model);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hold_music_between_calls),
        cmocka_unit_test(test_short_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
