/* A call's page: the verdict, the reasons with coaching tips, where each
 * judged feature stands against the model's thresholds, the plots with the
 * audio, and every measure as `mot analyze` writes it. */
#include <math.h>
#include <string.h>

#include "io/report_impl.h"
#include "io/source.h"
#include "mot/mot.h"

/* The playhead follows the audio (every animation frame while it plays,
 * and on each seek); a click on the plots seeks there. */
static const char page_script[] =
    "(function () {\n"
    "  var audio = document.getElementById('audio');\n"
    "  var svg = document.getElementById('plots');\n"
    "  var head = document.getElementById('playhead');\n"
    "  var span = Math.max(svg.dataset.t1 - svg.dataset.t0, 0.01);\n"
    "  var x0 = +svg.dataset.x0, x1 = +svg.dataset.x1;\n"
    "  var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };\n"
    "  function draw() {\n"
    "    var x = x0 + clamp(audio.currentTime / span, 0, 1) * (x1 - x0);\n"
    "    head.setAttribute('x1', x.toFixed(1));\n"
    "    head.setAttribute('x2', x.toFixed(1));\n"
    "    head.setAttribute('visibility', 'visible');\n"
    "  }\n"
    "  function follow() { draw(); if (!audio.paused) requestAnimationFrame(follow); }\n"
    "  audio.addEventListener('play', function () { requestAnimationFrame(follow); });\n"
    "  ['seeking', 'seeked', 'timeupdate', 'pause'].forEach(function (e) {\n"
    "    audio.addEventListener(e, draw);\n"
    "  });\n"
    "  svg.addEventListener('click', function (ev) {\n"
    "    var p = svg.createSVGPoint();\n"
    "    p.x = ev.clientX; p.y = ev.clientY;\n"
    "    p = p.matrixTransform(svg.getScreenCTM().inverse());\n"
    "    audio.currentTime = clamp((p.x - x0) / (x1 - x0), 0, 1) * span;\n"
    "    draw();\n"
    "  });\n"
    "  document.body.dataset.ready = '1';\n"
    "})();\n";

/* What each record key means, for a reader who has never seen the tool. */
static const struct {
    const char *key, *meaning;
} meanings[] = {
    {"duration_s", "length of the recording, s"},
    {"sample_rate_hz", "sample rate of the recording"},
    {"channels", "channels in the recording"},
    {"channel_used", "channel analysed (a number, or mix)"},
    {"window_start_s", "analysis window start: the first speech, s"},
    {"window_end_s", "analysis window end, s"},
    {"speech_s", "speech inside the window, s"},
    {"f0_median_hz", "median pitch of the voice"},
    {"f0_sd_st", "pitch standard deviation, semitones"},
    {"f0_range_st", "pitch range (5 to 95 %), semitones"},
    {"energy_mean_dbfs", "mean level of voiced speech, dB full scale"},
    {"energy_sd_db", "loudness movement: level standard deviation, dB"},
    {"syllable_rate_hz", "syllables per second of window"},
    {"articulation_rate_hz", "speaking rate: syllables per second of speech"},
    {"pause_ratio", "share of the window without speech"},
    {"dull_score", "the model's score, 0 (lively) to 1 (dull)"},
    {"dull", "the verdict: score at or above the model's threshold"},
    {"reasons", "what made it dull, as codes"},
};

static const char *meaning_of(const char *key)
{
    for (size_t i = 0; i < sizeof meanings / sizeof meanings[0]; i++)
        if (strcmp(meanings[i].key, key) == 0)
            return meanings[i].meaning;
    return NULL;
}

/* A threshold or axis end as a person writes it: 1, 3.5, 0.6. */
static void number(FILE *f, double v)
{
    fprintf(f, "%g", v);
}

static double percent(double v, double max)
{
    return 100.0 * fmin(1.0, fmax(0.0, v / max));
}

static void header(FILE *f, const mot_report_call *c, const mot_cell *cells,
                   const char *index_href)
{
    const mot_file_result *r = c->result;
    const char *ws = mot_html_cell(cells, "window_start_s");
    const char *we = mot_html_cell(cells, "window_end_s");

    fputs("<header>\n<p class=\"kicker\">mot &middot; call opening report", f);
    if (index_href) {
        fputs(" &middot; <a class=\"noprint\" href=\"", f);
        mot_html_text(f, index_href);
        fputs("\">all calls</a>", f);
    }
    fputs("</p>\n<h1 id=\"file\">", f);
    mot_html_text(f, r->file);
    fprintf(f, "</h1>\n<p class=\"meta\">%s s recording &middot; %s Hz &middot; ",
            mot_html_cell(cells, "duration_s") ? mot_html_cell(cells, "duration_s") : "?",
            mot_html_cell(cells, "sample_rate_hz"));
    fprintf(f, "%d channel%s", r->channels, r->channels == 1 ? "" : "s");
    if (r->channel == MOT_CHANNEL_MIX)
        fputs(", mixed", f);
    else
        fprintf(f, ", channel %d analysed", r->channel);
    if (ws && we)
        fprintf(f, " &middot; analysis window %s&ndash;%s s", ws, we);
    fputs("</p>\n</header>\n", f);
}

/* One sentence on the window when it is not the full one. */
static void window_note(FILE *f, const mot_report_call *c)
{
    const mot_summary *s = &c->result->summary;
    const double length_s = s->window_end_s - s->window_start_s;

    if (!isfinite(s->window_start_s))
        fputs(" No speech was found, so no analysis window started.", f);
    else if (length_s < c->cfg->window_s - MOT_HOP_S / 2)
        fprintf(f, " The recording ends %.1f s into the %g s window.", length_s, c->cfg->window_s);
}

static void banner(FILE *f, const mot_report_call *c, const mot_cell *cells)
{
    const mot_summary *s = &c->result->summary;
    const double threshold = mot_model_threshold(c->model);
    unsigned reason;
    int n = 0;

    fprintf(f, "<section class=\"banner %s\" id=\"verdict\" data-dull=\"%s\">\n",
            mot_html_verdict_class(c->result), s->dull ? "true" : "false");
    fprintf(f, "<div class=\"word\" id=\"verdict-word\">%s</div>\n", mot_html_verdict(c->result));
    fprintf(f, "<div class=\"score\">dull score <b id=\"dull-score\">%s</b>\n",
            mot_html_cell(cells, "dull_score"));
    fprintf(f, "<div class=\"scale\" title=\"0 lively, 1 dull\"><span class=\"cut\" "
               "style=\"left:%.1f%%\"></span><span class=\"at\" style=\"left:%.1f%%\"></span>"
               "</div><div class=\"ends\"><span>0 lively</span><span>1 dull</span></div></div>\n",
            percent(threshold, 1.0), percent(s->dull_score, 1.0));
    fputs("<p class=\"why\">The model (", f);
    mot_html_text(f, mot_model_name(c->model));
    fprintf(f, ") calls an opening dull from a score of %.2f. ", threshold);
    for (unsigned bit = 0; mot_html_next_reason(s->reasons, &bit, &reason); n++)
        fprintf(f, "%s%s", n ? ", " : "Flagged: ", mot_html_reason_title(reason));
    fputs(n ? "." : "Nothing flagged.", f);
    window_note(f, c);
    fputs("</p>\n</section>\n", f);
}

/* "Pitch movement was 0.063 st; the model flags it below 1 st." */
static void reason_fact(FILE *f, const mot_report_call *c, unsigned reason)
{
    const mot_report_feature *ft;
    mot_report_rule rule;
    char value[48];

    if (!mot_report_rule_of(c->model, reason, &rule))
        return;
    ft = mot_report_feature_named(rule.feature);
    mot_report_feature_text(ft, c->result, value, sizeof value);
    if (!value[0])
        return;
    fprintf(f, "<p class=\"fact\">%s was <b>%s %s</b>; the model flags it %s ", ft->label,
            value, ft->unit, rule.above ? "above" : "below");
    number(f, rule.value);
    fprintf(f, "%s%s.</p>\n", ft->unit[0] ? " " : "", ft->unit);
}

static void reasons(FILE *f, const mot_report_call *c)
{
    const unsigned set = c->result->summary.reasons;
    const char *code, *text;
    unsigned reason;

    fputs("<section id=\"reasons\">\n<h2>What the caller heard, and what to try</h2>\n", f);
    if (!set)
        fputs("<p class=\"none\">Nothing to flag: pitch movement, loudness movement, speaking "
              "rate and silence all lie inside the model's range.</p>\n",
              f);
    for (unsigned bit = 0; (code = mot_html_next_reason(set, &bit, &reason)) != NULL;) {
        fprintf(f, "<article class=\"reason\" data-code=\"%s\">\n<h3>%s</h3>\n", code,
                mot_html_reason_title(reason));
        reason_fact(f, c, reason);
        text = mot_model_reason_text(c->model, reason);
        if (text) {
            fputs("<p class=\"tip\">", f);
            mot_html_text(f, text);
            fputs("</p>\n", f);
        }
        fputs("</article>\n", f);
    }
    fputs("</section>\n", f);
}

/* One feature's bar: the zones where the model flags it, its thresholds,
 * and a mark at the call's value. Returns 1 when the value is flagged. */
static int gauge_track(FILE *f, const mot_report_call *c, const mot_report_feature *ft,
                       double v)
{
    mot_report_rule rules[2];
    const size_t n = mot_report_rules_for(c->model, ft, rules);
    int bad = 0;

    fputs("<div class=\"track\">", f);
    for (size_t i = 0; i < n; i++) {
        const double at = percent(rules[i].value, ft->axis_max);
        fprintf(f, "<span class=\"zone %s\" style=\"left:%.1f%%;width:%.1f%%\"><i>%s</i></span>",
                rules[i].above ? "hi" : "lo", rules[i].above ? at : 0.0,
                rules[i].above ? 100.0 - at : at, mot_html_reason_title(rules[i].reason));
        fprintf(f, "<span class=\"tick\" style=\"left:%.1f%%\">", at);
        number(f, rules[i].value);
        fputs("</span>", f);
        bad |= (c->result->summary.reasons & rules[i].reason) != 0;
    }
    fputs("<span class=\"tick\" style=\"left:0%\">0</span><span class=\"tick\" "
          "style=\"left:100%\">",
          f);
    number(f, ft->axis_max);
    fputs("</span>", f);
    if (isfinite(v))
        fprintf(f, "<span class=\"mark%s\" style=\"left:%.1f%%\"></span>", bad ? " bad" : "",
                percent(v, ft->axis_max));
    fputs("</div>\n", f);
    return bad;
}

static void standing(FILE *f, const mot_report_call *c)
{
    char value[48];

    fputs("<section id=\"standing\">\n<h2>Where this call stands</h2>\n"
          "<p class=\"hint\">Red: where the model flags the feature. The mark is this call.</p>\n"
          "<div class=\"gauges\">\n",
          f);
    for (size_t i = 0; i < MOT_REPORT_N_FEATURES; i++) {
        const mot_report_feature *ft = &mot_report_features[i];
        const double v = mot_report_feature_value(ft, &c->result->summary);
        fprintf(f, "<div class=\"glabel\"><b>%s</b><span>%s</span></div>\n", ft->label,
                ft->meaning);
        const int bad = gauge_track(f, c, ft, v);
        mot_report_feature_text(ft, c->result, value, sizeof value);
        fprintf(f, "<div class=\"gvalue%s\" data-key=\"%s\">%s %s</div>\n", bad ? " bad" : "",
                ft->key, value[0] ? value : "unknown", value[0] ? ft->unit : "");
    }
    fputs("</div>\n</section>\n", f);
}

static void legend(FILE *f)
{
    fputs("<div class=\"legend\">"
          "<span><i class=\"sw\" style=\"background:#dde8fb\"></i>analysis window</span>"
          "<span><i class=\"sw\" style=\"background:#c9ced6\"></i>no speech</span>"
          "<span><i class=\"sw\" style=\"background:#64748b\"></i>waveform</span>"
          "<span><i class=\"sw line\" style=\"background:#1f5fbf\"></i>pitch (judged)</span>"
          "<span><i class=\"sw line\" style=\"background:#a3acb9\"></i>pitch outside the "
          "window</span>"
          "<span><i class=\"sw line\" style=\"background:#0f766e\"></i>loudness</span>"
          "<span><i class=\"sw dot\" style=\"background:#e8590c\"></i>syllable</span>"
          "<span><i class=\"sw dash\"></i>4 s and window end</span>"
          "<span class=\"noprint\"><i class=\"sw line\" style=\"background:#e11d48\"></i>"
          "playhead</span>"
          "</div>\n",
          f);
}

static void listen(FILE *f, const mot_report_call *c)
{
    const double t1 = c->t0_s + (double)c->n_frames * MOT_HOP_S;

    fputs("<section id=\"listen\">\n<h2>Listen and look</h2>\n<div class=\"player\">"
          "<audio id=\"audio\" controls preload=\"auto\" src=\"data:audio/wav;base64,",
          f);
    mot_html_base64(f, c->wav, c->wav_len);
    fprintf(f, "\"></audio>\n<p class=\"hint\">Plays %.2f&ndash;%.2f s of the recording", c->t0_s,
            t1);
    if (isfinite(c->result->summary.window_start_s))
        fprintf(f, ": the window and up to %g s either side", MOT_REPORT_CONTEXT_S);
    fputs(". Click a plot to jump there.</p></div>\n", f);
    legend(f);
    mot_report_plots_write(f, c);
    fputs("</section>\n", f);
}

static void record_value(FILE *f, const mot_cell *cell)
{
    const char *code;
    int n = 0;

    switch (cell->kind) {
    case MOT_CELL_NUMBER:
    case MOT_CELL_STRING:
        mot_html_text(f, cell->text);
        break;
    case MOT_CELL_BOOL:
        fputs(cell->flag ? "true" : "false", f);
        break;
    case MOT_CELL_REASONS:
        for (unsigned bit = 0; (code = mot_record_next_reason(cell->reasons, &bit)); n++)
            fprintf(f, "%s%s", n ? ", " : "", code);
        if (!n)
            fputs("none", f);
        break;
    case MOT_CELL_ABSENT:
    case MOT_CELL_NULL:
        fputs("null", f);
        break;
    }
}

static void measures(FILE *f, const mot_cell *cells)
{
    fputs("<section id=\"measures\">\n<h2>All measures</h2>\n<p class=\"hint\">As "
          "<code>mot analyze</code> writes them for this file.</p>\n<table id=\"record\">\n"
          "<tr><th>key</th><th class=\"num\">value</th><th>meaning</th></tr>\n",
          f);
    for (size_t i = 0; i < MOT_RECORD_N_KEYS; i++) {
        const char *meaning = meaning_of(cells[i].key);
        if (!meaning)
            continue; /* file (the heading) and error (never on a page) */
        fprintf(f, "<tr data-key=\"%s\"><td><code>%s</code></td><td class=\"num\">",
                cells[i].key, cells[i].key);
        record_value(f, &cells[i]);
        fprintf(f, "</td><td>%s</td></tr>\n", meaning);
    }
    fputs("</table>\n</section>\n", f);
}

void mot_report_page_write(FILE *f, const mot_report_call *c, const char *index_href)
{
    mot_cell cells[MOT_RECORD_N_KEYS];
    char title[512];

    mot_record_cells(c->result, cells);
    snprintf(title, sizeof title, "%s: %s", mot_html_verdict(c->result), c->result->file);
    mot_html_begin(f, title, "call");
    header(f, c, cells, index_href);
    banner(f, c, cells);
    reasons(f, c);
    standing(f, c);
    listen(f, c);
    measures(f, cells);
    fprintf(f, "<footer>Made by mot %s with the model ", MOT_VERSION);
    mot_html_text(f, mot_model_name(c->model));
    fputs(". The plots and the audio are in this one file; it needs no network.</footer>\n", f);
    mot_html_end(f, page_script);
}
