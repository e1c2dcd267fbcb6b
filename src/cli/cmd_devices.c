/* mot devices: the PortAudio input devices `mot live --device` can open. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/capture.h"

static const char usage_text[] =
    "usage: mot devices\n"
    "\n"
    "List the sound-card inputs PortAudio can record from, one per line: the\n"
    "number and name 'mot live --device' accepts, the host API, the number of\n"
    "input channels and the default sample rate. '*' marks the default input.\n"
    "\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 devices listed; 1 PortAudio failed or found no input device.\n";

int mot_cmd_devices(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *prog = argv[0];
    mot_capture_device dev;
    char why[512];
    int name_width = 4, api_width = 8, n_inputs = 0, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage_text, stdout);
            return MOT_EXIT_OK;
        }
        fputs(usage_text, stderr);
        return MOT_EXIT_USAGE;
    }
    if (optind < argc) {
        mot_cli_message(stderr, prog, "takes no arguments, not '%s'", argv[optind]);
        return MOT_EXIT_USAGE;
    }
    if (mot_capture_init(why, sizeof why) != MOT_OK) {
        mot_cli_message(stderr, prog, "%s", why);
        return MOT_EXIT_FAILURE;
    }
    const int n = mot_capture_n_devices();
    for (int i = 0; i < n; i++) {
        if (!mot_capture_device_get(i, &dev))
            continue;
        n_inputs++;
        if ((int)strlen(dev.name) > name_width)
            name_width = (int)strlen(dev.name);
        if ((int)strlen(dev.host_api) > api_width)
            api_width = (int)strlen(dev.host_api);
    }
    if (n_inputs > 0)
        printf("   # %-*s  %-*s  inputs  default rate\n", name_width, "name", api_width, "host API");
    for (int i = 0; i < n; i++) {
        if (mot_capture_device_get(i, &dev))
            printf("%c %2d %-*s  %-*s  %6d  %g Hz\n", dev.is_default ? '*' : ' ', dev.index,
                   name_width, dev.name, api_width, dev.host_api, dev.max_input_channels,
                   dev.default_rate_hz);
    }
    mot_capture_terminate();
    if (n_inputs == 0) {
        mot_cli_message(stderr, prog, "PortAudio finds no input device");
        return MOT_EXIT_FAILURE;
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? MOT_EXIT_OK : MOT_EXIT_FAILURE;
}
