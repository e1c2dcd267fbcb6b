/* The verdict model: a logistic score over window features plus one rule per
 * reason. See models/README.md for the schema and where each number comes
 * from. */
#include "mot/model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#define MAX_TERMS 16
#define NAME_LEN 64
#define TEXT_LEN 512

extern const unsigned char mot_default_model_json[];
extern const size_t mot_default_model_json_len;

/* Features a model may use, read from a summary. */
typedef enum feature {
    F_F0_SD_ST,
    F_F0_RANGE_ST,
    F_F0_IQR_ST,
    F_ENERGY_SD_DB,
    F_SYLLABLE_RATE_HZ,
    F_ARTICULATION_RATE_HZ,
    F_PAUSE_RATIO,
    F_SPEECH_S,
    F_COUNT
} feature;

static const char *const feature_names[F_COUNT] = {
    "f0_sd_st",         "f0_range_st", "f0_iqr_st",   "energy_sd_db",
    "syllable_rate_hz", "articulation_rate_hz", "pause_ratio", "speech_s",
};

static const char *const reason_codes[MOT_REASON_COUNT] = {
    "flat_pitch", "flat_energy", "slow_pace", "fast_pace", "little_speech",
};

typedef enum shape { LINEAR, BELOW, ABOVE } shape;

typedef struct term {
    feature feature;
    shape shape; /* linear, or a hinge that only counts below / above center */
    double center, scale, weight;
} term;

typedef struct rule {
    feature feature;
    int above;     /* 1: fires when feature > value; 0: when feature < value */
    double value;
    char text[TEXT_LEN];
    int present;
} rule;

struct mot_model {
    char name[NAME_LEN];
    double bias, threshold;
    term terms[MAX_TERMS];
    int n_terms;
    rule rules[MOT_REASON_COUNT];
};

const char *mot_reason_code(unsigned reason)
{
    for (int i = 0; i < MOT_REASON_COUNT; i++)
        if (reason == 1u << i)
            return reason_codes[i];
    return NULL;
}

void mot_model_free(mot_model *m)
{
    free(m);
}

static void say(char *detail, size_t size, const char *fmt, const char *a, const char *b)
{
    if (detail && size)
        snprintf(detail, size, fmt, a, b);
}

static int lookup(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* A finite number at obj[key]; `where` names obj in messages. */
static int get_number(const cJSON *obj, const char *key, double *out, const char *where,
                      char *detail, size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
        say(detail, size, "%s: \"%s\" must be a finite number", where, key);
        return 0;
    }
    *out = item->valuedouble;
    return 1;
}

static int get_feature(const cJSON *obj, feature *out, const char *where, char *detail,
                       size_t size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, "feature");
    int f = cJSON_IsString(item) ? lookup(feature_names, F_COUNT, item->valuestring) : -1;
    if (f < 0) {
        say(detail, size, "%s: \"feature\" must be one of the summary features (%s)", where,
            "f0_sd_st, f0_range_st, f0_iqr_st, energy_sd_db, syllable_rate_hz, articulation_rate_hz, "
            "pause_ratio, speech_s");
        return 0;
    }
    *out = (feature)f;
    return 1;
}

static mot_status parse_terms(const cJSON *root, mot_model *m, char *detail, size_t size)
{
    const cJSON *terms = cJSON_GetObjectItemCaseSensitive(root, "terms");
    if (!cJSON_IsArray(terms) || cJSON_GetArraySize(terms) > MAX_TERMS) {
        say(detail, size, "%s%s", "\"terms\" must be an array of at most 16 objects", "");
        return MOT_ERR_MODEL_SCHEMA;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, terms)
    {
        term *t = &m->terms[m->n_terms++];
        const char *where = "a term";
        const cJSON *sh = cJSON_GetObjectItemCaseSensitive(item, "shape");
        int s = cJSON_IsString(sh)
                    ? lookup((const char *const[]){"linear", "below", "above"}, 3, sh->valuestring)
                    : -1;
        if (!cJSON_IsObject(item)) {
            say(detail, size, "%s%s", "each of \"terms\" must be an object", "");
            return MOT_ERR_MODEL_SCHEMA;
        }
        if (!get_feature(item, &t->feature, where, detail, size) ||
            !get_number(item, "center", &t->center, where, detail, size) ||
            !get_number(item, "scale", &t->scale, where, detail, size) ||
            !get_number(item, "weight", &t->weight, where, detail, size))
            return MOT_ERR_MODEL_SCHEMA;
        if (s < 0 || !(t->scale > 0.0)) {
            say(detail, size, "%s: %s", where,
                "\"shape\" must be linear, below or above and \"scale\" positive");
            return MOT_ERR_MODEL_SCHEMA;
        }
        t->shape = (shape)s;
    }
    return MOT_OK;
}

static mot_status parse_reasons(const cJSON *root, mot_model *m, char *detail, size_t size)
{
    const cJSON *reasons = cJSON_GetObjectItemCaseSensitive(root, "reasons");
    if (!cJSON_IsArray(reasons)) {
        say(detail, size, "%s%s", "\"reasons\" must be an array", "");
        return MOT_ERR_MODEL_SCHEMA;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, reasons)
    {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(item, "text");
        int r = cJSON_IsString(code) ? lookup(reason_codes, MOT_REASON_COUNT, code->valuestring) : -1;
        if (r < 0) {
            say(detail, size, "%s%s",
                "a reason's \"code\" must be flat_pitch, flat_energy, slow_pace, fast_pace or "
                "little_speech",
                "");
            return MOT_ERR_MODEL_SCHEMA;
        }
        rule *rl = &m->rules[r];
        const char *where = reason_codes[r];
        int has_below = cJSON_HasObjectItem(item, "below");
        if (!get_feature(item, &rl->feature, where, detail, size) ||
            !get_number(item, has_below ? "below" : "above", &rl->value, where, detail, size))
            return MOT_ERR_MODEL_SCHEMA;
        if (!cJSON_IsString(text)) {
            say(detail, size, "%s: \"%s\" must be a string", where, "text");
            return MOT_ERR_MODEL_SCHEMA;
        }
        rl->above = !has_below;
        snprintf(rl->text, sizeof rl->text, "%s", text->valuestring);
        rl->present = 1;
    }
    return MOT_OK;
}

mot_status mot_model_parse(const char *json, size_t len, mot_model **out, char *detail,
                           size_t detail_size)
{
    if (!out || (!json && len))
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        if (detail && detail_size)
            snprintf(detail, detail_size, "JSON syntax error at byte %ld",
                     end ? (long)(end - json) : 0L);
        return MOT_ERR_MODEL_PARSE;
    }
    /* One JSON value and nothing after it but blanks (and NULs: a buffer
     * may carry its terminator). */
    while (end < json + len && (*end == '\0' || strchr(" \t\r\n", *end)))
        end++;
    if (end < json + len) {
        if (detail && detail_size)
            snprintf(detail, detail_size, "text after the JSON object at byte %ld",
                     (long)(end - json));
        cJSON_Delete(root);
        return MOT_ERR_MODEL_PARSE;
    }
    mot_status st = MOT_ERR_NOMEM;
    mot_model *m = calloc(1, sizeof *m);
    if (!m)
        goto done;
    st = MOT_ERR_MODEL_SCHEMA;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (!cJSON_IsObject(root) || !cJSON_IsString(name)) {
        say(detail, detail_size, "%s%s", "the model must be an object with a string \"name\"", "");
        goto done;
    }
    snprintf(m->name, sizeof m->name, "%s", name->valuestring);
    if (!get_number(root, "bias", &m->bias, "the model", detail, detail_size) ||
        !get_number(root, "threshold", &m->threshold, "the model", detail, detail_size))
        goto done;
    if (!(m->threshold > 0.0 && m->threshold < 1.0)) {
        say(detail, detail_size, "%s%s", "\"threshold\" must lie strictly between 0 and 1", "");
        goto done;
    }
    if ((st = parse_terms(root, m, detail, detail_size)) != MOT_OK ||
        (st = parse_reasons(root, m, detail, detail_size)) != MOT_OK)
        goto done;
    *out = m;
    m = NULL;
done:
    free(m);
    cJSON_Delete(root);
    return st;
}

mot_status mot_model_load(const char *path, mot_model **out, char *detail, size_t detail_size)
{
    if (!path || !out)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    mot_status st = MOT_ERR_MODEL_IO;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        say(detail, detail_size, "%s: %s", path, strerror(errno));
        return st;
    }
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || size > (1L << 20) || fseek(f, 0, SEEK_SET) != 0) {
        say(detail, detail_size, "%s: %s", path, "not a regular file of at most 1 MiB");
        goto done;
    }
    buf = malloc((size_t)size + 1);
    if (!buf) {
        st = MOT_ERR_NOMEM;
        goto done;
    }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        say(detail, detail_size, "%s: %s", path, "read failed");
        goto done;
    }
    st = mot_model_parse(buf, (size_t)size, out, detail, detail_size);
done:
    free(buf);
    fclose(f);
    return st;
}

mot_status mot_model_default(mot_model **out)
{
    return mot_model_parse((const char *)mot_default_model_json, mot_default_model_json_len, out,
                           NULL, 0);
}

const char *mot_model_name(const mot_model *m)
{
    return m ? m->name : NULL;
}

double mot_model_threshold(const mot_model *m)
{
    return m ? m->threshold : NAN;
}

/* The rule for one reason bit, or NULL if there is none. */
static const rule *rule_of(const mot_model *m, unsigned reason)
{
    for (int i = 0; m && i < MOT_REASON_COUNT; i++)
        if (reason == 1u << i)
            return m->rules[i].present ? &m->rules[i] : NULL;
    return NULL;
}

mot_status mot_model_reason_rule(const mot_model *m, unsigned reason, const char **name,
                                 int *above, double *value)
{
    const rule *r = rule_of(m, reason);
    if (!r || !name || !above || !value)
        return MOT_ERR_INVALID_ARG;
    *name = feature_names[r->feature];
    *above = r->above;
    *value = r->value;
    return MOT_OK;
}

const char *mot_model_reason_text(const mot_model *m, unsigned reason)
{
    const rule *r = rule_of(m, reason);
    return r ? r->text : NULL;
}

static double feature_value(const mot_summary *s, feature f)
{
    /* Without an onset there was no speech at all: the window is all pause. */
    int heard = !isnan(s->window_start_s);
    switch (f) {
    case F_F0_SD_ST: return s->f0_sd_st;
    case F_F0_RANGE_ST: return s->f0_range_st;
    case F_F0_IQR_ST: return s->f0_iqr_st;
    case F_ENERGY_SD_DB: return s->energy_sd_db;
    case F_SYLLABLE_RATE_HZ: return s->syllable_rate_hz;
    case F_ARTICULATION_RATE_HZ: return s->articulation_rate_hz;
    case F_PAUSE_RATIO: return heard ? s->pause_ratio : 1.0;
    case F_SPEECH_S: return heard ? s->speech_s : 0.0;
    case F_COUNT: break;
    }
    return NAN;
}

void mot_model_score(const mot_model *m, mot_summary *s)
{
    if (!m || !s)
        return;
    double z = m->bias;
    for (int i = 0; i < m->n_terms; i++) {
        const term *t = &m->terms[i];
        double x = feature_value(s, t->feature);
        if (isnan(x))
            continue; /* unknown: neutral */
        double u = (x - t->center) / t->scale;
        if (t->shape == BELOW)
            u = u < 0.0 ? -u : 0.0;
        else if (t->shape == ABOVE)
            u = u > 0.0 ? u : 0.0;
        z += t->weight * u;
    }
    s->dull_score = 1.0 / (1.0 + exp(-z));
    s->dull = s->dull_score >= m->threshold;
    s->reasons = 0;
    for (int i = 0; i < MOT_REASON_COUNT; i++) {
        const rule *r = &m->rules[i];
        double x = feature_value(s, r->feature);
        if (r->present && !isnan(x) && (r->above ? x > r->value : x < r->value))
            s->reasons |= 1u << i;
    }
}
