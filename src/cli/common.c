#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/source.h"

int mot_cli_load_model(const char *prog, const char *path, mot_model **out)
{
    char why[1024] = "";
    mot_status st = path ? mot_model_load(path, out, why, sizeof why) : mot_model_default(out);
    if (st == MOT_OK)
        return 0;
    mot_cli_message(stderr, prog, "cannot load model %s: %s%s%s", path ? path : "(built in)",
                    mot_strerror(st), why[0] ? ": " : "", why);
    return -1;
}

int mot_cli_bad_value(const char *prog, const char *option, const char *want, const char *value)
{
    mot_cli_message(stderr, prog, "%s wants %s, not '%s'", option, want, value);
    return MOT_EXIT_USAGE;
}

int mot_cli_check_window(const char *prog, mot_config *cfg)
{
    char detail[256];

    /* The provisional verdict cannot come after the end of the window. */
    if (cfg->provisional_s > cfg->window_s)
        cfg->provisional_s = cfg->window_s;
    if (mot_config_check(cfg, detail, sizeof detail) == MOT_OK)
        return 0;
    mot_cli_message(stderr, prog, "--window %g: %s", cfg->window_s, detail);
    return MOT_EXIT_USAGE;
}

int mot_cli_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int mot_cli_double(const char *s, double *out)
{
    char *end;
    double v;

    /* Decimal only: strtod would also take hex ("0x10"), "inf" and blanks. */
    if (s[strspn(s, "0123456789.+-eE")] != '\0')
        return -1;
    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int mot_cli_channel(const char *s, int *out)
{
    long v;

    if (strcmp(s, "mix") == 0) {
        *out = MOT_CHANNEL_MIX;
        return 0;
    }
    /* libsndfile allows at most 1024 channels. */
    if (mot_cli_long(s, 0, 1023, &v) != 0)
        return -1;
    *out = (int)v;
    return 0;
}

/* The most options a command's table may hold, -h/--help aside. */
#define MAX_OPTIONS 16

/* What getopt_long() returns for an option: its letter, or for one with no
 * letter a number past any letter. No two options may share one, or a
 * shortened long name that fits both (--m: --model or --max-calls?) would
 * be taken for the first instead of being refused as ambiguous. */
static int option_code(const mot_cli_option *opts, size_t i)
{
    return opts[i].letter ? opts[i].letter : UCHAR_MAX + 1 + (int)i;
}

/* Store the argument of one option. Returns MOT_CLI_GO_ON, or
 * MOT_EXIT_USAGE after saying what is wrong with it. */
static int store(const char *prog, const mot_cli_option *o, const char *arg)
{
    char name[64];
    double d;

    switch (o->kind) {
    case MOT_CLI_FLAG:
        *o->to.i = 1;
        return MOT_CLI_GO_ON;
    case MOT_CLI_STRING:
        if (o->check && o->check(arg) != 0)
            break;
        *o->to.s = arg;
        return MOT_CLI_GO_ON;
    case MOT_CLI_DOUBLE:
        if (mot_cli_double(arg, &d) != 0 || d < o->lo || d > o->hi)
            break;
        *o->to.d = d;
        return MOT_CLI_GO_ON;
    case MOT_CLI_LONG:
        if (mot_cli_long(arg, (long)o->lo, (long)o->hi, o->to.l) != 0)
            break;
        return MOT_CLI_GO_ON;
    case MOT_CLI_CHANNEL:
        if (mot_cli_channel(arg, o->to.i) != 0)
            break;
        return MOT_CLI_GO_ON;
    case MOT_CLI_STRINGS:
        if (o->to.list->n == MOT_CLI_MAX_REPEATS)
            break;
        o->to.list->v[o->to.list->n++] = arg;
        return MOT_CLI_GO_ON;
    case MOT_CLI_CHOICE:
        for (int i = 0; o->words[i]; i++) {
            if (strcmp(arg, o->words[i]) == 0) {
                *o->to.i = i;
                return MOT_CLI_GO_ON;
            }
        }
        break;
    }
    snprintf(name, sizeof name, "--%s", o->name);
    return mot_cli_bad_value(prog, name, o->want, arg);
}

int mot_cli_parse(int argc, char **argv, const mot_cli_option *opts, size_t n_opts,
                  void (*usage)(FILE *f))
{
    struct option longs[MAX_OPTIONS + 2];
    char shorts[2 * MAX_OPTIONS + 2];
    size_t len = 0;
    int c, rc;

    if (n_opts > MAX_OPTIONS) {
        mot_cli_message(stderr, argv[0], "more than %d options: raise MAX_OPTIONS", MAX_OPTIONS);
        return MOT_EXIT_FAILURE;
    }
    for (size_t i = 0; i < n_opts; i++) {
        const int has_arg = opts[i].kind == MOT_CLI_FLAG ? no_argument : required_argument;
        longs[i] = (struct option){opts[i].name, has_arg, NULL, option_code(opts, i)};
        if (opts[i].letter) {
            shorts[len++] = opts[i].letter;
            if (has_arg == required_argument)
                shorts[len++] = ':';
        }
    }
    /* --help last, so that getopt's list of the options a shortened name
     * could mean keeps the order of the table. */
    longs[n_opts] = (struct option){"help", no_argument, NULL, 'h'};
    longs[n_opts + 1] = (struct option){NULL, 0, NULL, 0};
    memcpy(shorts + len, "h", 2);

    optind = 1;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        size_t i = 0;
        while (i < n_opts && option_code(opts, i) != c)
            i++;
        if (c == 'h') {
            usage(stdout);
            return MOT_EXIT_OK;
        }
        if (i == n_opts) { /* getopt has said what is wrong */
            usage(stderr);
            return MOT_EXIT_USAGE;
        }
        rc = store(argv[0], &opts[i], optarg);
        if (rc != MOT_CLI_GO_ON)
            return rc;
    }
    return MOT_CLI_GO_ON;
}

void mot_cli_message(FILE *f, const char *prog, const char *fmt, ...)
{
    char text[8192]; /* a PATH_MAX file name and what went wrong with it */
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    for (char *p = text; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(f, "%s: %s\n", prog, text);
}

void mot_cli_errno(char *why, size_t why_size, const char *what, const char *path)
{
    const int err = errno;
    char text[128];

    /* strerror() may share a static buffer between threads. */
    if (strerror_r(err, text, sizeof text) != 0)
        snprintf(text, sizeof text, "error %d", err);
    snprintf(why, why_size, "%s %s: %s", what, path, text);
}

int mot_cli_stderr_is_stdout(void)
{
    struct stat o, e;
    return fstat(STDOUT_FILENO, &o) == 0 && fstat(STDERR_FILENO, &e) == 0 &&
           o.st_dev == e.st_dev && o.st_ino == e.st_ino;
}
