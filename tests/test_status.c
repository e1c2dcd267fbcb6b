/* Status sentences and the config check: every code has a real sentence,
 * and every config field out of its documented range is refused by name. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mot/mot.h"

#define N_OF(a) (sizeof a / sizeof a[0])

/* ---- mot_strerror -------------------------------------------------------- */

static void test_every_status_has_a_sentence(void **state)
{
    (void)state;
    const char *unknown = mot_strerror(MOT_STATUS_COUNT_);
    assert_non_null(unknown);
    assert_true(strlen(unknown) > 10);
    for (int s = 0; s < MOT_STATUS_COUNT_; s++) {
        const char *text = mot_strerror((mot_status)s);
        if (!text || strlen(text) < 5 || strcmp(text, unknown) == 0)
            fail_msg("status %d has no sentence of its own", s);
        assert_null(strchr(text, '\n'));
        /* One sentence per code: no two codes say the same thing. */
        for (int t = 0; t < s; t++)
            if (strcmp(text, mot_strerror((mot_status)t)) == 0)
                fail_msg("statuses %d and %d share \"%s\"", t, s, text);
    }
    assert_string_equal(mot_strerror(MOT_OK), mot_strerror((mot_status)0));
}

static void test_unknown_status_gives_the_generic_sentence(void **state)
{
    (void)state;
    const char *unknown = mot_strerror(MOT_STATUS_COUNT_);
    const int odd[] = {-1, -1000, MOT_STATUS_COUNT_ + 1, 255, 1 << 30};
    for (size_t i = 0; i < N_OF(odd); i++) {
        const char *text = mot_strerror((mot_status)odd[i]);
        assert_non_null(text);
        assert_string_equal(text, unknown);
    }
}

/* Codes are stable: their values are part of the API. */
static void test_status_values_are_stable(void **state)
{
    (void)state;
    assert_int_equal(MOT_OK, 0);
    assert_int_equal(MOT_ERR_NOMEM, 1);
    assert_int_equal(MOT_ERR_INVALID_ARG, 2);
    assert_int_equal(MOT_ERR_CONFIG, 3);
    assert_int_equal(MOT_ERR_SAMPLE_RATE, 4);
    assert_int_equal(MOT_ERR_RESAMPLER, 5);
    assert_int_equal(MOT_ERR_MODEL_IO, 6);
    assert_int_equal(MOT_ERR_MODEL_PARSE, 7);
    assert_int_equal(MOT_ERR_MODEL_SCHEMA, 8);
    assert_int_equal(MOT_ERR_FINISHED, 9);
    assert_int_equal(MOT_ERR_OPEN, 10);
    assert_int_equal(MOT_ERR_FORMAT, 11);
    assert_int_equal(MOT_ERR_READ, 12);
    assert_int_equal(MOT_ERR_CHANNEL, 13);
    assert_int_equal(MOT_ERR_EMPTY, 14);
    assert_int_equal(MOT_ERR_WRITE, 15);
    assert_true(MOT_STATUS_COUNT_ >= 16);
}

/* ---- mot_config_check ---------------------------------------------------- */

/* Every field with its documented range (include/mot/config.h). */
static const struct field {
    const char *name;
    size_t offset;
    double lo, hi;
} fields[] = {
#define F(name, lo, hi) {#name, offsetof(mot_config, name), lo, hi}
    F(input_rate_hz, 8000.0, 192000.0),
    F(f0_floor_hz, 40.0, 250.0),
    F(f0_ceiling_hz, 40.0, 1000.0),
    F(voicing_threshold, 0.0, 2.0),
    F(silence_threshold, 0.0, 2.0),
    F(octave_cost, 0.0, 2.0),
    F(octave_jump_cost, 0.0, 2.0),
    F(voiced_unvoiced_cost, 0.0, 2.0),
    F(range_cost, 0.0, 2.0),
    F(harmonic_cost, 0.0, 2.0),
    F(vad_above_noise_db, 1.0, 60.0),
    F(vad_voiced_above_noise_db, 1.0, 60.0),
    F(vad_below_peak_db, 5.0, 120.0),
    F(vad_floor_dbfs, -120.0, 0.0),
    F(onset_min_s, 0.02, 0.5),
    F(min_pause_s, 0.05, 2.0),
    F(nucleus_dip_db, 0.0, 20.0),
    F(nucleus_below_peak_db, 1.0, 120.0),
    F(window_s, 1.0, 60.0),
    F(provisional_s, 0.5, 60.0),
#undef F
};

static double *field_of(mot_config *cfg, const struct field *f)
{
    return (double *)((char *)cfg + f->offset);
}

/* The table above covers the whole struct: a new field needs a row. */
static void test_every_field_is_listed(void **state)
{
    (void)state;
    assert_int_equal(N_OF(fields) * sizeof(double), sizeof(mot_config));
}

static void test_defaults_pass(void **state)
{
    (void)state;
    mot_config cfg;
    mot_config_default(&cfg);
    char detail[128] = "untouched";
    assert_int_equal(mot_config_check(&cfg, detail, sizeof detail), MOT_OK);
    assert_int_equal(mot_config_check(&cfg, NULL, 0), MOT_OK);
    assert_int_equal(mot_config_check(NULL, detail, sizeof detail), MOT_ERR_INVALID_ARG);
    /* Every default lies in its documented range. */
    for (size_t i = 0; i < N_OF(fields); i++) {
        double v = *field_of(&cfg, &fields[i]);
        if (!(v >= fields[i].lo && v <= fields[i].hi))
            fail_msg("default %s = %g outside %g..%g", fields[i].name, v, fields[i].lo,
                     fields[i].hi);
    }
}

/* Each field just outside its range, and NaN and infinity, is refused with
 * MOT_ERR_CONFIG and a detail that names the field. */
static void test_each_bad_field_is_named(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(fields); i++) {
        const struct field *f = &fields[i];
        double span = f->hi - f->lo;
        const double bad[] = {f->lo - 0.01 * span - 1e-3, f->hi + 0.01 * span + 1e-3, NAN,
                              INFINITY, -INFINITY};
        for (size_t b = 0; b < N_OF(bad); b++) {
            mot_config cfg;
            mot_config_default(&cfg);
            *field_of(&cfg, f) = bad[b];
            char detail[160];
            memset(detail, 'x', sizeof detail);
            mot_status st = mot_config_check(&cfg, detail, sizeof detail);
            if (st != MOT_ERR_CONFIG)
                fail_msg("%s = %g: status %d, want MOT_ERR_CONFIG", f->name, bad[b], st);
            assert_non_null(memchr(detail, '\0', sizeof detail));
            if (!strstr(detail, f->name))
                fail_msg("%s = %g: detail \"%s\" does not name the field", f->name, bad[b],
                         detail);
            /* The engine refuses it the same way and makes nothing. */
            mot_engine *e = (mot_engine *)detail;
            char why[160] = "";
            assert_int_equal(mot_engine_new(&cfg, NULL, &e, why, sizeof why), MOT_ERR_CONFIG);
            assert_null(e);
            assert_non_null(strstr(why, f->name));
        }
    }
}

/* The ends of each range are accepted (where the other fields allow). */
static void test_range_ends_pass(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(fields); i++) {
        const double ends[] = {fields[i].lo, fields[i].hi};
        for (size_t e = 0; e < 2; e++) {
            mot_config cfg;
            mot_config_default(&cfg);
            *field_of(&cfg, &fields[i]) = ends[e];
            /* Keep the cross-field rules satisfied. */
            if (cfg.f0_floor_hz >= cfg.f0_ceiling_hz) {
                if (fields[i].offset == offsetof(mot_config, f0_ceiling_hz))
                    cfg.f0_floor_hz = 40.0, cfg.f0_ceiling_hz = fmax(ends[e], 41.0);
                else
                    cfg.f0_ceiling_hz = 1000.0;
            }
            if (cfg.provisional_s > cfg.window_s) {
                if (fields[i].offset == offsetof(mot_config, window_s))
                    cfg.provisional_s = cfg.window_s;
                else
                    cfg.window_s = 60.0;
            }
            if (cfg.vad_voiced_above_noise_db > cfg.vad_above_noise_db) {
                if (fields[i].offset == offsetof(mot_config, vad_above_noise_db))
                    cfg.vad_voiced_above_noise_db = fmax(ends[e], 1.0);
                else
                    cfg.vad_above_noise_db = 60.0;
            }
            char detail[160] = "";
            if (mot_config_check(&cfg, detail, sizeof detail) != MOT_OK)
                fail_msg("%s = %g refused: %s", fields[i].name, ends[e], detail);
        }
    }
}

/* The rules between fields name both fields. */
static void test_cross_field_rules(void **state)
{
    (void)state;
    mot_config cfg;
    char detail[160];
    mot_config_default(&cfg);
    cfg.f0_floor_hz = 200.0;
    cfg.f0_ceiling_hz = 200.0;
    assert_int_equal(mot_config_check(&cfg, detail, sizeof detail), MOT_ERR_CONFIG);
    assert_non_null(strstr(detail, "f0_floor_hz"));
    assert_non_null(strstr(detail, "f0_ceiling_hz"));

    mot_config_default(&cfg);
    cfg.window_s = 3.0;
    cfg.provisional_s = 3.5;
    assert_int_equal(mot_config_check(&cfg, detail, sizeof detail), MOT_ERR_CONFIG);
    assert_non_null(strstr(detail, "provisional_s"));
    assert_non_null(strstr(detail, "window_s"));
    cfg.provisional_s = 3.0;
    assert_int_equal(mot_config_check(&cfg, detail, sizeof detail), MOT_OK);

    mot_config_default(&cfg);
    cfg.vad_above_noise_db = 6.0;
    cfg.vad_voiced_above_noise_db = 6.5;
    assert_int_equal(mot_config_check(&cfg, detail, sizeof detail), MOT_ERR_CONFIG);
    assert_non_null(strstr(detail, "vad_voiced_above_noise_db"));
    assert_non_null(strstr(detail, "vad_above_noise_db"));
    cfg.vad_voiced_above_noise_db = 6.0;
    assert_int_equal(mot_config_check(&cfg, detail, sizeof detail), MOT_OK);
}

/* The detail buffer is respected to the byte and always terminated. */
static void test_detail_buffer_bounds(void **state)
{
    (void)state;
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.nucleus_below_peak_db = 500.0;
    char buf[16];
    for (size_t size = 1; size <= 12; size++) {
        memset(buf, '#', sizeof buf);
        assert_int_equal(mot_config_check(&cfg, buf, size), MOT_ERR_CONFIG);
        assert_int_equal(strlen(buf), size - 1);
        for (size_t k = size; k < sizeof buf; k++)
            assert_int_equal(buf[k], '#');
    }
    memset(buf, '#', sizeof buf);
    assert_int_equal(mot_config_check(&cfg, buf, 0), MOT_ERR_CONFIG);
    assert_int_equal(buf[0], '#');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_status_has_a_sentence),
        cmocka_unit_test(test_unknown_status_gives_the_generic_sentence),
        cmocka_unit_test(test_status_values_are_stable),
        cmocka_unit_test(test_every_field_is_listed),
        cmocka_unit_test(test_defaults_pass),
        cmocka_unit_test(test_each_bad_field_is_named),
        cmocka_unit_test(test_range_ends_pass),
        cmocka_unit_test(test_cross_field_rules),
        cmocka_unit_test(test_detail_buffer_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
