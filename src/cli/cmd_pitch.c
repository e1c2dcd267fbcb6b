/* mot pitch: the pitch track of one whole file as CSV on stdout. */
#include <math.h>
#include <stdio.h>
#include <unistd.h> /* optind */

#include "cli/cli.h"
#include "io/analyze.h"
#include "io/source.h"

static const char usage_text[] =
    "usage: mot pitch [--channel N|mix] FILE\n"
    "\n"
    "Print the pitch track of the whole FILE as CSV on stdout, one row per\n"
    "10 ms frame: time_s (frame centre), f0_hz (0 when unvoiced), voicing (0..1).\n"
    "\n"
    "  -c, --channel N|mix  channel to analyse, from 0, or the mean of all (default 0)\n"
    "  -h, --help           show this help\n";

static void usage(FILE *f)
{
    fputs(usage_text, f);
}

typedef struct pitch_opts {
    mot_config cfg;
    int channel;
    const char *file;
} pitch_opts;

/* The engine promises finite values; CSV must never say "nan" even if not. */
static float finite_or_zero(float v)
{
    return isfinite(v) ? v : 0.0f;
}

typedef struct pitch_csv {
    FILE *out;
    int started; /* header written */
} pitch_csv;

/* The header waits for the first frame, so that a file that cannot be
 * opened leaves stdout empty. */
static void print_header(pitch_csv *csv)
{
    if (!csv->started)
        fputs("time_s,f0_hz,voicing\n", csv->out);
    csv->started = 1;
}

/* Every frame of the file: never asks to stop. */
static int print_frames(void *ctx, const mot_frame *frames, size_t n_frames)
{
    pitch_csv *csv = ctx;
    FILE *out = csv->out;

    print_header(csv);
    for (size_t i = 0; i < n_frames; i++)
        fprintf(out, "%.3f,%.2f,%.3f\n", frames[i].time_s,
                finite_or_zero(frames[i].f0_hz), finite_or_zero(frames[i].voicing));
    return 0;
}

int mot_cmd_pitch(int argc, char **argv)
{
    const char *prog = argv[0];
    pitch_opts o = {.channel = 0};
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_CHANNEL("channel", 'c', &o.channel),
    };
    mot_analyzer *an = NULL;
    mot_file_result result;
    pitch_csv csv = {.out = stdout};
    char why[256];
    mot_status st;
    int rc;

    mot_config_default(&o.cfg);
    rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);
    if (rc != MOT_CLI_GO_ON)
        return rc;
    if (argc - optind != 1) {
        mot_cli_message(stderr, prog, "expected exactly one FILE");
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    o.file = argv[optind];
    rc = MOT_EXIT_FAILURE;

    st = mot_analyzer_new(&o.cfg, NULL, o.channel, &an);
    if (st != MOT_OK) {
        mot_cli_message(stderr, prog, "%s", mot_strerror(st));
        goto done;
    }
    /* With a frame callback the analyzer reads to the end of the file, past
     * the analysis window. */
    if (mot_analyzer_run(an, o.file, print_frames, &csv, &result) != MOT_OK) {
        mot_cli_message(stderr, prog, "%s", result.error);
        goto done;
    }
    print_header(&csv); /* a file too short for one frame: header only */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        mot_cli_errno(why, sizeof why, "cannot write", "standard output");
        mot_cli_message(stderr, prog, "%s", why);
        goto done;
    }
    rc = MOT_EXIT_OK;
done:
    mot_analyzer_free(an);
    return rc;
}
