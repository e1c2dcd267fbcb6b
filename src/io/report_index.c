/* The index of many calls: one sortable table row per call, linking to
 * its page. */
#include <math.h>

#include "io/report.h"
#include "io/report_impl.h"
#include "mot/mot.h"

/* A click on a heading sorts by that column (again: the other way);
 * numeric columns sort by data-v, unknown values last either way. */
static const char index_script[] =
    "(function () {\n"
    "  var table = document.getElementById('calls'), body = table.tBodies[0];\n"
    "  var heads = table.tHead.rows[0].cells;\n"
    "  Array.prototype.forEach.call(heads, function (th, col) {\n"
    "    th.addEventListener('click', function () {\n"
    "      var up = th.getAttribute('aria-sort') !== 'ascending';\n"
    "      var num = th.classList.contains('num');\n"
    "      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });\n"
    "      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');\n"
    "      var key = function (tr) {\n"
    "        var v = tr.cells[col].dataset.v;\n"
    "        return num ? (v === '' ? NaN : +v) : v;\n"
    "      };\n"
    "      var rows = Array.prototype.slice.call(body.rows);\n"
    "      rows.sort(function (a, b) {\n"
    "        var x = key(a), y = key(b);\n"
    "        if (num && (isNaN(x) || isNaN(y))) return isNaN(x) - isNaN(y);\n"
    "        var d = x < y ? -1 : x > y ? 1 : 0;\n"
    "        return up ? d : -d;\n"
    "      });\n"
    "      rows.forEach(function (tr) { body.appendChild(tr); });\n"
    "    });\n"
    "  });\n"
    "  document.body.dataset.ready = '1';\n"
    "})();\n";

/* A numeric cell; `text` "" or NULL when unknown. */
static void number_cell(FILE *f, const char *text)
{
    text = text ? text : "";
    fprintf(f, "<td class=\"num\" data-v=\"%s\">%s</td>", text, text[0] ? text : "&ndash;");
}

static void reasons_cell(FILE *f, const mot_file_result *r)
{
    const char *code;
    unsigned reason;
    int n = 0;

    fputs("<td>", f);
    if (r->status != MOT_OK) {
        mot_html_text(f, r->error);
        fputs("</td>", f);
        return;
    }
    for (unsigned bit = 0; (code = mot_html_next_reason(r->summary.reasons, &bit, &reason));
         n++)
        fprintf(f, "%s<span title=\"%s\">%s</span>", n ? ", " : "", code,
                mot_html_reason_title(reason));
    fputs(n ? "</td>" : "&ndash;</td>", f);
}

static void row(FILE *f, size_t i, const mot_report_entry *e)
{
    const mot_file_result *r = e->result;
    mot_cell cells[MOT_RECORD_N_KEYS];
    char value[48];

    mot_record_cells(r, cells);
    fprintf(f, "<tr><td class=\"num\" data-v=\"%zu\">%zu</td><td data-v=\"", i + 1, i + 1);
    mot_html_text(f, r->file);
    fputs("\">", f);
    if (e->page_href) {
        fputs("<a href=\"", f);
        mot_html_text(f, e->page_href);
        fputs("\">", f);
    }
    mot_html_text(f, r->file);
    fprintf(f, "%s</td><td data-v=\"%s\"><span class=\"pill %s\" title=\"%s\">%s</span></td>",
            e->page_href ? "</a>" : "", mot_html_verdict_class(r), mot_html_verdict_class(r),
            mot_html_verdict(r), mot_html_verdict_class(r));
    number_cell(f, mot_html_cell(cells, "dull_score"));
    reasons_cell(f, r);
    for (size_t k = 0; k < MOT_REPORT_N_FEATURES; k++) {
        mot_report_feature_text(&mot_report_features[k], r, value, sizeof value);
        number_cell(f, value);
    }
    number_cell(f, mot_html_cell(cells, "speech_s"));
    fputs("</tr>\n", f);
}

void mot_report_index_write(FILE *f, const mot_model *model, const mot_report_entry *entries,
                            size_t n)
{
    size_t n_dull = 0, n_failed = 0;
    char title[64];

    for (size_t i = 0; i < n; i++) {
        n_failed += entries[i].result->status != MOT_OK;
        n_dull += entries[i].result->status == MOT_OK && entries[i].result->summary.dull;
    }
    snprintf(title, sizeof title, "Call openings: %zu call%s", n, n == 1 ? "" : "s");
    mot_html_begin(f, title, "wide");
    fprintf(f, "<header>\n<p class=\"kicker\">mot &middot; call openings</p>\n<h1>%zu call%s: "
               "%zu dull, %zu lively%s",
            n, n == 1 ? "" : "s", n_dull, n - n_dull - n_failed, n_failed ? ", " : "");
    if (n_failed)
        fprintf(f, "%zu not analysed", n_failed);
    fputs("</h1>\n<p class=\"meta\">Model ", f);
    mot_html_text(f, mot_model_name(model));
    fprintf(f, ", dull from a score of %.2f. Click a column heading to sort; click a file for "
               "its report.</p>\n</header>\n",
            mot_model_threshold(model));
    fputs("<table class=\"calls\" id=\"calls\">\n<thead><tr><th class=\"num\">#</th>"
          "<th>file</th><th>verdict</th><th class=\"num\">dull score</th><th>reasons</th>",
          f);
    for (size_t k = 0; k < MOT_REPORT_N_FEATURES; k++)
        fprintf(f, "<th class=\"num\" title=\"%s\">%s%s%s%s</th>", mot_report_features[k].meaning,
                mot_report_features[k].label, mot_report_features[k].unit[0] ? " (" : "",
                mot_report_features[k].unit, mot_report_features[k].unit[0] ? ")" : "");
    fputs("<th class=\"num\">speech (s)</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < n; i++)
        row(f, i, &entries[i]);
    fprintf(f, "</tbody>\n</table>\n<footer>Made by mot %s. Each page holds its plots and audio "
               "and needs no network.</footer>\n",
            MOT_VERSION);
    mot_html_end(f, index_script);
}
