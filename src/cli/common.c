#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
