/* The verdict model: parsing (every way a model file can be wrong gets the
 * right status and a detail naming the key), scoring (the formula of
 * include/mot/model.h, monotone where the model says so), reasons (firing
 * exactly at their thresholds), and the compiled-in default model. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mot/mot.h"

#define N_OF(a) (sizeof a / sizeof a[0])

/* A small model with round numbers, so that the expected scores can be
 * written down by hand. */
static const char test_model[] =
    "{\"name\": \"test-model\", \"bias\": 0.5, \"threshold\": 0.6,"
    " \"terms\": ["
    "  {\"feature\": \"f0_sd_st\", \"shape\": \"linear\", \"center\": 2.0, \"scale\": 0.5,"
    "   \"weight\": -1.0},"
    "  {\"feature\": \"energy_sd_db\", \"shape\": \"below\", \"center\": 6.0, \"scale\": 2.0,"
    "   \"weight\": 1.0},"
    "  {\"feature\": \"pause_ratio\", \"shape\": \"above\", \"center\": 0.5, \"scale\": 0.1,"
    "   \"weight\": 2.0}"
    " ],"
    " \"reasons\": ["
    "  {\"code\": \"flat_pitch\", \"feature\": \"f0_sd_st\", \"below\": 1.5, \"text\": \"P\"},"
    "  {\"code\": \"flat_energy\", \"feature\": \"energy_sd_db\", \"below\": 4.0, \"text\": \"E\"},"
    "  {\"code\": \"slow_pace\", \"feature\": \"articulation_rate_hz\", \"below\": 3.0,"
    "   \"text\": \"S\"},"
    "  {\"code\": \"fast_pace\", \"feature\": \"articulation_rate_hz\", \"above\": 6.5,"
    "   \"text\": \"F\"},"
    "  {\"code\": \"little_speech\", \"feature\": \"pause_ratio\", \"above\": 0.6,"
    "   \"text\": \"L\"}"
    " ]}";

static mot_model *parse_ok(const char *json)
{
    mot_model *m = NULL;
    char detail[256] = "";
    mot_status st = mot_model_parse(json, strlen(json), &m, detail, sizeof detail);
    if (st != MOT_OK)
        fail_msg("parse failed: %s (%s)", mot_strerror(st), detail);
    assert_non_null(m);
    return m;
}

/* A summary of a lively, well-paced opening: no term pushes, no reason. */
static mot_summary lively(void)
{
    mot_summary s;
    memset(&s, 0, sizeof s);
    s.state = MOT_STATE_FINAL;
    s.heard_s = 16.0;
    s.window_start_s = 1.0;
    s.window_end_s = 15.0;
    s.speech_s = 12.0;
    s.f0_median_hz = 140.0;
    s.f0_sd_st = 3.5;
    s.f0_range_st = 11.0;
    s.f0_iqr_st = 4.0;
    s.energy_mean_dbfs = -24.0;
    s.energy_sd_db = 9.0;
    s.syllable_rate_hz = 4.0;
    s.articulation_rate_hz = 4.6;
    s.pause_ratio = 0.14;
    s.n_voiced = 900;
    s.n_nuclei = 56;
    s.dull_score = NAN;
    return s;
}

static double logistic(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

/* ---- parsing -------------------------------------------------------------- */

static void test_test_model_parses(void **state)
{
    (void)state;
    mot_model *m = parse_ok(test_model);
    assert_string_equal(mot_model_name(m), "test-model");
    assert_true(mot_model_threshold(m) == 0.6);
    const char *texts[] = {"P", "E", "S", "F", "L"};
    for (unsigned i = 0; i < MOT_REASON_COUNT; i++)
        assert_string_equal(mot_model_reason_text(m, 1u << i), texts[i]);
    mot_model_free(m);
    mot_model_free(NULL);
}

/* The input need not be NUL-terminated: only `len` bytes are read. */
static void test_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    size_t len = strlen(test_model);
    char *buf = malloc(len + 8);
    assert_non_null(buf);
    memcpy(buf, test_model, len);
    memcpy(buf + len, "\x01garbag", 8); /* no NUL after the JSON */
    mot_model *m = NULL;
    assert_int_equal(mot_model_parse(buf, len, &m, NULL, 0), MOT_OK);
    mot_model_free(m);
    /* ... and a cut-off model is a syntax error, not a read past the end. */
    m = (mot_model *)buf;
    assert_int_equal(mot_model_parse(buf, len / 2, &m, NULL, 0), MOT_ERR_MODEL_PARSE);
    assert_null(m);
    free(buf);
}

/* Blanks may follow the model's object; anything else is a syntax error
 * (a second object pasted in, a stray brace), not silently ignored. */
static void test_text_after_the_object(void **state)
{
    (void)state;
#define TAIL(s) {s, sizeof s - 1}
    const struct {
        const char *text;
        size_t len; /* a tail may hold a NUL */
    } tails[] = {TAIL(" \n\t\r\n"), TAIL("}"), TAIL(" x"), TAIL("\n{\"name\": \"other\"}"),
                 TAIL("\0x")};
#undef TAIL
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        size_t len = strlen(test_model), tail = tails[i].len;
        char *buf = malloc(len + tail);
        assert_non_null(buf);
        memcpy(buf, test_model, len);
        memcpy(buf + len, tails[i].text, tail); /* not NUL-terminated */
        mot_model *m = NULL;
        char detail[256] = "";
        mot_status st = mot_model_parse(buf, len + tail, &m, detail, sizeof detail);
        if (i == 0) {
            assert_int_equal(st, MOT_OK);
            mot_model_free(m);
        } else {
            assert_int_equal(st, MOT_ERR_MODEL_PARSE);
            assert_null(m);
            assert_non_null(strstr(detail, "after the JSON object"));
        }
        free(buf);
    }
}

/* Replace the first occurrence of `from` in the test model by `to`. */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(test_model, from);
    assert_non_null(at);
    size_t head = (size_t)(at - test_model), len = strlen(test_model) - strlen(from) + strlen(to);
    char *out = malloc(len + 1);
    assert_non_null(out);
    memcpy(out, test_model, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

typedef struct bad_case {
    const char *what, *from, *to;
    mot_status status;
    const char *must_name; /* the key the detail has to mention */
} bad_case;

static void test_bad_models_name_the_key(void **state)
{
    (void)state;
    const bad_case cases[] = {
        {"syntax error", "\"bias\": 0.5,", "\"bias\": 0.5", MOT_ERR_MODEL_PARSE, "byte"},
        {"trailing comma", "\"text\": \"L\"}", "\"text\": \"L\",}", MOT_ERR_MODEL_PARSE, "byte"},
        {"no name", "\"name\": \"test-model\",", "", MOT_ERR_MODEL_SCHEMA, "name"},
        {"name not a string", "\"test-model\"", "7", MOT_ERR_MODEL_SCHEMA, "name"},
        {"no bias", "\"bias\": 0.5,", "", MOT_ERR_MODEL_SCHEMA, "bias"},
        {"bias a string", "\"bias\": 0.5", "\"bias\": \"0.5\"", MOT_ERR_MODEL_SCHEMA, "bias"},
        {"bias infinite", "\"bias\": 0.5", "\"bias\": 1e999", MOT_ERR_MODEL_SCHEMA, "bias"},
        {"no threshold", "\"threshold\": 0.6,", "", MOT_ERR_MODEL_SCHEMA, "threshold"},
        {"threshold 1", "\"threshold\": 0.6", "\"threshold\": 1", MOT_ERR_MODEL_SCHEMA,
         "threshold"},
        {"threshold 0", "\"threshold\": 0.6", "\"threshold\": 0", MOT_ERR_MODEL_SCHEMA,
         "threshold"},
        {"no terms", "\"terms\"", "\"termz\"", MOT_ERR_MODEL_SCHEMA, "terms"},
        {"terms a number", "\"terms\": [", "\"terms\": 5, \"x\": [", MOT_ERR_MODEL_SCHEMA,
         "terms"},
        {"term not an object", "\"terms\": [", "\"terms\": [3, ", MOT_ERR_MODEL_SCHEMA, "term"},
        {"unknown feature", "\"feature\": \"f0_sd_st\", \"shape\"",
         "\"feature\": \"f0_mean_hz\", \"shape\"", MOT_ERR_MODEL_SCHEMA, "feature"},
        {"no feature", "\"feature\": \"f0_sd_st\", \"shape\"", "\"shape\"",
         MOT_ERR_MODEL_SCHEMA, "feature"},
        {"bad shape", "\"shape\": \"linear\"", "\"shape\": \"sideways\"", MOT_ERR_MODEL_SCHEMA,
         "shape"},
        {"no shape", "\"shape\": \"linear\",", "", MOT_ERR_MODEL_SCHEMA, "shape"},
        {"no center", "\"center\": 2.0,", "", MOT_ERR_MODEL_SCHEMA, "center"},
        {"no scale", "\"scale\": 0.5,", "", MOT_ERR_MODEL_SCHEMA, "scale"},
        {"zero scale", "\"scale\": 0.5", "\"scale\": 0", MOT_ERR_MODEL_SCHEMA, "scale"},
        {"negative scale", "\"scale\": 0.5", "\"scale\": -0.5", MOT_ERR_MODEL_SCHEMA, "scale"},
        {"no weight", "\"weight\": -1.0", "\"wait\": -1.0", MOT_ERR_MODEL_SCHEMA, "weight"},
        {"reason not an object", "\"reasons\": [", "\"reasons\": [\"flat_pitch\", ",
         MOT_ERR_MODEL_SCHEMA, "code"},
        {"no reasons", "\"reasons\"", "\"reasonz\"", MOT_ERR_MODEL_SCHEMA, "reasons"},
        {"unknown reason code", "\"code\": \"flat_pitch\"", "\"code\": \"boring\"",
         MOT_ERR_MODEL_SCHEMA, "code"},
        {"no reason code", "\"code\": \"flat_pitch\",", "", MOT_ERR_MODEL_SCHEMA, "code"},
        {"reason feature unknown", "\"feature\": \"articulation_rate_hz\", \"below\"",
         "\"feature\": \"speed\", \"below\"", MOT_ERR_MODEL_SCHEMA, "feature"},
        {"reason without text", ", \"text\": \"P\"", "", MOT_ERR_MODEL_SCHEMA, "text"},
        {"reason text a number", "\"text\": \"P\"", "\"text\": 1", MOT_ERR_MODEL_SCHEMA,
         "text"},
        {"reason without a bound", "\"below\": 1.5,", "", MOT_ERR_MODEL_SCHEMA, "above"},
        {"reason bound a string", "\"below\": 1.5", "\"below\": \"1.5\"", MOT_ERR_MODEL_SCHEMA,
         "below"},
    };
    /* Every case is tried and every miss reported, then the test fails. */
    int misses = 0;
    for (size_t i = 0; i < N_OF(cases); i++) {
        char *json = edit(cases[i].from, cases[i].to);
        mot_model *m = (mot_model *)json; /* must come back NULL */
        char detail[512];
        memset(detail, 'x', sizeof detail);
        mot_status st = mot_model_parse(json, strlen(json), &m, detail, sizeof detail);
        const char *miss = NULL;
        if (st != cases[i].status)
            miss = "wrong status";
        else if (m != NULL)
            miss = "*out not NULL";
        else if (!memchr(detail, '\0', sizeof detail))
            miss = "detail left unwritten (no NUL in the buffer)";
        else if (!strstr(detail, cases[i].must_name))
            miss = "detail does not name the key";
        else if (mot_model_parse(json, strlen(json), &m, NULL, 0) != cases[i].status)
            miss = "different status without a detail buffer";
        if (miss) {
            misses++;
            print_error("%s: %s (status %d, want %d; detail \"%.80s\"; must name \"%s\")\n",
                        cases[i].what, miss, st, cases[i].status,
                        memchr(detail, '\0', sizeof detail) ? detail : "(unterminated)",
                        cases[i].must_name);
        }
        free(json);
    }
    assert_int_equal(misses, 0);
}

static void test_more_than_16_terms(void **state)
{
    (void)state;
    char json[8192];
    int n = snprintf(json, sizeof json, "{\"name\": \"big\", \"bias\": 0, \"threshold\": 0.5, "
                                        "\"reasons\": [], \"terms\": [");
    for (int i = 0; i < 17; i++)
        n += snprintf(json + n, sizeof json - (size_t)n,
                      "%s{\"feature\": \"speech_s\", \"shape\": \"linear\", \"center\": 0, "
                      "\"scale\": 1, \"weight\": 0}",
                      i ? ", " : "");
    snprintf(json + n, sizeof json - (size_t)n, "]}");
    mot_model *m = NULL;
    char detail[256] = "";
    assert_int_equal(mot_model_parse(json, strlen(json), &m, detail, sizeof detail),
                     MOT_ERR_MODEL_SCHEMA);
    assert_null(m);
    assert_non_null(strstr(detail, "terms"));
}

static void test_parse_arguments(void **state)
{
    (void)state;
    mot_model *m = NULL;
    assert_int_equal(mot_model_parse(test_model, strlen(test_model), NULL, NULL, 0),
                     MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_model_parse(NULL, 10, &m, NULL, 0), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_model_parse("", 0, &m, NULL, 0), MOT_ERR_MODEL_PARSE);
    assert_null(m);
    assert_int_equal(mot_model_parse("[]", 2, &m, NULL, 0), MOT_ERR_MODEL_SCHEMA);
    assert_int_equal(mot_model_load(NULL, &m, NULL, 0), MOT_ERR_INVALID_ARG);
    assert_null(mot_model_name(NULL));
    assert_true(isnan(mot_model_threshold(NULL)));
    assert_null(mot_model_reason_text(NULL, MOT_REASON_FLAT_PITCH));
    mot_model_score(NULL, NULL); /* harmless */
}

/* ---- loading files --------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void test_load(void **state)
{
    (void)state;
    char dir[] = "/tmp/mot-test-model-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char good[128], bad[128], missing[128];
    snprintf(good, sizeof good, "%s/good.json", dir);
    snprintf(bad, sizeof bad, "%s/bad.json", dir);
    snprintf(missing, sizeof missing, "%s/missing.json", dir);
    write_file(good, test_model);
    write_file(bad, "{\"name\": ");

    mot_model *m = NULL;
    char detail[256] = "";
    assert_int_equal(mot_model_load(good, &m, detail, sizeof detail), MOT_OK);
    assert_string_equal(mot_model_name(m), "test-model");
    mot_model_free(m);

    m = (mot_model *)detail;
    assert_int_equal(mot_model_load(bad, &m, detail, sizeof detail), MOT_ERR_MODEL_PARSE);
    assert_null(m);
    assert_int_equal(mot_model_load(missing, &m, detail, sizeof detail), MOT_ERR_MODEL_IO);
    assert_null(m);
    assert_non_null(strstr(detail, "missing.json")); /* names the file */
    assert_int_equal(mot_model_load(dir, &m, detail, sizeof detail), MOT_ERR_MODEL_IO);
    assert_null(m);

    assert_int_equal(unlink(good), 0);
    assert_int_equal(unlink(bad), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* ---- scoring ------------------------------------------------------------- */

/* dull_score = logistic(bias + sum of weight * u), worked by hand. */
static void test_score_formula(void **state)
{
    (void)state;
    mot_model *m = parse_ok(test_model);
    mot_summary s = lively();
    s.f0_sd_st = 1.0;      /* linear: u = -2 -> -1 * -2 = +2 */
    s.energy_sd_db = 3.0;  /* below: u = 1.5 -> +1.5 */
    s.pause_ratio = 0.3;   /* above, not above center: 0 */
    mot_model_score(m, &s);
    assert_true(fabs(s.dull_score - logistic(0.5 + 2.0 + 1.5)) < 1e-12);
    assert_int_equal(s.dull, 1);

    s = lively();
    s.f0_sd_st = 5.0;      /* -1 * 6 = -6 */
    s.energy_sd_db = 9.0;  /* 0 */
    s.pause_ratio = 0.65;  /* +2 * 1.5 = 3 */
    mot_model_score(m, &s);
    assert_true(fabs(s.dull_score - logistic(0.5 - 6.0 + 3.0)) < 1e-12);
    assert_int_equal(s.dull, 0);
    mot_model_free(m);
}

/* dull is dull_score >= threshold, at the threshold itself too. */
static void test_dull_at_threshold(void **state)
{
    (void)state;
    /* threshold 0.6 is reached at z = log(0.6 / 0.4); bias 0.5 and the
     * f0_sd_st term (-1 per 0.5 st around 2) give z = 0.5 - (x - 2) / 0.5. */
    mot_model *m = parse_ok(test_model);
    double z_at = log(0.6 / 0.4), x_at = 2.0 + 0.5 * (0.5 - z_at);
    mot_summary s = lively();
    s.f0_sd_st = x_at - 1e-9;
    mot_model_score(m, &s);
    assert_int_equal(s.dull, 1);
    s.f0_sd_st = x_at + 1e-9;
    mot_model_score(m, &s);
    assert_int_equal(s.dull, 0);
    mot_model_free(m);
}

/* More pitch movement never makes a call duller: strictly decreasing in
 * f0_sd_st for the test model (linear term), and in the default model's
 * pitch-spread feature. */
static void test_score_monotone_in_pitch_spread(void **state)
{
    (void)state;
    mot_model *models[2] = {parse_ok(test_model), NULL};
    assert_int_equal(mot_model_default(&models[1]), MOT_OK);
    for (int k = 0; k < 2; k++) {
        double prev_sd = 2.0, prev_iqr = 2.0;
        for (double x = 0.0; x <= 12.0; x += 0.05) {
            mot_summary s = lively();
            s.f0_sd_st = x;
            mot_model_score(models[k], &s);
            if (k == 0)
                assert_true(s.dull_score < prev_sd);
            else
                assert_true(s.dull_score <= prev_sd);
            prev_sd = s.dull_score;

            s = lively();
            s.f0_iqr_st = x;
            s.f0_sd_st = x * 0.74; /* a Gaussian's IQR is 1.35 SD */
            mot_model_score(models[k], &s);
            if (k == 1)
                assert_true(s.dull_score < prev_iqr);
            prev_iqr = s.dull_score;
        }
    }
    mot_model_free(models[0]);
    mot_model_free(models[1]);
}

/* Each reason fires strictly beyond its threshold, not at it. */
static void test_reasons_fire_at_thresholds(void **state)
{
    (void)state;
    mot_model *m = parse_ok(test_model);
    const struct {
        unsigned bit;
        size_t offset;
        double at;
        int fires_below;
    } rules[] = {
        {MOT_REASON_FLAT_PITCH, offsetof(mot_summary, f0_sd_st), 1.5, 1},
        {MOT_REASON_FLAT_ENERGY, offsetof(mot_summary, energy_sd_db), 4.0, 1},
        {MOT_REASON_SLOW_PACE, offsetof(mot_summary, articulation_rate_hz), 3.0, 1},
        {MOT_REASON_FAST_PACE, offsetof(mot_summary, articulation_rate_hz), 6.5, 0},
        {MOT_REASON_LITTLE_SPEECH, offsetof(mot_summary, pause_ratio), 0.6, 0},
    };
    mot_summary s = lively();
    mot_model_score(m, &s);
    assert_int_equal(s.reasons, 0);
    for (size_t i = 0; i < N_OF(rules); i++) {
        const double eps = 1e-9;
        const double values[] = {rules[i].at, rules[i].at - eps, rules[i].at + eps};
        const int fires[] = {0, rules[i].fires_below, !rules[i].fires_below};
        for (int v = 0; v < 3; v++) {
            s = lively();
            *(double *)((char *)&s + rules[i].offset) = values[v];
            mot_model_score(m, &s);
            if (!!(s.reasons & rules[i].bit) != fires[v] || (s.reasons & ~rules[i].bit))
                fail_msg("%s at %.12g: reasons 0x%x", mot_reason_code(rules[i].bit), values[v],
                         s.reasons);
        }
        /* An undefined feature fires nothing. */
        s = lively();
        *(double *)((char *)&s + rules[i].offset) = NAN;
        mot_model_score(m, &s);
        assert_int_equal(s.reasons & rules[i].bit, 0);
    }
    mot_model_free(m);
}

/* Missing (NAN) features are neutral: the score is the bias alone when
 * every feature is unknown, except that no onset is itself little speech. */
static void test_missing_features_and_no_onset(void **state)
{
    (void)state;
    mot_model *m = parse_ok(test_model);
    mot_summary s = lively();
    s.f0_sd_st = s.energy_sd_db = s.articulation_rate_hz = s.pause_ratio = NAN;
    s.f0_range_st = s.f0_iqr_st = s.syllable_rate_hz = NAN;
    mot_model_score(m, &s);
    assert_true(fabs(s.dull_score - logistic(0.5)) < 1e-12);
    assert_int_equal(s.reasons, 0);

    /* No onset: the engine's summary has NAN window and features. */
    memset(&s, 0, sizeof s);
    s.state = MOT_STATE_FINAL;
    s.heard_s = 20.0;
    s.window_start_s = s.window_end_s = NAN;
    s.f0_median_hz = s.f0_sd_st = s.f0_range_st = s.f0_iqr_st = NAN;
    s.energy_mean_dbfs = s.energy_sd_db = NAN;
    s.syllable_rate_hz = s.articulation_rate_hz = s.pause_ratio = NAN;
    mot_model_score(m, &s);
    assert_true(s.reasons & MOT_REASON_LITTLE_SPEECH);
    assert_int_equal(s.reasons, MOT_REASON_LITTLE_SPEECH);
    /* pause_ratio counts as 1: the hinge adds 2 * (1 - 0.5) / 0.1 = 10. */
    assert_true(fabs(s.dull_score - logistic(0.5 + 10.0)) < 1e-12);
    assert_int_equal(s.dull, 1);

    mot_model *d = NULL;
    assert_int_equal(mot_model_default(&d), MOT_OK);
    s.reasons = 0;
    mot_model_score(d, &s);
    assert_true(s.reasons & MOT_REASON_LITTLE_SPEECH);
    assert_int_equal(s.dull, 1);
    mot_model_free(d);
    mot_model_free(m);
}

/* ---- reason codes ---------------------------------------------------------- */

/* Each bit has a distinct stable code, and a model that names a code puts
 * its text on that same bit: code -> bit -> code round-trips. */
/* The rule accessor reports what the parsed file says, and refuses what is
 * not one known reason bit. */
static void test_reason_rule_accessor(void **state)
{
    (void)state;
    mot_model *m = parse_ok(test_model);
    const char *feature = NULL;
    int above = -1;
    double value = 0.0;
    assert_int_equal(mot_model_reason_rule(m, MOT_REASON_FLAT_PITCH, &feature, &above, &value),
                     MOT_OK);
    assert_string_equal(feature, "f0_sd_st");
    assert_int_equal(above, 0);
    assert_true(value == 1.5);
    assert_int_equal(mot_model_reason_rule(m, MOT_REASON_FAST_PACE, &feature, &above, &value),
                     MOT_OK);
    assert_string_equal(feature, "articulation_rate_hz");
    assert_int_equal(above, 1);
    assert_true(value == 6.5);
    assert_int_equal(mot_model_reason_rule(m, MOT_REASON_FLAT_PITCH | MOT_REASON_FAST_PACE,
                                           &feature, &above, &value),
                     MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_model_reason_rule(m, 0, &feature, &above, &value), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_model_reason_rule(NULL, MOT_REASON_FLAT_PITCH, &feature, &above, &value),
                     MOT_ERR_INVALID_ARG);
    mot_model_free(m);
}

static void test_reason_codes_round_trip(void **state)
{
    (void)state;
    const char *expected[MOT_REASON_COUNT] = {"flat_pitch", "flat_energy", "slow_pace",
                                              "fast_pace", "little_speech"};
    for (unsigned i = 0; i < MOT_REASON_COUNT; i++) {
        const char *code = mot_reason_code(1u << i);
        assert_non_null(code);
        assert_string_equal(code, expected[i]);
        char json[512];
        snprintf(json, sizeof json,
                 "{\"name\": \"one\", \"bias\": 0, \"threshold\": 0.5, \"terms\": [],"
                 " \"reasons\": [{\"code\": \"%s\", \"feature\": \"speech_s\", \"below\": 1,"
                 " \"text\": \"only %s\"}]}",
                 code, code);
        mot_model *m = parse_ok(json);
        for (unsigned j = 0; j < MOT_REASON_COUNT; j++) {
            const char *text = mot_model_reason_text(m, 1u << j);
            if (j == i) {
                assert_non_null(text);
                assert_non_null(strstr(text, code));
                assert_string_equal(mot_reason_code(1u << j), code);
            } else {
                assert_null(text);
            }
        }
        mot_summary s = lively();
        s.speech_s = 0.5;
        mot_model_score(m, &s);
        assert_int_equal(s.reasons, 1u << i);
        mot_model_free(m);
    }
    const unsigned not_one_bit[] = {0u, 3u, 1u << MOT_REASON_COUNT, 0x80000000u, ~0u};
    for (size_t k = 0; k < N_OF(not_one_bit); k++) {
        assert_null(mot_reason_code(not_one_bit[k]));
    }
}

/* ---- the default model ------------------------------------------------------ */

static void test_default_model(void **state)
{
    (void)state;
    mot_model *built_in = NULL, *file = NULL;
    assert_int_equal(mot_model_default(&built_in), MOT_OK);
    char detail[256] = "";
    assert_int_equal(mot_model_load(MOT_TEST_DEFAULT_MODEL, &file, detail, sizeof detail),
                     MOT_OK);
    assert_true(strlen(mot_model_name(built_in)) > 0);
    assert_string_equal(mot_model_name(built_in), mot_model_name(file));
    double th = mot_model_threshold(built_in);
    assert_true(th > 0.0 && th < 1.0);
    for (unsigned i = 0; i < MOT_REASON_COUNT; i++) {
        const char *text = mot_model_reason_text(built_in, 1u << i);
        assert_non_null(text);
        assert_true(strlen(text) > 10);
        assert_string_equal(text, mot_model_reason_text(file, 1u << i));
    }

    /* The compiled-in copy is models/default.json: same verdicts. */
    mot_summary a = lively(), b = lively();
    mot_model_score(built_in, &a);
    mot_model_score(file, &b);
    assert_true(a.dull_score == b.dull_score);

    /* A lively opening is not dull and has no reasons... */
    assert_int_equal(a.dull, 0);
    assert_int_equal(a.reasons, 0);
    /* ... a monotone, flat, slow one is, with its reasons. */
    mot_summary s = lively();
    s.f0_sd_st = 0.2;
    s.f0_range_st = 0.6;
    s.f0_iqr_st = 0.2;
    s.energy_sd_db = 2.0;
    s.articulation_rate_hz = 2.0;
    mot_model_score(built_in, &s);
    assert_int_equal(s.dull, 1);
    assert_true(s.reasons & MOT_REASON_FLAT_PITCH);
    assert_true(s.reasons & MOT_REASON_FLAT_ENERGY);
    assert_true(s.reasons & MOT_REASON_SLOW_PACE);
    assert_false(s.reasons & MOT_REASON_FAST_PACE);
    mot_model_free(built_in);
    mot_model_free(file);
}

/* Scoring never allocates and is safe on a shared model from any number of
 * summaries (it writes only the summary). */
static void test_score_writes_only_the_verdict(void **state)
{
    (void)state;
    mot_model *m = NULL;
    assert_int_equal(mot_model_default(&m), MOT_OK);
    mot_summary s = lively(), before = lively();
    mot_model_score(m, &s);
    s.dull_score = before.dull_score;
    s.dull = before.dull;
    s.reasons = before.reasons;
    assert_memory_equal(&s, &before, sizeof s);
    mot_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_test_model_parses),
        cmocka_unit_test(test_parse_reads_only_len_bytes),
        cmocka_unit_test(test_text_after_the_object),
        cmocka_unit_test(test_bad_models_name_the_key),
        cmocka_unit_test(test_more_than_16_terms),
        cmocka_unit_test(test_parse_arguments),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_score_formula),
        cmocka_unit_test(test_dull_at_threshold),
        cmocka_unit_test(test_score_monotone_in_pitch_spread),
        cmocka_unit_test(test_reasons_fire_at_thresholds),
        cmocka_unit_test(test_missing_features_and_no_onset),
        cmocka_unit_test(test_reason_rule_accessor),
        cmocka_unit_test(test_reason_codes_round_trip),
        cmocka_unit_test(test_default_model),
        cmocka_unit_test(test_score_writes_only_the_verdict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
