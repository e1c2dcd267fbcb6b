/* Every config that mot_config_check() accepts must make a working engine:
 * the edges of each documented range, alone and together. (Kept apart from
 * test_engine so that a crash here cannot hide the results there.) */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "signals.h"

#define N_OF(a) (sizeof a / sizeof a[0])

/* 1 s of noise, 3 s of syllables, 0.6 s pause, 1 s of syllables, noise.
 * Between syllables the level drops by `dip_db`. The voice lies inside
 * the config's pitch range. */
static float *make_signal(const mot_config *cfg, double dip_db, size_t *n_out)
{
    double rate = cfg->input_rate_hz;
    double f0 = fmin(fmax(200.0, 1.5 * cfg->f0_floor_hz), 0.7 * cfg->f0_ceiling_hz);
    size_t n = sig_samples(6.0, rate);
    float *x = sig_alloc(n);
    const sig_phrase p[] = {
        {1.0, 3.0, 4.0, sig_f0_vibrato(f0, 2.0, 2.0), 0.1, 0.6, -dip_db},
        {4.6, 1.0, 4.0, sig_f0_constant(0.9 * f0), 0.1, 0.6, -dip_db},
    };
    sig_phrases(x, n, rate, p, N_OF(p));
    sig_add_noise(x, n, 0.001, 1);
    *n_out = n;
    return x;
}

/* The engine made from cfg runs to the end: the right number of frames in
 * order, finite values, and an onset near 1 s. */
static void assert_runs(const mot_config *cfg, double dip_db, const char *what)
{
    char detail[160] = "";
    assert_int_equal(mot_config_check(cfg, detail, sizeof detail), MOT_OK);
    mot_engine *e = NULL;
    mot_status st = mot_engine_new(cfg, NULL, &e, detail, sizeof detail);
    if (st != MOT_OK)
        fail_msg("%s: a config that passes mot_config_check gives %s (%s)", what,
                 mot_strerror(st), detail);
    size_t n;
    float *x = make_signal(cfg, dip_db, &n);
    sig_run run = {0};
    assert_int_equal(sig_run_engine(e, x, n, 1000, 50, &run), MOT_OK);
    sig_note("%s: %zu frames, onset %.3f s", what, run.n_frames, run.summary.window_start_s);
    SIG_ASSERT_NEAR((double)run.n_frames, 600.0, 1.0);
    for (size_t k = 0; k < run.n_frames; k++) {
        SIG_ASSERT_NEAR(run.frames[k].time_s, ((double)k + 0.5) * MOT_HOP_S, 1e-9);
        assert_true(isfinite(run.frames[k].f0_hz) && isfinite(run.frames[k].energy_dbfs));
    }
    SIG_ASSERT_NEAR(run.summary.window_start_s, 1.0, 0.05);
    sig_run_free(&run);
    mot_engine_free(e);
    free(x);
}

static void test_range_edges(void **state)
{
    (void)state;
    mot_config cfg;
    mot_config_default(&cfg);
    assert_runs(&cfg, 30.0, "defaults");

    mot_config_default(&cfg);
    cfg.f0_floor_hz = 40.0; /* the longest analysis frame */
    assert_runs(&cfg, 30.0, "f0_floor_hz 40");

    mot_config_default(&cfg);
    cfg.f0_ceiling_hz = 1000.0;
    assert_runs(&cfg, 30.0, "f0_ceiling_hz 1000");

    mot_config_default(&cfg);
    cfg.onset_min_s = 0.5;
    cfg.min_pause_s = 2.0; /* the longest holds */
    cfg.window_s = 60.0;
    /* A 0.5 s onset run needs syllables that do not dip out of speech. */
    assert_runs(&cfg, 6.0, "longest holds, 60 s window");

    mot_config_default(&cfg);
    cfg.onset_min_s = 0.02;
    cfg.min_pause_s = 0.05;
    cfg.window_s = 1.0;
    cfg.provisional_s = 0.5;
    assert_runs(&cfg, 30.0, "shortest holds, 1 s window");

    const double rates[] = {8000.0, 11025.0, 96000.0, 192000.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        mot_config_default(&cfg);
        cfg.input_rate_hz = rates[r];
        assert_runs(&cfg, 30.0, "input rate");
    }
}

/* A high pitch floor (a child's voice, a config tuned for a soprano): the
 * engine must work with every floor mot_config_check accepts. Floors above
 * about 302 Hz once made an analysis frame shorter than the 10 ms hop and
 * crashed mot_engine_new. */
static void test_high_pitch_floor(void **state)
{
    (void)state;
    const double floors[] = {150.0, 250.0, 300.0, 302.0, 350.0, 400.0, 600.0, 900.0, 999.0};
    for (size_t i = 0; i < N_OF(floors); i++) {
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.f0_floor_hz = floors[i];
        cfg.f0_ceiling_hz = 1000.0;
        if (mot_config_check(&cfg, NULL, 0) != MOT_OK)
            continue; /* refused: fine */
        assert_runs(&cfg, 30.0, "high f0_floor_hz");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range_edges),
        cmocka_unit_test(test_high_pitch_floor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
