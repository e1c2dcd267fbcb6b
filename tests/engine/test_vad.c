/* The speech/pause detector (src/engine/vad.h) fed frame energies directly,
 * so that each rule can be checked at its exact threshold. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/vad.h"
#include "signals.h"

/* The rules are checked at thresholds set here, not at the defaults (which
 * the lead may tune): 12 dB over the noise, 40 dB under the peak, -60 dBFS. */
static mot_vad make_vad(void)
{
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.vad_above_noise_db = 12.0;
    cfg.vad_voiced_above_noise_db = 4.0;
    cfg.vad_below_peak_db = 40.0;
    cfg.vad_floor_dbfs = -60.0;
    mot_vad v;
    mot_vad_init(&v, &cfg);
    return v;
}

/* Push `frames` frames of `dbfs`; returns how many were speech. */
static int push_n(mot_vad *v, float dbfs, int frames)
{
    int speech = 0;
    for (int i = 0; i < frames; i++)
        speech += mot_vad_push(v, dbfs, 0);
    return speech;
}

/* The same, the frames voiced. */
static int push_voiced(mot_vad *v, float dbfs, int frames)
{
    int speech = 0;
    for (int i = 0; i < frames; i++)
        speech += mot_vad_push(v, dbfs, 1);
    return speech;
}

/* Speech is at least vad_above_noise_db (12) over the noise floor. */
static void test_above_noise_threshold(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    assert_int_equal(push_n(&v, -55.0f, 100), 0); /* steady noise is not speech */
    assert_int_equal(mot_vad_push(&v, -43.0f, 0), 1); /* exactly 12 dB over */
    assert_int_equal(mot_vad_push(&v, -43.5f, 0), 0); /* 11.5 dB over */
    assert_int_equal(mot_vad_push(&v, -20.0f, 0), 1);
}

/* Near a frame that passed the full margin (12), on a noisy line (a loud
 * peak under MOT_VAD_NOISY_LINE_DB over the floor), a frame the pitch path
 * found voiced needs only vad_voiced_above_noise_db (4); for
 * MOT_VAD_BRIDGE_FRAMES, not after. */
static void test_voiced_threshold(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    assert_int_equal(push_n(&v, -55.0f, 100), 0);
    assert_int_equal(mot_vad_push(&v, -40.0f, 0), 1); /* 15 dB over: noisy line */
    assert_int_equal(mot_vad_push(&v, -51.0f, 1), 1); /* exactly 4 dB over, voiced */
    assert_int_equal(mot_vad_push(&v, -51.0f, 0), 0); /* the same, unvoiced */
    assert_int_equal(mot_vad_push(&v, -51.5f, 1), 0); /* 3.5 dB over */
    for (int i = 4; i <= MOT_VAD_BRIDGE_FRAMES; i++)
        assert_int_equal(mot_vad_push(&v, -50.0f, 1), 1);
    assert_int_equal(mot_vad_push(&v, -50.0f, 1), 0); /* the bridge is over */
}

/* The lower margin never starts speech: a voiced background a few dB over
 * the floor (hum, quiet music), steady or swelling, stays non-speech until
 * a frame passes the full margin. */
static void test_voiced_background_is_not_speech(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    assert_int_equal(push_n(&v, -60.0f, 100), 0);
    int speech = 0;
    for (int i = 0; i < 400; i++) /* 5 dB over the floor, swelling by +-2.5 dB */
        speech += mot_vad_push(&v, -55.0f + 2.5f * (float)sin(0.05 * i), 1);
    assert_int_equal(speech, 0);
}

/* On a clean line (the loud peak 35 dB or more over the floor) voiced
 * frames need the full margin; at 30 dB, half way between 4 and 12. */
static void test_voiced_margin_on_a_clean_line(void **state)
{
    (void)state;
    mot_vad clean = make_vad();
    push_n(&clean, -55.0f, 100);
    assert_int_equal(mot_vad_push(&clean, -10.0f, 0), 1); /* 45 dB over */
    assert_int_equal(mot_vad_push(&clean, -51.0f, 1), 0); /* 4 dB over, voiced */
    assert_int_equal(mot_vad_push(&clean, -44.0f, 1), 0); /* 11 dB over */
    assert_int_equal(mot_vad_push(&clean, -43.0f, 1), 1); /* 12 dB over */
    mot_vad mid = make_vad();
    push_n(&mid, -55.0f, 100);
    assert_int_equal(mot_vad_push(&mid, -25.0f, 0), 1); /* 30 dB over */
    assert_int_equal(mot_vad_push(&mid, -48.0f, 1), 0); /* 7 dB over */
    assert_int_equal(mot_vad_push(&mid, -46.9f, 1), 1); /* 8.1 dB over */
}

/* ... and over vad_floor_dbfs (-60), however quiet the line. */
static void test_absolute_floor(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    push_n(&v, -90.0f, 50); /* a very quiet line */
    assert_int_equal(mot_vad_push(&v, -61.0f, 0), 0);
    assert_int_equal(mot_vad_push(&v, -60.0f, 0), 1);
    assert_int_equal(mot_vad_push(&v, -59.0f, 0), 1);
}

/* Digital silence (under MOT_VAD_DIGITAL_SILENCE_DBFS: a muted line, zero
 * padding) is never speech and teaches the trackers nothing: after seconds
 * of it, the floor is still the background heard before. */
static void test_digital_silence_is_ignored(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    push_n(&v, -70.0f, 100);
    assert_int_equal(push_n(&v, -120.0f, 3 * MOT_VAD_NOISE_FRAMES), 0);
    assert_int_equal(mot_vad_push(&v, -57.0f, 0), 1); /* 13 dB over -70 */
    assert_int_equal(mot_vad_push(&v, -63.0f, 0), 0); /* 7 dB over */
}

/* ... and no more than vad_below_peak_db (40) under the tracked peak of the
 * voiced frames, which sinks by 1 dB/s. */
static void test_below_peak_and_its_decay(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    push_n(&v, -95.0f, 50);
    assert_int_equal(mot_vad_push(&v, -5.0f, 1), 1); /* the peak, voiced */
    assert_int_equal(mot_vad_push(&v, -44.0f, 0), 1); /* 39 dB under it */
    assert_int_equal(mot_vad_push(&v, -47.0f, 0), 0); /* 42 dB under it */
    /* 10 s later the peak has sunk 10 dB: -50 dBFS is within 40 dB of it.
     * (The background in between keeps the noise floor at the bottom.) */
    for (int i = 0; i < 500; i++) {
        mot_vad_push(&v, -95.0f, 0);
        mot_vad_push(&v, -92.0f, 0);
    }
    assert_int_equal(mot_vad_push(&v, -50.0f, 0), 1);
    assert_int_equal(mot_vad_push(&v, -58.0f, 0), 0);
}

/* A click, a knock or a burst of line noise (loud, not voiced) is not the
 * speaker's peak: a frame 45 dB under it but within 40 dB of the loudest
 * vowel stays speech. */
static void test_unvoiced_burst_is_not_the_peak(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    push_n(&v, -95.0f, 50);
    assert_int_equal(mot_vad_push(&v, -15.0f, 1), 1); /* a vowel */
    assert_int_equal(mot_vad_push(&v, 0.0f, 0), 1);   /* a click, 15 dB over it */
    assert_int_equal(mot_vad_push(&v, -45.0f, 0), 1); /* 30 dB under the vowel */
    assert_int_equal(mot_vad_push(&v, -56.0f, 0), 0); /* 41 dB under it */
}

/* The floor follows a louder background within the 2 s window: a frame
 * 8 dB over the new background is not speech once the window holds only
 * the new background. */
static void test_noise_floor_follows_the_background(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    push_n(&v, -70.0f, 300);
    assert_int_equal(mot_vad_push(&v, -42.0f, 0), 1); /* 28 dB over the old floor */
    push_n(&v, -50.0f, MOT_VAD_NOISE_FRAMES);       /* the line got noisier */
    assert_int_equal(mot_vad_push(&v, -42.0f, 0), 0);  /* 8 dB over the new one */
    assert_int_equal(mot_vad_push(&v, -37.0f, 0), 1);
}

static void test_reset_forgets(void **state)
{
    (void)state;
    mot_vad a = make_vad(), b = make_vad();
    push_n(&a, -10.0f, 30); /* a loud call */
    push_n(&a, -90.0f, 30);
    mot_vad_reset(&a);
    sig_rng r;
    sig_rng_seed(&r, 4);
    for (int i = 0; i < 1000; i++) {
        float e = (float)(-80.0 + 70.0 * sig_rng_uniform(&r));
        assert_int_equal(mot_vad_push(&a, e, 0), mot_vad_push(&b, e, 0));
    }
}

/* Fluent speech: syllables whose level dips by 8 dB between nuclei (no
 * frame falls back to the background) for 6 s, after 1 s of background
 * 40 dB down. All of it is speech: the dips are within the speech, not
 * noise. The noise floor must not climb onto the speech because no pause
 * came for longer than the 2 s minimum-statistics window. */
static void test_fluent_speech_longer_than_noise_window_is_speech(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    push_n(&v, -60.0f, 100);
    int speech = 0, frames = 600;
    for (int i = 0; i < frames; i++) {
        /* 4 syllables a second: a raised cosine from -28 up to -20 dBFS. */
        double phase = fmod(i * MOT_HOP_S * 4.0, 1.0);
        float e = (float)(-28.0 + 8.0 * (0.5 - 0.5 * cos(2.0 * M_PI * phase)));
        speech += mot_vad_push(&v, e, 0);
    }
    sig_note("fluent speech: %d of %d frames speech", speech, frames);
    SIG_ASSERT_GE((double)speech / frames, 0.95);
}

/* A line that connects after a near-silent lead-in (dither 40 dB down)
 * brings its background with the speech. Once the background has held
 * steady and unvoiced for MOT_VAD_BACKGROUND_RUN_FRAMES, it is the floor:
 * the pauses between the phrases are pauses again, not speech for the half
 * minute the floor would take to creep up to it. */
static void test_background_that_arrives_with_the_speech(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    assert_int_equal(push_n(&v, -90.0f, 300), 0); /* under vad_floor_dbfs */
    sig_rng r;
    sig_rng_seed(&r, 9);
    int late_pause_speech = 0, early_pause_speech = 0, vowels = 0;
    for (int phrase = 0; phrase < 6; phrase++) {
        for (int i = 0; i < MOT_VAD_BACKGROUND_RUN_FRAMES + 20; i++) /* the background, +-1 dB */
            if (mot_vad_push(&v, (float)(-50.0 + 2.0 * sig_rng_uniform(&r) - 1.0), 0)) {
                if (i < MOT_VAD_BACKGROUND_RUN_FRAMES && phrase == 0)
                    early_pause_speech++;
                else
                    late_pause_speech++;
            }
        vowels += push_voiced(&v, -20.0f, 40);
    }
    sig_note("background after a lead-in: %d of %d frames before it is known read as speech, "
             "%d after; vowels %d of 240",
             early_pause_speech, MOT_VAD_BACKGROUND_RUN_FRAMES, late_pause_speech, vowels);
    assert_int_equal(late_pause_speech, 0);
    assert_int_equal(vowels, 240);
    assert_int_equal(mot_vad_push(&v, -36.0f, 0), 1); /* 14 dB over the background */
}

/* Steady sounds of the voice are not a background: a held vowel (voiced)
 * and a fricative shorter than MOT_VAD_BACKGROUND_RUN_FRAMES leave the
 * floor where it was. */
static void test_steady_speech_is_not_a_background(void **state)
{
    (void)state;
    mot_vad v = make_vad();
    push_n(&v, -70.0f, 300);
    assert_int_equal(push_voiced(&v, -30.0f, 100), 100);
    assert_int_equal(mot_vad_push(&v, -56.0f, 0), 1); /* 14 dB over -70 */
    assert_int_equal(push_n(&v, -40.0f, MOT_VAD_BACKGROUND_RUN_FRAMES - 1),
                     MOT_VAD_BACKGROUND_RUN_FRAMES - 1);
    assert_int_equal(mot_vad_push(&v, -56.0f, 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_above_noise_threshold),
        cmocka_unit_test(test_voiced_threshold),
        cmocka_unit_test(test_voiced_background_is_not_speech),
        cmocka_unit_test(test_voiced_margin_on_a_clean_line),
        cmocka_unit_test(test_absolute_floor),
        cmocka_unit_test(test_digital_silence_is_ignored),
        cmocka_unit_test(test_below_peak_and_its_decay),
        cmocka_unit_test(test_unvoiced_burst_is_not_the_peak),
        cmocka_unit_test(test_noise_floor_follows_the_background),
        cmocka_unit_test(test_reset_forgets),
        cmocka_unit_test(test_fluent_speech_longer_than_noise_window_is_speech),
        cmocka_unit_test(test_background_that_arrives_with_the_speech),
        cmocka_unit_test(test_steady_speech_is_not_a_background),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
