#include "io/record.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/source.h"

void mot_file_result_init(mot_file_result *r, const char *file, int channel)
{
    memset(r, 0, sizeof *r);
    r->file = file;
    r->channel = channel;
    r->sample_rate_hz = NAN;
    r->duration_s = NAN;
    r->summary.window_start_s = r->summary.window_end_s = NAN;
    r->summary.speech_s = NAN;
    r->summary.f0_median_hz = r->summary.f0_sd_st = r->summary.f0_range_st = NAN;
    r->summary.f0_iqr_st = NAN;
    r->summary.energy_mean_dbfs = r->summary.energy_sd_db = NAN;
    r->summary.syllable_rate_hz = r->summary.articulation_rate_hz = NAN;
    r->summary.pause_ratio = NAN;
    r->summary.dull_score = NAN;
}

static mot_cell *cell(mot_cell *c, const char *key, mot_cell_kind kind)
{
    c->key = key;
    c->kind = kind;
    c->text = NULL;
    c->number[0] = '\0';
    c->flag = 0;
    c->reasons = 0;
    return c;
}

/* A fixed number of decimals keeps columns comparable between files; huge
 * values (a bogus header's duration) switch to %g so the text cannot be
 * cut short. NaN and Inf become null: they are not JSON. */
static void number(mot_cell *c, const char *key, double v, int decimals)
{
    cell(c, key, isfinite(v) ? MOT_CELL_NUMBER : MOT_CELL_NULL);
    if (!isfinite(v))
        return;
    if (fabs(v) < 1e15)
        snprintf(c->number, sizeof c->number, "%.*f", decimals, v);
    else
        snprintf(c->number, sizeof c->number, "%.6g", v);
    /* "-0.000" is a rounding artefact, not a sign worth printing. */
    if (c->number[0] == '-' && strspn(c->number + 1, "0.") == strlen(c->number + 1))
        memmove(c->number, c->number + 1, strlen(c->number));
    c->text = c->number;
}

static void string(mot_cell *c, const char *key, const char *s)
{
    cell(c, key, MOT_CELL_STRING)->text = s;
}

void mot_record_cells(const mot_file_result *r, mot_cell cells[MOT_RECORD_N_KEYS])
{
    const mot_summary *s = &r->summary;
    const int ok = r->status == MOT_OK;
    mot_cell *c = cells;

    string(c++, "file", r->file);
    number(c++, "duration_s", r->duration_s, 3);
    number(c++, "sample_rate_hz", r->sample_rate_hz, 0);
    number(c++, "channels", r->channels > 0 ? r->channels : NAN, 0);
    if (r->channel == MOT_CHANNEL_MIX)
        string(c++, "channel_used", "mix");
    else
        number(c++, "channel_used", r->channel, 0);
    number(c++, "window_start_s", s->window_start_s, 3);
    number(c++, "window_end_s", s->window_end_s, 3);
    number(c++, "speech_s", s->speech_s, 3);
    number(c++, "f0_median_hz", s->f0_median_hz, 2);
    number(c++, "f0_sd_st", s->f0_sd_st, 3);
    number(c++, "f0_range_st", s->f0_range_st, 3);
    number(c++, "energy_mean_dbfs", s->energy_mean_dbfs, 2);
    number(c++, "energy_sd_db", s->energy_sd_db, 2);
    number(c++, "syllable_rate_hz", s->syllable_rate_hz, 3);
    number(c++, "articulation_rate_hz", s->articulation_rate_hz, 3);
    number(c++, "pause_ratio", s->pause_ratio, 4);
    number(c++, "dull_score", s->dull_score, 4);
    /* Without an analysis there is no verdict: null, not a false "not dull". */
    cell(c++, "dull", ok ? MOT_CELL_BOOL : MOT_CELL_NULL)->flag = s->dull != 0;
    cell(c++, "reasons", ok ? MOT_CELL_REASONS : MOT_CELL_NULL)->reasons = s->reasons;
    if (ok)
        cell(c++, "error", MOT_CELL_ABSENT);
    else
        string(c++, "error", r->error);
    assert(c - cells == MOT_RECORD_N_KEYS);
}

const char *mot_record_next_reason(unsigned reasons, unsigned *bit)
{
    while (*bit < MOT_REASON_COUNT) {
        const unsigned b = 1u << (*bit)++;
        const char *code = mot_reason_code(b);
        if ((reasons & b) && code)
            return code;
    }
    return NULL;
}
