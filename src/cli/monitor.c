#include "cli/monitor.h"

#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "io/record.h"

#define METER_FLOOR_DBFS (-60.0)
#define METER_WIDTH 40
#define FLOOR_DBFS (-120.0)

/* ---- text ---------------------------------------------------------------- */

const char *mot_text_num(char *buf, size_t size, double v, int decimals, const char *unit)
{
    if (isfinite(v))
        snprintf(buf, size, "%.*f%s%s", decimals, v, unit[0] ? " " : "", unit);
    else
        snprintf(buf, size, "--%s%s", unit[0] ? " " : "", unit);
    return buf;
}

const char *mot_text_clock(char *buf, size_t size, double t_s)
{
    const long tenths = lround(t_s * 10);
    snprintf(buf, size, "%02ld:%02ld.%ld", tenths / 600, tenths / 10 % 60, tenths % 10);
    return buf;
}

const char *mot_text_verdict(char *buf, size_t size, const mot_summary *s)
{
    const char *code, *sep = ": ";
    size_t n = (size_t)snprintf(buf, size, "%s, score %.2f", s->dull ? "DULL" : "not dull",
                                s->dull_score);

    for (unsigned bit = 0; n < size && (code = mot_record_next_reason(s->reasons, &bit)); sep = ", ")
        n += (size_t)snprintf(buf + n, size - n, "%s%s", sep, code);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
    return buf;
}

/* ---- a block redrawn in place -------------------------------------------- */

void mot_screen_begin(mot_screen *s, int old_lines, const char *log)
{
    struct winsize ws;
    int rows = 24;

    s->width = 80;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        s->width = ws.ws_col;
        rows = ws.ws_row;
    }
    /* The last column would wrap on some terminals. */
    s->width--;
    s->plain = 0;
    s->len = 0;
    if (old_lines > 0)
        s->len = (size_t)snprintf(s->text, sizeof s->text, "\r\033[%dA", old_lines);
    /* The log line goes whole (the terminal wraps it) to the scrollback,
     * above the block: the block's own lines are cut to the width instead,
     * so that it always redraws over itself. */
    if (log)
        s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "%s\033[K\n", log);
    if (s->len >= sizeof s->text)
        s->len = sizeof s->text - 1; /* cut, as the block's lines would be */
    s->lines = 0;
    s->max_lines = rows - 1;
}

void mot_screen_begin_plain(mot_screen *s)
{
    s->len = 0;
    s->lines = 0;
    s->max_lines = 1000;
    s->width = 1000;
    s->plain = 1;
}

void mot_screen_put(mot_screen *s, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > s->width)
        n = s->width;
    if (n < 0 || s->lines >= s->max_lines || s->len + (size_t)n + 8 > sizeof s->text)
        return;
    /* Erase what an older, longer line left behind. */
    s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "%.*s%s\n", n, line,
                               s->plain ? "" : "\033[K");
    s->lines++;
}

void mot_screen_wrapped(mot_screen *s, const char *lead, const char *text)
{
    const int indent = (int)strlen(lead), room = s->width - indent > 20 ? s->width - indent : 20;

    for (int first = 1; *text; first = 0) {
        int n = (int)strlen(text);
        if (n > room) {
            n = room;
            while (n > 0 && text[n] != ' ')
                n--;
            if (n == 0)
                n = room;
        }
        mot_screen_put(s, "%-*s%.*s", indent, first ? lead : "", n, text);
        text += n;
        while (*text == ' ')
            text++;
    }
}

int mot_screen_show(mot_screen *s)
{
    fwrite(s->text, 1, s->len, stdout);
    if (!s->plain)
        fputs("\033[J", stdout);
    fflush(stdout);
    return s->lines;
}

void mot_screen_cursor(int visible)
{
    fputs(visible ? "\033[?25h" : "\033[?25l", stdout);
    fflush(stdout);
}

/* ---- shared lines ---------------------------------------------------------- */

static double dbfs(double mean_square)
{
    return mean_square > 1e-12 ? 10 * log10(mean_square) : FLOOR_DBFS;
}

void mot_meter_add(mot_meter *m, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        m->sum2 += (double)x[i] * x[i];
        if (fabsf(x[i]) > m->peak)
            m->peak = fabsf(x[i]);
    }
    m->n += n;
}

void mot_screen_level(mot_screen *s, mot_meter *m)
{
    int filled;

    if (m->n > 0) {
        m->level_dbfs = dbfs(m->sum2 / (double)m->n);
        m->peak_dbfs = dbfs((double)m->peak * m->peak);
        m->drawn = 1;
        m->sum2 = 0;
        m->n = 0;
        m->peak = 0;
    } else if (!m->drawn) {
        m->level_dbfs = m->peak_dbfs = FLOOR_DBFS;
    }
    filled = (int)lround(METER_WIDTH * (m->level_dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS);
    filled = filled < 0 ? 0 : filled > METER_WIDTH ? METER_WIDTH : filled;
    mot_screen_put(s, "level    %6.1f dBFS [%.*s%*s] peak %.1f dBFS", m->level_dbfs, filled,
                   "########################################", METER_WIDTH - filled, "",
                   m->peak_dbfs);
}

void mot_screen_pitch(mot_screen *s, const mot_frame *frame, const mot_frame *voiced,
                      double silence_s)
{
    char a[32], b[64], c[32];

    if (frame->f0_hz > 0 || voiced->f0_hz <= 0)
        b[0] = '\0';
    else
        snprintf(b, sizeof b, " (last voiced %.0f Hz, %.1f s before)", voiced->f0_hz,
                 frame->time_s - voiced->time_s);
    if (frame->speech)
        snprintf(c, sizeof c, "speech");
    else
        snprintf(c, sizeof c, "no speech for %.1f s", silence_s);
    mot_screen_put(s, "pitch    %s%s   %s",
                   mot_text_num(a, sizeof a, frame->f0_hz > 0 ? frame->f0_hz : NAN, 0, "Hz"), b, c);
}

void mot_screen_features(mot_screen *s, const mot_summary *sum)
{
    char a[32], b[32], c[32], d[32];

    mot_screen_put(s, "F0       median %s  spread %s (IQR %s)  range %s",
                   mot_text_num(a, sizeof a, sum->f0_median_hz, 0, "Hz"),
                   mot_text_num(b, sizeof b, sum->f0_sd_st, 2, "st"),
                   mot_text_num(c, sizeof c, sum->f0_iqr_st, 2, "st"),
                   mot_text_num(d, sizeof d, sum->f0_range_st, 2, "st"));
    mot_screen_put(s, "energy   mean %s  spread %s",
                   mot_text_num(a, sizeof a, sum->energy_mean_dbfs, 1, "dBFS"),
                   mot_text_num(b, sizeof b, sum->energy_sd_db, 1, "dB"));
    mot_screen_put(s, "pace     %s syllables/s speaking, %s over the window; pauses %s",
                   mot_text_num(a, sizeof a, sum->articulation_rate_hz, 1, ""),
                   mot_text_num(b, sizeof b, sum->syllable_rate_hz, 1, ""),
                   mot_text_num(c, sizeof c, 100 * sum->pause_ratio, 0, "%"));
}

void mot_screen_verdict(mot_screen *s, const char *label, double at_s, const mot_summary *sum)
{
    char a[32], v[256];

    mot_screen_put(s, "%-8s at %s: %s", label, mot_text_clock(a, sizeof a, at_s),
                   mot_text_verdict(v, sizeof v, sum));
}

void mot_screen_reasons(mot_screen *s, const mot_model *model, unsigned reasons)
{
    for (unsigned bit = 0; bit < MOT_REASON_COUNT; bit++) {
        const char *why = reasons & (1u << bit) ? mot_model_reason_text(model, 1u << bit) : NULL;
        if (why)
            mot_screen_wrapped(s, "  - ", why);
    }
}

/* ---- keys ------------------------------------------------------------------ */

int mot_term_raw(mot_term *t)
{
    struct termios raw;

    t->raw = 0;
    t->esc = 0;
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &t->saved) != 0)
        return 0;
    raw = t->saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    t->raw = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    return t->raw;
}

void mot_term_restore(mot_term *t)
{
    if (t->raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
    t->raw = 0;
}

/* One byte from standard input within `wait_ms`, or -1. */
static int next_byte(int wait_ms)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    unsigned char c;

    if (poll(&p, 1, wait_ms) != 1 || !(p.revents & POLLIN) || read(STDIN_FILENO, &c, 1) != 1)
        return -1;
    return c;
}

int mot_term_key(mot_term *t, long wait_ns)
{
    int c;

    if (!t->raw) {
        nanosleep(&(struct timespec){wait_ns / 1000000000L, wait_ns % 1000000000L}, NULL);
        return MOT_KEY_NONE;
    }
    /* The rest of an escape sequence comes in the same write. */
    for (int wait_ms = (int)(wait_ns / 1000000L); (c = next_byte(wait_ms)) >= 0; wait_ms = 0) {
        if (t->esc == 0 && c == 0x1b) {
            t->esc = 1;
        } else if (t->esc == 1) {
            t->esc = c == '[' || c == 'O' ? 2 : 0;
        } else if (t->esc == 2) {
            /* Parameters (ESC [ 1 ; 5 C) come before the final byte. */
            if ((c >= '0' && c <= '9') || c == ';')
                continue;
            t->esc = 0;
            if (c == 'C' || c == 'D')
                return c == 'C' ? MOT_KEY_RIGHT : MOT_KEY_LEFT;
        } else {
            return c == '\n' || c == '\r' ? MOT_KEY_ENTER : c;
        }
    }
    return MOT_KEY_NONE;
}

/* ---- stop signals and redraws -------------------------------------------------- */

void mot_signal_block(sigset_t *stop, int suspend, sigset_t *old)
{
    sigemptyset(stop);
    sigaddset(stop, SIGINT);
    sigaddset(stop, SIGTERM);
    sigaddset(stop, SIGHUP);
    if (suspend)
        sigaddset(stop, SIGTSTP);
    pthread_sigmask(SIG_BLOCK, stop, old);
}

int mot_signal_take(const sigset_t *stop, long wait_ns)
{
    const struct timespec wait = {wait_ns / 1000000000L, wait_ns % 1000000000L};
    const int sig = sigtimedwait(stop, NULL, &wait);
    return sig > 0 ? sig : 0;
}

void mot_signal_restore(const sigset_t *stop, const sigset_t *old)
{
    while (mot_signal_take(stop, 0))
        ;
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

void mot_signal_suspend(void)
{
    kill(getpid(), SIGSTOP);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

void mot_redraw_start(mot_redraw *r, double every_s)
{
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    r->every_s = every_s;
    r->drawn_s = -every_s;
}

int mot_redraw_due(mot_redraw *r)
{
    const double now_s = seconds_since(&r->t0);

    if (now_s - r->drawn_s < r->every_s)
        return 0;
    r->drawn_s = now_s;
    return 1;
}
