/* The terminal side of the front ends that follow audio as it goes (mot
 * live, mot play, mot practice): a block of status lines redrawn in place
 * with plain ANSI sequences (any terminal, over ssh), the lines they share
 * (level meter, pitch, features, verdict and reasons), keys read from a
 * terminal in raw mode, and stop signals taken by polling rather than by a
 * handler, so that the terminal is always given back. */
#ifndef MOT_CLI_MONITOR_H
#define MOT_CLI_MONITOR_H

#include <signal.h>
#include <stddef.h>
#include <termios.h>
#include <time.h>

#include "mot/engine.h"
#include "mot/model.h"
#include "mot/summary.h"

/* ---- text ---------------------------------------------------------------- */

/* `v` with `decimals` and a unit ("182 Hz"), or "-- Hz" when not finite. */
const char *mot_text_num(char *buf, size_t size, double v, int decimals, const char *unit);

/* "mm:ss.t" */
const char *mot_text_clock(char *buf, size_t size, double t_s);

/* "DULL, score 0.81: flat pitch, flat energy" */
const char *mot_text_verdict(char *buf, size_t size, const mot_summary *s);

/* ---- a block redrawn in place -------------------------------------------- */

/* One frame of terminal output, written in one go. Lines never wrap and
 * never outnumber the terminal's rows, so that the next frame can move the
 * cursor back exactly over this one. */
typedef struct mot_screen {
    char text[16384];
    size_t len;
    int width;     /* columns a line may fill */
    int lines;     /* lines of the block in text */
    int max_lines; /* lines it may hold */
    int plain;     /* for a file or pipe: no escape sequences */
} mot_screen;

/* Start a frame over the `old_lines` lines of the block drawn last (0: none
 * yet), sized to the terminal on standard output. `log` (NULL: none) is one
 * line put first: it stays above the block, in the terminal's scrollback. */
void mot_screen_begin(mot_screen *s, int old_lines, const char *log);

/* Start a frame for a file or pipe instead: no escape sequences, lines
 * neither cut nor wrapped. */
void mot_screen_begin_plain(mot_screen *s);

/* Add one line, cut to the width. */
__attribute__((format(printf, 2, 3)))
void mot_screen_put(mot_screen *s, const char *fmt, ...);

/* `text` after `lead`, wrapped at spaces and indented under its first line. */
void mot_screen_wrapped(mot_screen *s, const char *lead, const char *text);

/* Write the frame to standard output, clear what is below it, flush.
 * Returns the lines of the block, for the next mot_screen_begin(). */
int mot_screen_show(mot_screen *s);

/* Show (1) or hide (0) the cursor on standard output. */
void mot_screen_cursor(int visible);

/* ---- shared lines ---------------------------------------------------------- */

/* Level of audio since the meter was last drawn. Zero it to start. */
typedef struct mot_meter {
    double sum2;
    size_t n;
    float peak;
    int drawn;                   /* level_dbfs and peak_dbfs are set */
    double level_dbfs, peak_dbfs;
} mot_meter;

void mot_meter_add(mot_meter *m, const float *x, size_t n);

/* "level  -23.4 dBFS [#####     ] peak -12.0 dBFS", from the samples added
 * since the last call (the previous level when there are none). */
void mot_screen_level(mot_screen *s, mot_meter *m);

/* "pitch  182 Hz   speech": the latest frame, the latest voiced one (all
 * zero: none), and the run of non-speech up to the frame, s. */
void mot_screen_pitch(mot_screen *s, const mot_frame *frame, const mot_frame *voiced,
                      double silence_s);

/* The running features: F0, energy and pace lines. */
void mot_screen_features(mot_screen *s, const mot_summary *sum);

/* "final    at 00:14.4: DULL, score 0.81: flat pitch" */
void mot_screen_verdict(mot_screen *s, const char *label, double at_s, const mot_summary *sum);

/* Each reason of `reasons` in the model's words, one wrapped item each. */
void mot_screen_reasons(mot_screen *s, const mot_model *model, unsigned reasons);

/* ---- keys ------------------------------------------------------------------ */

typedef enum mot_key {
    MOT_KEY_NONE = 0,
    MOT_KEY_LEFT = 0x100,
    MOT_KEY_RIGHT,
    MOT_KEY_ENTER
} mot_key;

/* A terminal on standard input, in raw mode while `raw` is 1. */
typedef struct mot_term {
    int raw;
    struct termios saved;
    int esc; /* bytes of an escape sequence read so far */
} mot_term;

/* Put standard input, when it is a terminal, into raw mode (no echo, no
 * line editing, signals still on). Returns 1 when it did. */
int mot_term_raw(mot_term *t);

/* Give the terminal its modes back; safe when it was never made raw. */
void mot_term_restore(mot_term *t);

/* The next key waiting on standard input, or MOT_KEY_NONE after waiting up
 * to `wait_ns` for one (also when standard input is not in raw mode).
 * Printable keys come back as their character; arrows and Enter as
 * MOT_KEY_LEFT, MOT_KEY_RIGHT and MOT_KEY_ENTER. */
int mot_term_key(mot_term *t, long wait_ns);

/* ---- stop signals and redraws -------------------------------------------------- */

/* Block SIGINT, SIGTERM and SIGHUP (and, with `suspend`, SIGTSTP) in this
 * thread, before any other starts, so that every thread inherits the mask
 * and those signals wait for mot_signal_take(). The old mask goes to *old. */
void mot_signal_block(sigset_t *stop, int suspend, sigset_t *old);

/* The blocked signal that arrived within `wait_ns` (0: do not wait), or 0. */
int mot_signal_take(const sigset_t *stop, long wait_ns);

/* Take stop signals that came too late, rather than die of them, and put
 * the old mask back. */
void mot_signal_restore(const sigset_t *stop, const sigset_t *old);

/* Stop this process as Ctrl-Z would (after its SIGTSTP was taken); returns
 * once it is continued. */
void mot_signal_suspend(void);

/* When to redraw a block: every `every_s` seconds of the monotonic clock. */
typedef struct mot_redraw {
    struct timespec t0;
    double every_s, drawn_s;
} mot_redraw;

/* Start the clock; the first mot_redraw_due() is 1. */
void mot_redraw_start(mot_redraw *r, double every_s);

/* 1 (and the clock starts over) once every_s has passed since the last 1. */
int mot_redraw_due(mot_redraw *r);

#endif
