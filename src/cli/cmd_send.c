/* mot send: replay a recorded call to an AudioSocket server. */
#include <stdio.h>
#include <string.h>
#include <unistd.h> /* optind */

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
    "call (up to 10 s, then warns), then prints the call's UUID on stdout (and\n"
    "what was sent on stderr).\n"
    "\n"
    "  -t, --to HOST:PORT    the server (required)\n"
    "  -s, --speed X         1 = real time (default), 2 = twice as fast,\n"
    "                        0 = as fast as the connection takes it (else 0.01..1000)\n"
    "  -u, --uuid UUID       the call's UUID (default: a random one)\n"
    "  -c, --channel N|mix   channel of FILE to send, from 0, or the mean of all (default 0)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 sent; 1 the file or the connection failed, or the server\n"
    "dropped the call unread (a reset); 2 bad usage.\n";

static void usage(FILE *f)
{
    fputs(usage_text, f);
}

/* A bad --uuid is refused in its turn among the options, as any bad value
 * is; the bytes are taken once all options are in. */
static int check_uuid(const char *text)
{
    unsigned char uuid[MOT_AS_UUID_BYTES];

    return mot_as_uuid_parse(text, uuid);
}

int mot_cmd_send(int argc, char **argv)
{
    const char *prog = argv[0];
    mot_send_options o = {.channel = 0, .speed = 1.0};
    const char *uuid = NULL;
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_STRING("to", 't', &o.to),
        MOT_CLI_OPT_DOUBLE("speed", 's', &o.speed, 0, 1000, "0 or 0.01..1000"),
        MOT_CLI_OPT_CHECKED("uuid", 'u', &uuid, check_uuid, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
        MOT_CLI_OPT_CHANNEL("channel", 'c', &o.channel),
    };
    mot_send_stats stats;
    char detail[512] = "", uuid_text[MOT_AS_UUID_TEXT];
    mot_status st;
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);

    if (rc != MOT_CLI_GO_ON)
        return rc;
    /* Slower than 1/100 of real time would take days a call (and the
     * pacing's arithmetic overflows long before 1e-300). */
    if (o.speed > 0 && o.speed < 0.01) {
        mot_cli_message(stderr, prog, "--speed wants 0 (as fast as it goes) or 0.01..1000");
        return MOT_EXIT_USAGE;
    }
    if (optind != argc - 1 || !o.to) {
        mot_cli_message(stderr, prog, "%s", optind != argc - 1 ? "give exactly one FILE"
                                                               : "--to HOST:PORT is required");
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    o.path = argv[optind];
    if (uuid) {
        mot_as_uuid_parse(uuid, o.uuid); /* check_uuid() has accepted it */
    } else if (mot_as_uuid_random(o.uuid) != 0) {
        mot_cli_message(stderr, prog, "cannot read /dev/urandom for a UUID");
        return MOT_EXIT_FAILURE;
    }
    mot_as_uuid_text(o.uuid, uuid_text);
    st = mot_send_file(&o, &stats, detail, sizeof detail);
    if (st != MOT_OK) {
        mot_cli_message(stderr, prog, "%s: %s", o.path, detail[0] ? detail : mot_strerror(st));
        return MOT_EXIT_FAILURE;
    }
    if (detail[0])
        mot_cli_message(stderr, prog, "%s: warning: %s", o.path, detail);
    mot_cli_message(stderr, prog, "call %s: %.2f s of audio in %zu messages, sent in %.2f s",
                    uuid_text, stats.audio_s, stats.n_messages, stats.wall_s);
    printf("%s\n", uuid_text);
    return fflush(stdout) == 0 ? MOT_EXIT_OK : MOT_EXIT_FAILURE;
}
