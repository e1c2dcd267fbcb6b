/* The plots of a call page: one SVG with three panels on a shared time
 * axis (waveform envelope, pitch in semitones, loudness with the syllable
 * nuclei), the analysis window and the pauses shaded across all of them,
 * the 4 s and window-end marks, and the playhead the page script moves.
 * Coordinates are in a 1000-unit-wide view box; the SVG scales to the page. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/report_impl.h"

#define VIEW_W 1000.0
#define VIEW_H 510.0
#define PLOT_X0 66.0
#define PLOT_X1 984.0
#define PLOTS_TOP 22.0     /* under the labels of the marks */
#define PLOTS_BOTTOM 472.0 /* above the time axis */
#define TITLE_ABOVE 7.0    /* a panel's title baseline, above its top edge */

/* Pitch is drawn in semitones from the call's median, on one scale for
 * every call, so that a flat voice looks flat next to a lively one. */
#define PITCH_RANGE_ST 12.0
/* Loudness shows this many dB under the loudest 10 dB step of the span,
 * but never tops out under ENERGY_TOP_MIN_DBFS (silence stays at the bottom). */
#define ENERGY_RANGE_DB 60.0
#define ENERGY_TOP_MIN_DBFS (-30.0)
/* The waveform is magnified at most this much (20 dB). */
#define WAVE_MAX_GAIN 10.0

typedef struct panel {
    const char *id;
    double top, height; /* view box units */
    double lo, hi;      /* value at the bottom and at the top edge */
} panel;

typedef struct plot {
    FILE *f;
    const mot_report_call *c;
    double t1_s; /* end of the span */
} plot;

static double x_of(const plot *p, double t_s)
{
    return PLOT_X0 + (t_s - p->c->t0_s) / (p->t1_s - p->c->t0_s) * (PLOT_X1 - PLOT_X0);
}

/* The frame's centre, s into the file. */
static double frame_time(const plot *p, size_t j)
{
    return p->c->t0_s + ((double)j + 0.5) * MOT_HOP_S;
}

static double y_of(const panel *pn, double v)
{
    const double u = fmin(1.0, fmax(0.0, (v - pn->lo) / (pn->hi - pn->lo)));
    return pn->top + (1.0 - u) * pn->height;
}

/* v with one decimal, as "%.1f" writes it; returns the end. Paths hold
 * thousands of numbers, and printf's exact conversion is most of a page's
 * formatting time. */
static char *tenths(char *p, double v)
{
    long t = lround(v * 10.0);
    char digits[24];
    int n = 0;

    if (t < 0) {
        *p++ = '-';
        t = -t;
    }
    for (long whole = t / 10; n == 0 || whole > 0; whole /= 10)
        digits[n++] = (char)('0' + whole % 10);
    while (n > 0)
        *p++ = digits[--n];
    *p++ = '.';
    *p++ = (char)('0' + t % 10);
    return p;
}

/* A point of a path: "M x y" starts a run, further points follow it. */
static void path_point(FILE *f, int *in_run, double x, double y)
{
    char text[64], *p = text;

    *p++ = *in_run ? ' ' : 'M';
    p = tenths(p, x);
    *p++ = ' ';
    p = tenths(p, y);
    fwrite(text, 1, (size_t)(p - text), f);
    *in_run = 1;
}

/* A shaded span of a panel, from time a to time b. */
static void band(const plot *p, const panel *pn, double a_s, double b_s)
{
    const double a = fmax(PLOT_X0, x_of(p, a_s)), b = fmin(PLOT_X1, x_of(p, b_s));

    if (b > a)
        fprintf(p->f, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\"/>", a,
                pn->top, b - a, pn->height);
}

/* The analysis window, then the runs of frames without speech (pauses
 * inside the window, silence outside it), behind a panel's data. */
static void shading(const plot *p, const panel *pn)
{
    const mot_report_call *c = p->c;
    const mot_summary *s = &c->result->summary;
    size_t start = 0;

    fputs("<g class=\"window\" fill=\"#dde8fb\">", p->f);
    if (isfinite(s->window_start_s))
        band(p, pn, s->window_start_s, s->window_end_s);
    fputs("</g>\n<g class=\"pauses\" fill=\"#c9ced6\" fill-opacity=\"0.75\">", p->f);
    for (size_t j = 0; j <= c->n_frames; j++) {
        const int quiet = j < c->n_frames && !c->frames[j].speech;
        if (quiet && (j == 0 || c->frames[j - 1].speech))
            start = j;
        if (!quiet && j > 0 && !c->frames[j - 1].speech)
            band(p, pn, frame_time(p, start) - MOT_HOP_S / 2, frame_time(p, j - 1) + MOT_HOP_S / 2);
    }
    fputs("</g>\n", p->f);
}

/* A dashed vertical line across the panels, labelled above them. */
static void mark(const plot *p, const char *id, double t_s, const char *anchor,
                 const char *label)
{
    const double x = x_of(p, t_s);

    if (x < PLOT_X0 || x > PLOT_X1)
        return;
    fprintf(p->f, "<g id=\"%s\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\" "
                  "stroke=\"#374151\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>"
                  "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\" font-size=\"12\" "
                  "fill=\"#374151\">%s</text></g>\n",
            id, x, x, PLOTS_TOP - 4, PLOTS_BOTTOM, x, PLOTS_TOP - 10, anchor, label);
}

static void marks(const plot *p)
{
    const mot_summary *s = &p->c->result->summary;
    const mot_config *cfg = p->c->cfg;
    char label[64];

    if (!isfinite(s->window_start_s))
        return;
    snprintf(label, sizeof label, "speech starts %.2f s", s->window_start_s);
    mark(p, "mark-onset", s->window_start_s, "start", label);
    snprintf(label, sizeof label, "%g s: first impression", cfg->provisional_s);
    if (cfg->provisional_s < cfg->window_s)
        mark(p, "mark-provisional", s->window_start_s + cfg->provisional_s, "middle", label);
    snprintf(label, sizeof label, "%g s: window end", cfg->window_s);
    mark(p, "mark-end", s->window_start_s + cfg->window_s, "end", label);
}

/* A panel's frame, its title, and grid lines with labels at `ticks`. */
static void panel_frame(const plot *p, const panel *pn, const char *title, const double *ticks,
                        const char *const *tick_labels, size_t n_ticks, const char *unit)
{
    FILE *f = p->f;

    fprintf(f, "<g id=\"%s\">\n", pn->id);
    shading(p, pn);
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
               "stroke=\"#b8c0cc\"/>\n",
            PLOT_X0, pn->top, PLOT_X1 - PLOT_X0, pn->height);
    for (size_t i = 0; i < n_ticks; i++) {
        const double y = y_of(pn, ticks[i]);
        fprintf(f, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#8994a3\" "
                   "stroke-opacity=\"0.45\" stroke-width=\"0.8\"/>"
                   "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" "
                   "fill=\"#4b5563\">%s</text>\n",
                PLOT_X0, PLOT_X1, y, y, PLOT_X0 - 5, y + 4, tick_labels[i]);
    }
    fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
               "fill=\"#4b5563\" transform=\"rotate(-90 %.0f %.1f)\">%s</text>\n",
            14.0, pn->top + pn->height / 2, 14.0, pn->top + pn->height / 2, unit);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"12.5\" font-weight=\"600\" "
               "fill=\"#1d232b\" stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\">%s"
               "</text>\n",
            PLOT_X0 + 2, pn->top - TITLE_ABOVE, title);
}

/* Min and max of each frame's samples. The scale follows the span's peak,
 * so that a quiet line still shows its syllables, but gains at most
 * WAVE_MAX_GAIN: a silent recording must not look loud. */
static void waveform(const plot *p, panel *pn)
{
    const mot_report_call *c = p->c;
    const size_t hop = MOT_REPORT_HOP_SAMPLES, n = c->n_frames * hop;
    char top[16], bottom[16];
    const char *labels[] = {top, "0", bottom};
    float peak = 0.0f;
    int in_run = 0;

    for (size_t i = 0; i < n; i++)
        if (fabsf(c->clip[i]) > peak)
            peak = fabsf(c->clip[i]);
    pn->hi = fmax(peak, 1.0 / WAVE_MAX_GAIN);
    pn->lo = -pn->hi;
    const double ticks[] = {pn->hi, 0.0, pn->lo};
    snprintf(top, sizeof top, "%.2f", pn->hi);
    snprintf(bottom, sizeof bottom, "\xe2\x88\x92%.2f", pn->hi);
    panel_frame(p, pn, "Waveform (1 = full scale)", ticks, labels, 3, "amplitude");
    fputs("<path id=\"wave-envelope\" fill=\"#64748b\" stroke=\"#64748b\" "
          "stroke-width=\"0.6\" d=\"",
          p->f);
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < c->n_frames; k++) {
            const size_t j = pass ? c->n_frames - 1 - k : k;
            float lo = 0.0f, hi = 0.0f;
            for (size_t i = j * hop; i < (j + 1) * hop; i++) {
                lo = c->clip[i] < lo ? c->clip[i] : lo;
                hi = c->clip[i] > hi ? c->clip[i] : hi;
            }
            path_point(p->f, &in_run, x_of(p, frame_time(p, j)), y_of(pn, pass ? lo : hi));
        }
    }
    fputs("Z\"/>\n</g>\n", p->f);
}

/* The voiced frames of the window (those the pitch measures count) in
 * blue, other voiced frames in grey; unvoiced frames leave gaps. */
static void pitch_path(const plot *p, const panel *pn, int judged, double median_hz)
{
    const mot_report_call *c = p->c;
    int in_run = 0;

    fprintf(p->f, "<path id=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" "
                  "stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"",
            judged ? "pitch-judged" : "pitch-context", judged ? "#1f5fbf" : "#a3acb9",
            judged ? "2.2" : "1.4");
    for (size_t j = 0; j < c->n_frames; j++) {
        const mot_frame *fr = &c->frames[j];
        if (fr->f0_hz > 0.0f && (fr->in_window != 0) == judged)
            path_point(p->f, &in_run, x_of(p, frame_time(p, j)),
                       y_of(pn, 12.0 * log2(fr->f0_hz / median_hz)));
        else
            in_run = 0;
    }
    fputs("\"/>\n", p->f);
}

static void pitch(const plot *p, const panel *pn)
{
    const double median_hz = p->c->result->summary.f0_median_hz;
    static const double ticks[] = {12.0, 6.0, 0.0, -6.0, -12.0};
    char zero[32];
    const char *labels[] = {"+12", "+6", zero, "\xe2\x88\x92" "6", "\xe2\x88\x92" "12"};

    snprintf(zero, sizeof zero, isfinite(median_hz) ? "%.0f Hz" : "0", median_hz);
    panel_frame(p, pn, "Pitch: semitones from the median, voiced speech only", ticks, labels,
                5, "semitones");
    if (isfinite(median_hz) && median_hz > 0.0) {
        pitch_path(p, pn, 0, median_hz);
        pitch_path(p, pn, 1, median_hz);
    } else {
        fprintf(p->f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"13\" "
                      "fill=\"#4b5563\">no voiced speech</text>\n",
                (PLOT_X0 + PLOT_X1) / 2, pn->top + pn->height / 2);
    }
    fputs("</g>\n", p->f);
}

/* Level of every frame, and a dot on it at each syllable nucleus of the
 * window (the ones the rates count). */
static void loudness(const plot *p, panel *pn)
{
    const mot_report_call *c = p->c;
    float top = -120.0f;
    double ticks[4];
    char text[4][16];
    const char *labels[4];
    int in_run = 0;

    for (size_t j = 0; j < c->n_frames; j++)
        top = fmaxf(top, c->frames[j].vowel_dbfs);
    pn->hi = fmin(0.0, fmax(ENERGY_TOP_MIN_DBFS, ceil(top / 10.0) * 10.0));
    pn->lo = pn->hi - ENERGY_RANGE_DB;
    for (int i = 0; i < 4; i++) {
        ticks[i] = pn->hi - 20.0 * i;
        snprintf(text[i], sizeof text[i], ticks[i] < 0 ? "\xe2\x88\x92%.0f" : "%.0f",
                 fabs(ticks[i]));
        labels[i] = text[i];
    }
    panel_frame(p, pn, "Loudness of the vowels, 300-2000 Hz (dB full scale), and syllables", ticks,
                labels, 4, "dBFS");
    fputs("<path id=\"energy\" fill=\"none\" stroke=\"#0f766e\" stroke-width=\"1.4\" "
          "stroke-linejoin=\"round\" d=\"",
          p->f);
    for (size_t j = 0; j < c->n_frames; j++)
        path_point(p->f, &in_run, x_of(p, frame_time(p, j)), y_of(pn, c->frames[j].vowel_dbfs));
    fputs("\"/>\n<g id=\"nuclei\" fill=\"#e8590c\" stroke=\"#fff\" stroke-width=\"1\">\n", p->f);
    for (size_t j = 0; j < c->n_frames; j++)
        if (c->frames[j].nucleus && c->frames[j].in_window)
            fprintf(p->f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>\n",
                    x_of(p, frame_time(p, j)), y_of(pn, c->frames[j].vowel_dbfs));
    fputs("</g>\n</g>\n", p->f);
}

/* Ticks every 1, 2, 5, 10, 30 or 60 s, the first that gives at most 16. */
static void time_axis(const plot *p)
{
    static const double steps[] = {1.0, 2.0, 5.0, 10.0, 30.0, 60.0};
    const size_t n_steps = sizeof steps / sizeof steps[0];
    const double span = p->t1_s - p->c->t0_s;
    size_t i = 0;

    while (i + 1 < n_steps && span / steps[i] > 16.0)
        i++;
    fputs("<g id=\"time-axis\" font-size=\"11\" fill=\"#4b5563\" text-anchor=\"middle\">\n",
          p->f);
    for (long k = lround(ceil(p->c->t0_s / steps[i])); k * steps[i] <= p->t1_s + 1e-9; k++) {
        const double t = k * steps[i], x = x_of(p, t);
        fprintf(p->f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#4b5563\"/>"
                      "<text x=\"%.1f\" y=\"%.0f\">%g s</text>\n",
                x, x, PLOTS_BOTTOM, PLOTS_BOTTOM + 5, x, PLOTS_BOTTOM + 18, t);
    }
    fprintf(p->f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">time in the recording</text>\n"
                  "</g>\n",
            PLOT_X1, PLOTS_BOTTOM + 34);
}

void mot_report_plots_write(FILE *f, const mot_report_call *c)
{
    const plot p = {f, c, c->t0_s + (double)c->n_frames * MOT_HOP_S};
    panel wave = {"wave", 48.0, 80.0, -1.0, 1.0}; /* scaled in waveform() */
    panel pitch_panel = {"pitch", 156.0, 176.0, -PITCH_RANGE_ST, PITCH_RANGE_ST};
    panel energy = {"loudness", 360.0, 112.0, -ENERGY_RANGE_DB, 0.0};

    fprintf(f, "<svg id=\"plots\" class=\"plots\" viewBox=\"0 0 %.0f %.0f\" "
               "data-t0=\"%.2f\" data-t1=\"%.2f\" data-x0=\"%.0f\" data-x1=\"%.0f\" "
               "data-n-voiced=\"%d\" data-n-nuclei=\"%d\" role=\"img\" "
               "aria-label=\"Waveform, pitch and loudness of the opening over time\">\n",
            VIEW_W, VIEW_H, c->t0_s, p.t1_s, PLOT_X0, PLOT_X1, c->result->summary.n_voiced,
            c->result->summary.n_nuclei);
    if (c->n_frames > 0) {
        waveform(&p, &wave);
        pitch(&p, &pitch_panel);
        loudness(&p, &energy);
        marks(&p);
        time_axis(&p);
    }
    fprintf(f, "<line id=\"playhead\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" "
               "stroke=\"#e11d48\" stroke-width=\"2\" visibility=\"hidden\"/>\n</svg>\n",
            PLOT_X0, PLOT_X0, PLOTS_TOP - 4, PLOTS_BOTTOM);
}
