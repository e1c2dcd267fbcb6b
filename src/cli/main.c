/* mot: the command-line front end. main() only dispatches to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "mot/mot.h"

#ifndef MOT_VERSION_STRING
#define MOT_VERSION_STRING MOT_VERSION /* CMake passes the project version */
#endif

typedef struct command {
    const char *name;
    const char *prog; /* argv[0] for the subcommand, so getopt's messages say "mot X" */
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"analyze", "mot analyze", mot_cmd_analyze,
     "judge call openings, one JSON Lines or CSV record per file"},
    {"pitch", "mot pitch", mot_cmd_pitch,
     "print one file's pitch track (10 ms frames) as CSV"},
    {"serve", "mot serve", mot_cmd_serve,
     "judge many calls at once from Asterisk's AudioSocket, with a live dashboard"},
    {"send", "mot send", mot_cmd_send, "replay a recorded call to an AudioSocket server"},
    {"report", "mot report", mot_cmd_report, "explain call openings: HTML pages with plots, audio"},
    {"live", "mot live", mot_cmd_live, "judge call openings live from a sound-card input"},
    {"devices", "mot devices", mot_cmd_devices, "list the sound-card inputs (or outputs) mot can use"},
    {"play", "mot play", mot_cmd_play, "play a call with its pitch, measures and verdict in step"},
    {"practice", "mot practice", mot_cmd_practice, "record takes of your opening, judge each, report it"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fputs("usage: mot COMMAND [OPTIONS] [ARGS]\n"
          "       mot help COMMAND | mot --help | mot --version\n\ncommands:\n", f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'mot COMMAND --help' describes a command's options.\n", f);
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    const command *cmd;

    if (argc < 2) {
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("mot %s\n", MOT_VERSION_STRING);
        return MOT_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        (strcmp(argv[1], "help") == 0 && argc == 2)) {
        usage(stdout);
        return MOT_EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        /* "mot help X" is "mot X --help". */
        char help[] = "--help";
        char *help_argv[] = {argv[2], help, NULL};
        cmd = find(argv[2]);
        if (argc > 3 || !cmd) {
            usage(stderr);
            return MOT_EXIT_USAGE;
        }
        help_argv[0] = (char *)cmd->prog;
        return cmd->run(2, help_argv);
    }
    cmd = find(argv[1]);
    if (!cmd) {
        mot_cli_message(stderr, "mot", "unknown command '%s'", argv[1]);
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    argv[1] = (char *)cmd->prog; /* getopt only reads argv[0] */
    return cmd->run(argc - 1, argv + 1);
}
