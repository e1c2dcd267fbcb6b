/* The report's reading of the verdict model: which features it judges,
 * how a newcomer reads them, and the thresholds behind each reason. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "io/report_impl.h"
#include "mot/summary.h"

/* Where each feature lives in mot_summary, in the order of the table. */
static const size_t offsets[MOT_REPORT_N_FEATURES] = {
    offsetof(mot_summary, f0_iqr_st),
    offsetof(mot_summary, energy_sd_db),
    offsetof(mot_summary, articulation_rate_hz),
    offsetof(mot_summary, pause_ratio),
};

const mot_report_feature mot_report_features[MOT_REPORT_N_FEATURES] = {
    {"f0_iqr_st", "Pitch movement",
     "how far the voice moves: spread of the middle half of its pitch, in semitones (st)", "st",
     3, 8.0},
    {"energy_sd_db", "Loudness movement",
     "how much the level of voiced speech varies (standard deviation)", "dB", 2, 12.0},
    {"articulation_rate_hz", "Speaking rate", "syllables per second while speaking",
     "syllables/s", 3, 9.0},
    {"pause_ratio", "Silence", "share of the window without speech (0 to 1)", "", 4, 1.0},
};

static size_t feature_index(const mot_report_feature *ft)
{
    return (size_t)(ft - mot_report_features);
}

static double *field(mot_summary *s, const mot_report_feature *ft)
{
    return (double *)((char *)s + offsets[feature_index(ft)]);
}

double mot_report_feature_value(const mot_report_feature *ft, const mot_summary *s)
{
    return *field((mot_summary *)s, ft);
}

void mot_report_feature_text(const mot_report_feature *ft, const mot_file_result *r,
                             char *buf, size_t size)
{
    const double v = mot_report_feature_value(ft, &r->summary);
    mot_cell cells[MOT_RECORD_N_KEYS];
    const char *text;

    mot_record_cells(r, cells);
    if (r->status != MOT_OK) {
        snprintf(buf, size, "%s", "");
    } else if (mot_html_cell_known(cells, ft->key)) {
        text = mot_html_cell(cells, ft->key);
        snprintf(buf, size, "%s", text ? text : "");
    } else if (isfinite(v)) {
        snprintf(buf, size, "%.*f", ft->decimals, v);
    } else {
        snprintf(buf, size, "%s", "");
    }
}

const mot_report_feature *mot_report_feature_named(const char *key)
{
    for (size_t i = 0; i < MOT_REPORT_N_FEATURES; i++)
        if (strcmp(mot_report_features[i].key, key) == 0)
            return &mot_report_features[i];
    return NULL;
}

/* The loaded model's rule for one reason, if it has one on a feature the
 * report shows. */
int mot_report_rule_of(const mot_model *model, unsigned reason, mot_report_rule *out)
{
    const char *feature;
    mot_report_rule r = {.reason = reason};
    if (mot_model_reason_rule(model, reason, &feature, &r.above, &r.value) != MOT_OK)
        return 0;
    const mot_report_feature *ft = mot_report_feature_named(feature);
    if (!ft)
        return 0;
    r.feature = ft->key;
    *out = r;
    return 1;
}

size_t mot_report_rules_for(const mot_model *model, const mot_report_feature *ft,
                            mot_report_rule out[2])
{
    size_t n = 0;

    for (unsigned i = 0; i < MOT_REASON_COUNT && n < 2; i++)
        if (mot_report_rule_of(model, 1u << i, &out[n]) && strcmp(out[n].feature, ft->key) == 0)
            n++;
    return n;
}
