/* mot devices: the PortAudio devices `mot live`, `mot practice` (inputs)
 * and `mot play` (outputs, with --output) can open. */
#include <stdio.h>
#include <string.h>
#include <unistd.h> /* optind */

#include "cli/cli.h"
#include "io/device.h"

static const char usage_text[] =
    "usage: mot devices [--output]\n"
    "\n"
    "List the sound-card inputs PortAudio can record from, one per line: the\n"
    "number and name 'mot live --device' and 'mot practice --device' accept,\n"
    "the host API, the number of input channels and the default sample rate.\n"
    "'*' marks the default input.\n"
    "\n"
    "  -o, --output  list the outputs 'mot play --device' can play to instead\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 devices listed; 1 PortAudio failed or found no such device.\n";

static void usage(FILE *f)
{
    fputs(usage_text, f);
}

int mot_cmd_devices(int argc, char **argv)
{
    static const char *const kind[] = {"input", "output"};
    const char *prog = argv[0];
    int outputs = 0;
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_FLAG("output", 'o', &outputs),
    };
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);
    const mot_device_dir dir = outputs ? MOT_DEVICE_OUTPUT : MOT_DEVICE_INPUT;
    mot_device dev;
    char why[512];
    int name_width = 4, api_width = 8, n_found = 0;

    if (rc != MOT_CLI_GO_ON)
        return rc;
    if (optind < argc) {
        mot_cli_message(stderr, prog, "takes no arguments, not '%s'", argv[optind]);
        return MOT_EXIT_USAGE;
    }
    if (mot_audio_init(why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, prog, "%s", why);
        return MOT_EXIT_FAILURE;
    }
    const int n = mot_device_count();
    for (int i = 0; i < n; i++) {
        if (!mot_device_get(i, dir, &dev))
            continue;
        n_found++;
        if ((int)strlen(dev.name) > name_width)
            name_width = (int)strlen(dev.name);
        if ((int)strlen(dev.host_api) > api_width)
            api_width = (int)strlen(dev.host_api);
    }
    if (n_found > 0)
        printf("   # %-*s  %-*s  %ss  default rate\n", name_width, "name", api_width, "host API",
               kind[dir]);
    for (int i = 0; i < n; i++) {
        if (mot_device_get(i, dir, &dev))
            printf("%c %2d %-*s  %-*s  %*d  %g Hz\n", dev.is_default ? '*' : ' ', dev.index,
                   name_width, dev.name, api_width, dev.host_api, (int)strlen(kind[dir]) + 1,
                   dev.max_channels, dev.default_rate_hz);
    }
    mot_audio_terminate();
    if (n_found == 0) {
        mot_cli_message(stderr, prog, "PortAudio finds no %s device", kind[dir]);
        return MOT_EXIT_FAILURE;
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? MOT_EXIT_OK : MOT_EXIT_FAILURE;
}
