/* mot: the command-line front end. main() only dispatches to a subcommand. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "mot/mot.h"

#ifndef MOT_VERSION_STRING
#define MOT_VERSION_STRING MOT_VERSION /* CMake passes the project version */
#endif

typedef struct command {
    const char *name;
    const char *prog; /* argv[0] for the subcommand, so getopt's messages say "mot X" */
    int (*run)(int argc, char **argv); /* NULL: in the front-end module... */
    const char *symbol;                /* ...under this name */
    const char *summary;
} command;

/* A command of the front-end module (see CMakeLists.txt). */
#define FRONTEND(name, summary) {name, "mot " name, NULL, "mot_cmd_" name, summary}

static const command commands[] = {
    {"analyze", "mot analyze", mot_cmd_analyze, NULL,
     "judge call openings, one JSON Lines or CSV record per file"},
    {"pitch", "mot pitch", mot_cmd_pitch, NULL,
     "print one file's pitch track (10 ms frames) as CSV"},
    FRONTEND("serve", "judge many calls at once from Asterisk's AudioSocket, with a live dashboard"),
    {"send", "mot send", mot_cmd_send, NULL, "replay a recorded call to an AudioSocket server"},
    {"report", "mot report", mot_cmd_report, NULL, "explain call openings: HTML pages with plots, audio"},
    FRONTEND("live", "judge call openings live from a sound-card input"),
    FRONTEND("devices", "list the sound-card inputs (or outputs) mot can use"),
    FRONTEND("play", "play a call with its pitch, measures and verdict in step"),
    FRONTEND("practice", "record takes of your opening, judge each, report it"),
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

/* Run a command of the front-end module: MOT_FRONTENDS_FILE beside this
 * binary (the build tree), else where `cmake --install` puts it. */
static int run_frontend(const command *cmd, int argc, char **argv)
{
    char path[PATH_MAX];
    const char *tried[2] = {NULL, MOT_FRONTENDS_INSTALLED};
    void *module = NULL;
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    char *slash = NULL;

    if (n > 0) {
        path[n] = '\0';
        slash = strrchr(path, '/');
    }
    if (slash && (size_t)(slash + 1 - path) + sizeof MOT_FRONTENDS_FILE <= sizeof path) {
        memcpy(slash + 1, MOT_FRONTENDS_FILE, sizeof MOT_FRONTENDS_FILE);
        tried[0] = path;
    }
    for (int i = 0; i < 2 && !module; i++)
        if (tried[i] && access(tried[i], F_OK) == 0)
            module = dlopen(tried[i], RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        const char *why = dlerror();
        mot_cli_message(stderr, cmd->prog, "cannot load the live front ends from %s%s%s: %s",
                        tried[0] ? tried[0] : "", tried[0] ? " or " : "", tried[1],
                        why ? why : "no such file (build it: cmake --build build)");
        return MOT_EXIT_FAILURE;
    }
    int (*run)(int, char **) = (int (*)(int, char **))dlsym(module, cmd->symbol);
    if (!run) {
        mot_cli_message(stderr, cmd->prog, "the front-end module has no %s: rebuild mot",
                        cmd->symbol);
        return MOT_EXIT_FAILURE;
    }
    return run(argc, argv); /* the module stays loaded until exit */
}

static int run(const command *cmd, int argc, char **argv)
{
    return cmd->run ? cmd->run(argc, argv) : run_frontend(cmd, argc, argv);
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
        return run(cmd, 2, help_argv);
    }
    cmd = find(argv[1]);
    if (!cmd) {
        mot_cli_message(stderr, "mot", "unknown command '%s'", argv[1]);
        usage(stderr);
        return MOT_EXIT_USAGE;
    }
    argv[1] = (char *)cmd->prog; /* getopt only reads argv[0] */
    return run(cmd, argc - 1, argv + 1);
}
