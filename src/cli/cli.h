/* What the subcommands of the mot program share. Each mot_cmd_X(argc, argv)
 * takes argv[0] = "mot X" and returns a MOT_EXIT_ code. */
#ifndef MOT_CLI_H
#define MOT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "mot/config.h"
#include "mot/model.h"

enum { MOT_EXIT_OK = 0, MOT_EXIT_FAILURE = 1, MOT_EXIT_USAGE = 2 };

/* Most --jobs a batch command takes (worker threads). */
#define MOT_CLI_MAX_JOBS 256
#define MOT_CLI_MAX_JOBS_TEXT "1..256"

int mot_cmd_analyze(int argc, char **argv);
int mot_cmd_pitch(int argc, char **argv);
int mot_cmd_report(int argc, char **argv);
int mot_cmd_live(int argc, char **argv);
int mot_cmd_devices(int argc, char **argv);
int mot_cmd_play(int argc, char **argv);
int mot_cmd_practice(int argc, char **argv);
int mot_cmd_serve(int argc, char **argv);
int mot_cmd_send(int argc, char **argv);

/* Option values. Each returns 0 and sets *out, or -1 when `s` is not
 * wholly such a value. */
int mot_cli_channel(const char *s, int *out); /* "0", "1", ... or "mix" */
int mot_cli_double(const char *s, double *out); /* finite */
int mot_cli_long(const char *s, long lo, long hi, long *out);

/* "prog: <option> wants <want>, not '<value>'" on stderr; returns
 * MOT_EXIT_USAGE. */
int mot_cli_bad_value(const char *prog, const char *option, const char *want,
                      const char *value);

/* After --window: bring cfg->provisional_s within the window and check the
 * config. Returns 0, or MOT_EXIT_USAGE after saying what is wrong. */
int mot_cli_check_window(const char *prog, mot_config *cfg);

/* The model at `path`, or the built-in one when `path` is NULL, into *out.
 * Returns 0, or -1 after saying on stderr why it could not be loaded. */
int mot_cli_load_model(const char *prog, const char *path, mot_model **out);

/* "<what> <path>: <strerror(errno)>" into why (NUL-terminated). */
void mot_cli_errno(char *why, size_t why_size, const char *what, const char *path);

/* "prog: <fmt...>\n" on f, with control characters (a newline in a file
 * name) shown as '?', so that one message stays one line. */
__attribute__((format(printf, 3, 4)))
void mot_cli_message(FILE *f, const char *prog, const char *fmt, ...);

#endif
