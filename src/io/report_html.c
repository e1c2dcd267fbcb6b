/* What the call pages and the index share: escaping, base64, the style
 * sheet, and the verdict and reasons in words. */
#include <string.h>

#include "io/report_impl.h"
#include "mot/summary.h"

/* One style sheet for the call pages and the index: readable on screen,
 * and on paper (no player, no page break inside a figure, colours kept). */
static const char style[] =
    ":root{--ink:#1d232b;--muted:#5b6573;--line:#d9dee5;--dull:#b42318;--lively:#1a7f37;"
    "--failed:#6b7280;--accent:#1f5fbf}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    "color:var(--ink);background:#eef1f4}\n"
    "main{max-width:1060px;margin:0 auto;padding:22px 32px 36px;background:#fff;min-height:100vh}\n"
    "a{color:var(--accent)}\n"
    ".kicker{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted);"
    "margin:0}\n"
    "h1{font-size:22px;margin:2px 0 4px;overflow-wrap:anywhere}\n"
    ".meta{color:var(--muted);font-size:13px;margin:0}\n"
    "h2{font-size:17px;margin:26px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}\n"
    ".banner{display:flex;flex-wrap:wrap;align-items:center;gap:8px 28px;padding:14px 20px;"
    "border-radius:8px;margin:16px 0 4px;color:#fff}\n"
    ".banner.dull{background:var(--dull)}.banner.lively{background:var(--lively)}"
    ".banner.failed{background:var(--failed)}\n"
    ".banner .word{font-size:26px;font-weight:700;letter-spacing:.01em}\n"
    ".banner .score b{font-size:22px}\n"
    ".banner .why{flex-basis:100%;margin:0;font-size:14px;opacity:.95}\n"
    ".scale{position:relative;width:220px;height:8px;border-radius:4px;"
    "background:linear-gradient(90deg,#7ee2a0,#ffe08a 50%,#ff9b8f);margin-top:4px}\n"
    ".scale .at{position:absolute;top:-4px;width:3px;height:16px;background:#fff;"
    "border:1px solid #1d232b;transform:translateX(-50%)}\n"
    ".scale .cut{position:absolute;top:-2px;height:12px;border-left:2px dashed rgba(0,0,0,.55)}\n"
    ".ends{display:flex;justify-content:space-between;width:220px;font-size:11px;opacity:.9}\n"
    ".reason{border-left:4px solid var(--dull);background:#fdf3f2;padding:8px 14px;margin:10px 0;"
    "border-radius:0 6px 6px 0}\n"
    ".reason h3{margin:0 0 2px;font-size:15px}.reason p{margin:2px 0}\n"
    ".reason .fact{color:#7a1b12}\n"
    ".none{background:#edf7ef;border-left:4px solid var(--lively);padding:8px 14px;"
    "border-radius:0 6px 6px 0}\n"
    ".gauges{display:grid;grid-template-columns:minmax(180px,260px) 1fr 150px;gap:14px 18px;"
    "align-items:center}\n"
    ".glabel b{display:block}.glabel span{color:var(--muted);font-size:12.5px}\n"
    ".track{position:relative;height:14px;border-radius:7px;background:#e3f2e6;"
    "margin:10px 0 18px}\n"
    ".zone{position:absolute;top:0;height:100%;background:#f6c9c4}\n"
    ".zone.lo{border-radius:7px 0 0 7px}.zone.hi{border-radius:0 7px 7px 0}\n"
    ".zone i{position:absolute;top:-17px;font:italic 11.5px/1 system-ui,sans-serif;color:#9b2c1f;"
    "white-space:nowrap}\n"
    ".zone.lo i{left:2px}.zone.hi i{right:2px}\n"
    ".tick{position:absolute;top:17px;font-size:11.5px;color:var(--muted);"
    "transform:translateX(-50%)}\n"
    ".mark{position:absolute;top:-5px;width:6px;height:24px;border-radius:3px;"
    "transform:translateX(-50%);background:var(--lively);border:2px solid #fff;"
    "box-shadow:0 0 0 1px rgba(0,0,0,.35)}\n"
    ".mark.bad{background:var(--dull)}\n"
    ".gvalue{font-variant-numeric:tabular-nums;font-weight:600}.gvalue.bad{color:var(--dull)}\n"
    ".player{display:flex;flex-wrap:wrap;align-items:center;gap:6px 16px}\n"
    ".player audio{width:420px;max-width:100%}.hint{color:var(--muted);font-size:13px;margin:0}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12.5px;color:#374151;"
    "margin:10px 0 2px}\n"
    ".legend span{display:inline-flex;align-items:center;gap:6px}\n"
    ".sw{display:inline-block;width:18px;height:11px;border-radius:2px}\n"
    ".sw.line{height:3px;border-radius:0}.sw.dot{width:10px;height:10px;border-radius:50%}\n"
    ".sw.dash{height:0;border-top:2px dashed #374151;border-radius:0}\n"
    "svg.plots{width:100%;height:auto;display:block;cursor:pointer;"
    "font-family:system-ui,sans-serif}\n"
    "table{border-collapse:collapse;width:100%;font-size:13.5px}\n"
    "th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);"
    "vertical-align:top}\n"
    "th{background:#f3f5f8;font-weight:600}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\n"
    ".pill{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;"
    "font-weight:600}\n"
    ".pill.dull{background:var(--dull)}.pill.lively{background:var(--lively)}"
    ".pill.failed{background:var(--failed)}\n"
    "main.wide{max-width:1400px}\n"
    "table.calls th{cursor:pointer;user-select:none;vertical-align:bottom}\n"
    "table.calls td:nth-child(5){max-width:320px}\n"
    "table.calls th[aria-sort=ascending]::after{content:' \\25B2';font-size:10px}\n"
    "table.calls th[aria-sort=descending]::after{content:' \\25BC';font-size:10px}\n"
    "table.calls tbody tr:hover{background:#f7f9fc}\n"
    "footer{margin-top:28px;color:var(--muted);font-size:12.5px}\n"
    "@media print{body{background:#fff;font-size:12px}main{padding:0;max-width:none}"
    ".player audio,.hint,.noprint{display:none}"
    "section,figure,tr,.reason{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

void mot_html_text(FILE *f, const char *s)
{
    while (*s) {
        const size_t n = mot_utf8_len((const unsigned char *)s);
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            /* The page is UTF-8: a byte of a name that is not shows as
             * U+FFFD, as a browser would, but in a page that validates. */
            if (n)
                fwrite(s, 1, n, f);
            else
                fputs("\xEF\xBF\xBD", f);
        }
        s += n ? n : 1;
    }
}

void mot_html_base64(FILE *f, const unsigned char *data, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char out[4096];
    size_t used = 0;

    for (size_t i = 0; i < n; i += 3) {
        const unsigned long v = (unsigned long)data[i] << 16 |
                                (i + 1 < n ? (unsigned long)data[i + 1] << 8 : 0) |
                                (i + 2 < n ? data[i + 2] : 0);
        out[used++] = digits[v >> 18 & 63];
        out[used++] = digits[v >> 12 & 63];
        out[used++] = i + 1 < n ? digits[v >> 6 & 63] : '=';
        out[used++] = i + 2 < n ? digits[v & 63] : '=';
        if (used == sizeof out) {
            fwrite(out, 1, used, f);
            used = 0;
        }
    }
    fwrite(out, 1, used, f);
}

void mot_html_begin(FILE *f, const char *title, const char *main_class)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"mot\">\n<title>",
          f);
    mot_html_text(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main class=\"%s\">\n", style,
            main_class);
}

void mot_html_end(FILE *f, const char *script)
{
    fputs("</main>\n", f);
    if (script)
        fprintf(f, "<script>\n%s</script>\n", script);
    fputs("</body>\n</html>\n", f);
}

static const mot_cell *cell_named(const mot_cell cells[MOT_RECORD_N_KEYS], const char *key)
{
    for (size_t i = 0; i < MOT_RECORD_N_KEYS; i++)
        if (strcmp(cells[i].key, key) == 0)
            return &cells[i];
    return NULL;
}

const char *mot_html_cell(const mot_cell cells[MOT_RECORD_N_KEYS], const char *key)
{
    const mot_cell *c = cell_named(cells, key);

    return c && (c->kind == MOT_CELL_NUMBER || c->kind == MOT_CELL_STRING) ? c->text : NULL;
}

int mot_html_cell_known(const mot_cell cells[MOT_RECORD_N_KEYS], const char *key)
{
    return cell_named(cells, key) != NULL;
}

const char *mot_html_verdict(const mot_file_result *r)
{
    if (r->status != MOT_OK)
        return "Not analysed";
    return r->summary.dull ? "Dull opening" : "Lively opening";
}

const char *mot_html_verdict_class(const mot_file_result *r)
{
    if (r->status != MOT_OK)
        return "failed";
    return r->summary.dull ? "dull" : "lively";
}

const char *mot_html_next_reason(unsigned reasons, unsigned *bit, unsigned *reason)
{
    const char *code = mot_record_next_reason(reasons, bit);

    /* mot_record_next_reason() leaves *bit one past the reason it returned. */
    *reason = code ? 1u << (*bit - 1) : 0;
    return code;
}

const char *mot_html_reason_title(unsigned reason)
{
    static const char *const titles[MOT_REASON_COUNT] = {
        "Flat pitch", "Flat loudness", "Slow pace", "Rushed pace", "Little speech",
    };

    for (int i = 0; i < MOT_REASON_COUNT; i++)
        if (reason == 1u << i)
            return titles[i];
    return NULL;
}
