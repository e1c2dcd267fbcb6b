/* Private to src/io/report*.c: what a call page is made from, the HTML
 * helpers the pages share, and the report's reading of the model. */
#ifndef MOT_IO_REPORT_IMPL_H
#define MOT_IO_REPORT_IMPL_H

#include <stddef.h>
#include <stdio.h>

#include "io/record.h"
#include "io/report.h"
#include "mot/config.h"
#include "mot/engine.h"
#include "mot/model.h"

/* Analysis samples per 10 ms frame. */
#define MOT_REPORT_HOP_SAMPLES ((size_t)(MOT_ANALYSIS_RATE_HZ * MOT_HOP_S + 0.5))

/* The span a page shows and plays: frames first_frame .. first_frame +
 * n_frames - 1 of the file, and the same stretch of audio. */
typedef struct mot_report_call {
    const mot_file_result *result;
    const mot_config *cfg;
    const mot_model *model;
    const mot_frame *frames;   /* n_frames frames, 10 ms apart */
    size_t n_frames;
    double t0_s;               /* start of the span (of frame 0), s into the file */
    const float *clip;         /* n_frames * MOT_REPORT_HOP_SAMPLES samples at 8 kHz */
    const unsigned char *wav;  /* the clip as a WAV file (G.711 mu-law) */
    size_t wav_len;
} mot_report_call;

/* The pieces of a page, in report_page.c and report_plot.c. */
void mot_report_page_write(FILE *f, const mot_report_call *c, const char *index_href);
void mot_report_plots_write(FILE *f, const mot_report_call *c);

/* --- HTML helpers (report_html.c) --------------------------------------- */

/* `s` as HTML text or attribute value: & < > " ' escaped. */
void mot_html_text(FILE *f, const char *s);

/* `n` bytes as base64 (RFC 4648, with padding). */
void mot_html_base64(FILE *f, const unsigned char *data, size_t n);

/* The document up to and including <main class="main_class">, with the
 * shared style sheet, and its end with `script` (may be NULL) run once the
 * page is parsed. */
void mot_html_begin(FILE *f, const char *title, const char *main_class);
void mot_html_end(FILE *f, const char *script);

/* The text of the record cell `key` of *cells, or NULL when the record has
 * no such key or no value for it. */
const char *mot_html_cell(const mot_cell cells[MOT_RECORD_N_KEYS], const char *key);

/* 1 when the record has the key `key` at all. */
int mot_html_cell_known(const mot_cell cells[MOT_RECORD_N_KEYS], const char *key);

/* The verdict in words ("Dull opening", "Lively opening") and its CSS
 * class ("dull", "lively"); "Not analysed" / "failed" for a failed file. */
const char *mot_html_verdict(const mot_file_result *r);
const char *mot_html_verdict_class(const mot_file_result *r);

/* As mot_record_next_reason(), and *reason gets the bit of the code
 * returned (0 at the end). */
const char *mot_html_next_reason(unsigned reasons, unsigned *bit, unsigned *reason);

/* A reason bit's heading in plain words ("Flat pitch"), or NULL. */
const char *mot_html_reason_title(unsigned reason);

/* --- the features the model judges (report_model.c) --------------------- */

typedef struct mot_report_feature {
    const char *key;     /* summary / model name, e.g. "f0_iqr_st" */
    const char *label;   /* "Pitch movement" */
    const char *meaning; /* one line for a newcomer */
    const char *unit;    /* as shown after the value */
    int decimals;        /* shown with these, when the record leaves it out */
    double axis_max;     /* bars run from 0 to this */
} mot_report_feature;

#define MOT_REPORT_N_FEATURES 4
extern const mot_report_feature mot_report_features[MOT_REPORT_N_FEATURES];

/* The feature called `key`, or NULL. */
const mot_report_feature *mot_report_feature_named(const char *key);

/* The feature's value in *s (NAN when unknown). */
double mot_report_feature_value(const mot_report_feature *ft, const mot_summary *s);

/* The feature's value in *r as the record writes it (with `decimals` for a
 * feature the record leaves out), into buf; "" when unknown. */
void mot_report_feature_text(const mot_report_feature *ft, const mot_file_result *r,
                             char *buf, size_t size);

/* The rule behind a reason: the reason fires when the feature lies above
 * (above = 1) or below `value`. */
typedef struct mot_report_rule {
    unsigned reason;
    const char *feature; /* key of mot_report_features */
    int above;
    double value;
} mot_report_rule;

/* The rules of `model` that bound feature `ft` (at most 2: a low and a
 * high one), into out; returns how many. Only rules the model is seen to
 * apply are returned. */
size_t mot_report_rules_for(const mot_model *model, const mot_report_feature *ft,
                            mot_report_rule out[2]);

/* The rule of one reason bit, or 0 when the model is not seen to apply it. */
int mot_report_rule_of(const mot_model *model, unsigned reason, mot_report_rule *out);

#endif
