/* mot devices: the PortAudio devices `mot live`, `mot practice` (inputs)
 * and `mot play` (outputs, with --output) can open. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

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

int mot_cmd_devices(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"output", no_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char *const kind[] = {"input", "output"};
    const char *prog = argv[0];
    mot_device_dir dir = MOT_DEVICE_INPUT;
    mot_device dev;
    char why[512];
    int name_width = 4, api_width = 8, n_found = 0, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "oh", long_opts, NULL)) != -1) {
        if (c == 'o') {
            dir = MOT_DEVICE_OUTPUT;
            continue;
        }
        fputs(usage_text, c == 'h' ? stdout : stderr);
        return c == 'h' ? MOT_EXIT_OK : MOT_EXIT_USAGE;
    }
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
