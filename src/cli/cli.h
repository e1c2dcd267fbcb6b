/* What the subcommands of the mot program share. Each mot_cmd_X(argc, argv)
 * takes argv[0] = "mot X" and returns a MOT_EXIT_ code. */
#ifndef MOT_CLI_H
#define MOT_CLI_H

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "mot/config.h"
#include "mot/model.h"

enum { MOT_EXIT_OK = 0, MOT_EXIT_FAILURE = 1, MOT_EXIT_USAGE = 2 };

/* Most --jobs a batch command takes (worker threads). */
#define MOT_CLI_MAX_JOBS 256
#define MOT_CLI_MAX_JOBS_TEXT "1..256"
/* Most --jobs a batch command takes by default. */
#define MOT_CLI_DEFAULT_JOBS_MAX 8

/* The default --jobs: one per processor this process may run on, from 1 to
 * MOT_CLI_DEFAULT_JOBS_MAX. */
long mot_cli_default_jobs(void);

int mot_cmd_analyze(int argc, char **argv);
int mot_cmd_pitch(int argc, char **argv);
int mot_cmd_report(int argc, char **argv);
int mot_cmd_live(int argc, char **argv);
int mot_cmd_devices(int argc, char **argv);
int mot_cmd_play(int argc, char **argv);
int mot_cmd_practice(int argc, char **argv);
int mot_cmd_serve(int argc, char **argv);
int mot_cmd_send(int argc, char **argv);

/* What a parse step returns when the command is to go on: no exit code. */
#define MOT_CLI_GO_ON (-1)

/* What an option's argument must be, and where mot_cli_parse() puts it. */
typedef enum mot_cli_kind {
    MOT_CLI_FLAG,    /* no argument; sets *to.i = 1 */
    MOT_CLI_STRING,  /* *to.s = the argument, if `check` is NULL or returns 0 */
    MOT_CLI_DOUBLE,  /* *to.d = a finite number in lo..hi */
    MOT_CLI_LONG,    /* *to.l = a whole number in lo..hi */
    MOT_CLI_CHANNEL, /* *to.i = a channel from 0, or MOT_CHANNEL_MIX for "mix" */
    MOT_CLI_CHOICE,  /* *to.i = the index of the argument among `words` */
    MOT_CLI_STRINGS, /* appended to *to.list, an option that may be repeated */
} mot_cli_kind;

/* The arguments of a repeatable option, in the order given. */
#define MOT_CLI_MAX_REPEATS 64
typedef struct mot_cli_strings {
    const char *v[MOT_CLI_MAX_REPEATS];
    size_t n;
} mot_cli_strings;

/* One option of a command, made by the MOT_CLI_OPT_ macros below. A
 * command lists its options in a table, a local array of the function that
 * parses, as the rows point at its variables; -h/--help comes with every
 * table. */
typedef struct mot_cli_option {
    const char *name; /* the long name, without "--" */
    char letter;      /* the short name, or 0 for none */
    mot_cli_kind kind;
    union {
        int *i;
        long *l;
        double *d;
        const char **s;
        mot_cli_strings *list;
    } to;
    const char *want; /* what a bad value is told to be, after "--name wants" */
    double lo, hi;    /* inclusive; whole numbers for MOT_CLI_LONG */
    const char *const *words;      /* MOT_CLI_CHOICE: the words, then NULL */
    int (*check)(const char *arg); /* MOT_CLI_STRING: 0 if arg will do */
} mot_cli_option;

/* The rows of a table, one macro a kind: every field is given, and `dest`
 * must point to the type the kind stores. */
#define MOT_CLI_OPT_FLAG(name, letter, dest) \
    {name, letter, MOT_CLI_FLAG, {.i = (dest)}, NULL, 0, 0, NULL, NULL}
#define MOT_CLI_OPT_STRING(name, letter, dest) \
    {name, letter, MOT_CLI_STRING, {.s = (dest)}, NULL, 0, 0, NULL, NULL}
#define MOT_CLI_OPT_STRINGS(name, letter, dest, want) \
    {name, letter, MOT_CLI_STRINGS, {.list = (dest)}, want, 0, 0, NULL, NULL}
#define MOT_CLI_OPT_CHECKED(name, letter, dest, check, want) \
    {name, letter, MOT_CLI_STRING, {.s = (dest)}, want, 0, 0, NULL, check}
#define MOT_CLI_OPT_DOUBLE(name, letter, dest, lo, hi, want) \
    {name, letter, MOT_CLI_DOUBLE, {.d = (dest)}, want, lo, hi, NULL, NULL}
#define MOT_CLI_OPT_LONG(name, letter, dest, lo, hi, want) \
    {name, letter, MOT_CLI_LONG, {.l = (dest)}, want, lo, hi, NULL, NULL}
#define MOT_CLI_OPT_CHANNEL(name, letter, dest) \
    {name, letter, MOT_CLI_CHANNEL, {.i = (dest)}, "a number from 0 or 'mix'", 0, 0, NULL, NULL}
#define MOT_CLI_OPT_CHOICE(name, letter, dest, want, ...) \
    {name, letter, MOT_CLI_CHOICE, {.i = (dest)}, want, 0, 0, \
     (const char *const[]){__VA_ARGS__, NULL}, NULL}

/* --rate of a recording front end: whole Hz (a WAV header, AudioSocket and
 * the devices all take whole numbers). */
#define MOT_CLI_OPT_RATE(dest) \
    MOT_CLI_OPT_LONG("rate", 'r', dest, MOT_INPUT_RATE_MIN_HZ, MOT_INPUT_RATE_MAX_HZ, \
                     "a whole number of Hz, 8000..192000")

/* As lo of a MOT_CLI_DOUBLE: the least number above 0, so that the
 * inclusive range takes any number above 0. */
#define MOT_CLI_ABOVE_0 DBL_TRUE_MIN

/* --window S: any number here; mot_cli_check_window() judges it after
 * parsing, together with the rest of the config. */
#define MOT_CLI_OPT_WINDOW(cfg) \
    MOT_CLI_OPT_DOUBLE("window", 'w', &(cfg)->window_s, -HUGE_VAL, HUGE_VAL, "seconds")

/* Parse the options of argv by the table opts[0..n_opts), as getopt_long()
 * would with the same names, storing each value as its kind says. Stops at
 * the first bad value ("prog: --name wants WANT, not 'ARG'"), unknown
 * option or -h/--help; usage() prints the command's help on the stream
 * given. Returns MOT_CLI_GO_ON with optind (<unistd.h>) at the first
 * operand, MOT_EXIT_OK after --help, or MOT_EXIT_USAGE. */
int mot_cli_parse(int argc, char **argv, const mot_cli_option *opts, size_t n_opts,
                  void (*usage)(FILE *f));

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

/* The files a command reads (its inputs, lists, model), to refuse an output
 * that would overwrite one of them. Start from {0}; names are numbered in
 * the order added, across calls. */
typedef struct mot_cli_file_id mot_cli_file_id;
typedef struct mot_cli_inputs {
    mot_cli_file_id *ids;
    size_t n, n_names;
} mot_cli_inputs;
/* Add n names (NULL entries are counted and skipped). Returns 0, or -1 out
 * of memory. */
int mot_cli_inputs_add(mot_cli_inputs *in, const char *const *names, size_t n);
/* The number of the added name that is the same file as `path` (an existing
 * regular file), or -1. */
long mot_cli_inputs_find(const mot_cli_inputs *in, const char *path);
void mot_cli_inputs_free(mot_cli_inputs *in);

/* "<what> <path>: <strerror(errno)>" into why (NUL-terminated). */
void mot_cli_errno(char *why, size_t why_size, const char *what, const char *path);

/* "prog: <fmt...>\n" on f, with control characters (a newline in a file
 * name) shown as '?', so that one message stays one line. */
__attribute__((format(printf, 3, 4)))
void mot_cli_message(FILE *f, const char *prog, const char *fmt, ...);

/* Whether stderr is the very file stdout is (2>&1): a word on it about an
 * unread stdout would block on the same pipe. */
int mot_cli_stderr_is_stdout(void);

#endif
