/* mot send: replay a recorded call to an AudioSocket server. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/serve_client.h"
#include "io/source.h"

static const char usage_text[] =
    "usage: mot send [OPTIONS] FILE --to HOST:PORT\n"
    "\n"
    "Replay a recorded call to an AudioSocket server (mot serve, or anything that\n"
    "takes Asterisk's AudioSocket() stream): a UUID message, the audio as 8 kHz\n"
    "16-bit mono in 20 ms messages, then a hangup. FILE is anything libsndfile\n"
    "reads; other rates are converted. Waits until the server has closed the\n"
    "call, then prints the call's UUID on stdout (and what was sent on stderr).\n"
    "\n"
    "  -t, --to HOST:PORT    the server (required)\n"
    "  -s, --speed X         1 = real time (default), 2 = twice as fast,\n"
    "                        0 = as fast as the connection takes it\n"
    "  -u, --uuid UUID       the call's UUID (default: a random one)\n"
    "  -c, --channel N|mix   channel of FILE to send, from 0, or the mean of all (default 0)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 sent; 1 the file or the connection failed; 2 bad usage.\n";

int mot_cmd_send(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"to", required_argument, NULL, 't'},
        {"speed", required_argument, NULL, 's'},
        {"uuid", required_argument, NULL, 'u'},
        {"channel", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *prog = argv[0];
    mot_send_options o = {.channel = 0, .speed = 1.0};
    mot_send_stats stats;
    char detail[512], uuid_text[MOT_AS_UUID_TEXT];
    int have_uuid = 0, c;
    mot_status st;

    optind = 1;
    while ((c = getopt_long(argc, argv, "t:s:u:c:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 't':
            o.to = optarg;
            break;
        case 's':
            if (mot_cli_double(optarg, &o.speed) != 0 || o.speed < 0 || o.speed > 1000) {
                mot_cli_message(stderr, prog, "--speed wants 0..1000, not '%s'", optarg);
                return MOT_EXIT_USAGE;
            }
            break;
        case 'u':
            if (mot_as_uuid_parse(optarg, o.uuid) != 0) {
                mot_cli_message(stderr, prog,
                                "--uuid wants xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, not '%s'",
                                optarg);
                return MOT_EXIT_USAGE;
            }
            have_uuid = 1;
            break;
        case 'c':
            if (mot_cli_channel(optarg, &o.channel) != 0)
                return mot_cli_bad_value(prog, "--channel", "a number from 0 or 'mix'", optarg);
            break;
        case 'h':
            fputs(usage_text, stdout);
            return MOT_EXIT_OK;
        default:
            fputs(usage_text, stderr);
            return MOT_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || !o.to) {
        mot_cli_message(stderr, prog, "%s", optind != argc - 1 ? "give exactly one FILE"
                                                               : "--to HOST:PORT is required");
        fputs(usage_text, stderr);
        return MOT_EXIT_USAGE;
    }
    o.path = argv[optind];
    if (!have_uuid && mot_as_uuid_random(o.uuid) != 0) {
        mot_cli_message(stderr, prog, "cannot read /dev/urandom for a UUID");
        return MOT_EXIT_FAILURE;
    }
    mot_as_uuid_text(o.uuid, uuid_text);
    st = mot_send_file(&o, &stats, detail, sizeof detail);
    if (st != MOT_OK) {
        mot_cli_message(stderr, prog, "%s: %s", o.path, detail[0] ? detail : mot_strerror(st));
        return MOT_EXIT_FAILURE;
    }
    mot_cli_message(stderr, prog, "call %s: %.2f s of audio in %zu messages, sent in %.2f s",
                    uuid_text, stats.audio_s, stats.n_messages, stats.wall_s);
    printf("%s\n", uuid_text);
    return fflush(stdout) == 0 ? MOT_EXIT_OK : MOT_EXIT_FAILURE;
}
