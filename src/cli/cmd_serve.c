/* mot serve: judge many calls at once from Asterisk's AudioSocket feed, with
 * a live dashboard. Wiring only: the loop is io/serve.c, the web side
 * io/dashboard.c, what they share io/dashboard_board.c. */
#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/dashboard.h"
#include "io/dashboard_board.h"
#include "io/serve.h"
#include "io/serve_net.h"
#include "mot/mot.h"

static const char usage_text[] =
    "usage: mot serve [OPTIONS]\n"
    "\n"
    "Judge the openings of many calls at once, as Asterisk streams them over\n"
    "AudioSocket (one connection per call, named by its UUID), and show them on a\n"
    "live dashboard. Each verdict is printed on stdout as a JSON line:\n"
    "{\"event\":\"provisional\"|\"final\",\"call\":UUID,\"time_s\":S, the keys of\n"
    "'mot analyze', \"uuid\", \"start_time\", \"agent\"}; final ones also go to --log.\n"
    "\n"
    "  -a, --audiosocket HOST:PORT  where Asterisk connects (default 127.0.0.1:9092)\n"
    "  -H, --http HOST:PORT         the dashboard and its API (default 127.0.0.1:8092),\n"
    "                               or 'off'\n"
    "  -l, --log FILE               append every final verdict to FILE (JSON Lines)\n"
    "  -m, --model PATH             verdict model (default: the one built in)\n"
    "  -n, --max-calls N            calls at once; more are refused (default 500)\n"
    "  -i, --idle S                 close a call that sends no whole message for S s\n"
    "                               (default 10)\n"
    "  -T, --token-file F           the dashboard and API need the token in F\n"
    "                               (Authorization: Bearer TOKEN, or ?token=TOKEN);\n"
    "                               required to listen beyond the loopback address\n"
    "  -q, --quiet                  no verdict lines on stdout\n"
    "  -h, --help                   show this help\n"
    "\n"
    "Port 0 picks a free port; the addresses in use are printed on stderr.\n"
    "Problems with single calls (malformed streams, silence, too many calls) are\n"
    "reported on stderr and close only that call. SIGINT, SIGTERM or SIGHUP ends\n"
    "the calls in progress, logs their verdicts and exits 0.\n"
    "\n"
    "Exit status: 0 stopped by a signal; 1 could not start; 2 bad usage.\n";

static void usage(FILE *f)
{
    fputs(usage_text, f);
}

typedef struct serve_opts {
    const char *audiosocket;
    const char *http; /* NULL: no dashboard */
    const char *log_path;
    const char *model_path;
    const char *token_path;
    long max_calls;
    double idle_s;
    int quiet;
} serve_opts;

static void print_notice(void *ctx, const char *sentence)
{
    mot_cli_message(stderr, ctx, "%s", sentence);
}

typedef struct printer {
    const char *prog;
    mot_board *board;
    pthread_t thread;
    atomic_int done;       /* the thread has finished */
    atomic_int give_up;    /* stop writing: stdout is not read */
    atomic_ulong written;  /* lines written so far: progress */
} printer;

/* SIGUSR1 to the output thread only interrupts a write() stuck on a stdout
 * nobody reads, so that the server can still end. */
static void interrupt_write(int sig)
{
    (void)sig;
}

/* Wait for the output thread to print what is left (a board closed ends
 * it) while stdout takes lines; if it takes none for 2 s, give the rest up:
 * a pipe that is never drained must not keep the server from exiting.
 * stdout's file flags stay as they are (they are shared with whoever else
 * writes there): the thread's write() is interrupted instead, and its
 * buffer dropped so that exit() has nothing to flush. */
static void end_printer(printer *p)
{
    unsigned long seen = atomic_load(&p->written);
    for (int quiet = 0; quiet < 200 && !atomic_load(&p->done); quiet++) {
        nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
        const unsigned long now = atomic_load(&p->written);
        if (now != seen) {
            seen = now;
            quiet = 0;
        }
    }
    if (!atomic_load(&p->done)) {
        atomic_store(&p->give_up, 1);
        while (!atomic_load(&p->done)) {
            pthread_kill(p->thread, SIGUSR1);
            nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
        }
        if (!mot_cli_stderr_is_stdout())
            mot_cli_message(stderr, p->prog, "stdout is not read: the last event lines were "
                            "dropped");
    }
    pthread_join(p->thread, NULL);
}

/* Event lines to stdout from the board, on a thread of their own: a stdout
 * that is not read (a paused pager) must not stall the calls. One that
 * falls too far behind loses lines, and says so. */
static void *print_events(void *arg)
{
    printer *p = arg;
    char name[16], line[MOT_BOARD_EVENT_MAX];
    uint64_t seq = 0, before;
    size_t len;
    int got;

    while (!atomic_load(&p->give_up) &&
           (before = seq,
            (got = mot_board_wait_event(p->board, &seq, name, line, &len, 1000)) >= 0)) {
        if (got == 0)
            continue;
        if (seq - before > 1)
            mot_cli_message(stderr, p->prog, "%llu event lines were dropped: stdout is not read "
                            "fast enough", (unsigned long long)(seq - before - 1));
        fwrite(line, 1, len, stdout);
        putchar('\n');
        fflush(stdout);
        atomic_fetch_add(&p->written, 1);
    }
    if (atomic_load(&p->give_up))
        __fpurge(stdout); /* what an interrupted write left unwritten */
    atomic_store(&p->done, 1);
    return NULL;
}

#define MAX_TOKEN 1022 /* characters; the buffer holds more, with its CR LF */

/* The token: the file's first line, which must be a usable secret. */
static int read_token(const char *path, char *token, size_t size, char *why, size_t why_size)
{
    FILE *f = fopen(path, "r");
    size_t n;

    if (!f) {
        mot_cli_errno(why, why_size, "cannot open the token file", path);
        return -1;
    }
    if (!fgets(token, (int)size, f))
        token[0] = '\0';
    /* A line that did not fit would be cut, and the whole token refused. */
    const int cut = strlen(token) == size - 1 && !strchr(token, '\n') && fgetc(f) != EOF;
    fclose(f);
    n = strcspn(token, "\r\n");
    if (cut || n > MAX_TOKEN) {
        snprintf(why, why_size, "the token in %s is longer than %d characters", path, MAX_TOKEN);
        return -1;
    }
    token[n] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!isgraph((unsigned char)token[i])) {
            snprintf(why, why_size, "the token in %s has a space or control character", path);
            return -1;
        }
    }
    if (n < 16) {
        snprintf(why, why_size, "the token in %s is shorter than 16 characters", path);
        return -1;
    }
    return 0;
}

static int parse(int argc, char **argv, serve_opts *o)
{
    const char *prog = argv[0];
    const mot_cli_option opts[] = {
        MOT_CLI_OPT_STRING("audiosocket", 'a', &o->audiosocket),
        MOT_CLI_OPT_STRING("http", 'H', &o->http),
        MOT_CLI_OPT_STRING("log", 'l', &o->log_path),
        MOT_CLI_OPT_STRING("model", 'm', &o->model_path),
        MOT_CLI_OPT_LONG("max-calls", 'n', &o->max_calls, 1, 100000, "1..100000"),
        MOT_CLI_OPT_DOUBLE("idle", 'i', &o->idle_s, MOT_CLI_ABOVE_0, 86400, "seconds above 0"),
        MOT_CLI_OPT_STRING("token-file", 'T', &o->token_path),
        MOT_CLI_OPT_FLAG("quiet", 'q', &o->quiet),
    };
    const int rc = mot_cli_parse(argc, argv, opts, sizeof opts / sizeof *opts, usage);

    if (rc != MOT_CLI_GO_ON)
        return rc;
    if (strcmp(o->http, "off") == 0)
        o->http = NULL;
    if (optind != argc) {
        mot_cli_message(stderr, prog, "unexpected argument '%s'", argv[optind]);
        return MOT_EXIT_USAGE;
    }
    return MOT_CLI_GO_ON;
}

/* Listen on `addr` for `what`; beyond loopback only with a token. Returns
 * an exit code on failure, else -1. */
static int open_listener(const char *prog, const char *what, const char *addr, int token,
                         int *fd, char bound[MOT_NET_NAME_MAX])
{
    char detail[512];
    int loopback = 0;
    mot_status st = mot_net_listen(addr, fd, &loopback, bound, detail, sizeof detail);

    if (st != MOT_OK) {
        mot_cli_message(stderr, prog, "%s: %s", what, detail);
        return MOT_EXIT_FAILURE;
    }
    if (!loopback && !token) {
        /* AudioSocket itself has no authentication: the token file is the
         * operator's deliberate "yes", and it guards the web side. */
        mot_cli_message(stderr, prog, "%s %s is reachable from other machines%s: give "
                        "--token-file so that the dashboard and API need a token", what, addr,
                        strcmp(what, "--http") ? " and AudioSocket has no authentication" : "");
        return MOT_EXIT_USAGE;
    }
    return -1;
}

typedef struct signal_waiter {
    sigset_t set;
    mot_server *server;
} signal_waiter;

/* SIGINT, SIGTERM and SIGHUP (the terminal closed) are blocked in every
 * thread and taken here, where it is safe to do more than a handler could. */
static void *wait_signal(void *arg)
{
    signal_waiter *w = arg;
    int sig;

    sigwait(&w->set, &sig);
    mot_server_stop(w->server);
    return NULL;
}

int mot_cmd_serve(int argc, char **argv)
{
    const char *prog = argv[0];
    serve_opts o = {.audiosocket = "127.0.0.1:9092", .http = "127.0.0.1:8092", .max_calls = 500,
                    .idle_s = 10.0};
    mot_serve_options so = {.listen_fd = -1, .on_notice = print_notice, .ctx = (void *)prog};
    printer out = {.prog = prog};
    mot_model *model = NULL;
    mot_board *board = NULL;
    mot_server *server = NULL;
    mot_dashboard *dash = NULL;
    signal_waiter waiter = {.server = NULL};
    pthread_t waiter_thread;
    int waiting = 0, printing = 0, http_fd = -1, rc;
    char detail[512], token[MAX_TOKEN + 8] = "", as_bound[MOT_NET_NAME_MAX] = "",
                      http_bound[MOT_NET_NAME_MAX] = "";
    mot_status st;

    if ((rc = parse(argc, argv, &o)) >= 0)
        return rc;
    rc = MOT_EXIT_FAILURE;
    if (o.token_path && read_token(o.token_path, token, sizeof token, detail, sizeof detail)) {
        mot_cli_message(stderr, prog, "%s", detail);
        return MOT_EXIT_USAGE;
    }
    st = o.model_path ? mot_model_load(o.model_path, &model, detail, sizeof detail)
                      : mot_model_default(&model);
    if (st != MOT_OK) {
        mot_cli_message(stderr, prog, "model %s: %s%s%s", o.model_path ? o.model_path : "(built in)",
                        mot_strerror(st), detail[0] ? ": " : "", detail);
        return MOT_EXIT_FAILURE;
    }
    mot_config_default(&so.cfg);
    so.model = model;
    so.log_path = o.log_path;
    so.max_calls = (size_t)o.max_calls;
    so.other_fds = o.http ? MOT_DASHBOARD_MAX_CONNECTIONS : 0;
    so.idle_s = o.idle_s;
    if ((rc = open_listener(prog, "--audiosocket", o.audiosocket, o.token_path != NULL,
                            &so.listen_fd, as_bound)) >= 0 ||
        (o.http && (rc = open_listener(prog, "--http", o.http, o.token_path != NULL, &http_fd,
                                       http_bound)) >= 0))
        goto done;
    rc = MOT_EXIT_FAILURE;
    if (mot_board_new(so.max_calls, model, &board) != MOT_OK) {
        mot_cli_message(stderr, prog, "out of memory");
        goto done;
    }
    so.board = out.board = board;
    st = mot_server_new(&so, &server, detail, sizeof detail);
    if (st != MOT_OK) {
        mot_cli_message(stderr, prog, "%s", detail[0] ? detail : mot_strerror(st));
        goto done;
    }
    so.listen_fd = -1; /* the server's now */

    /* Before any thread starts, so that all inherit the mask. */
    sigemptyset(&waiter.set);
    sigaddset(&waiter.set, SIGINT);
    sigaddset(&waiter.set, SIGTERM);
    /* Under nohup SIGHUP is ignored, and must stay so: a blocked signal
     * is queued for sigwait() even when its action is to ignore it. */
    struct sigaction hup;
    if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
        sigaddset(&waiter.set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &waiter.set, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* No SA_RESTART: the interrupted write() returns. */
    sigaction(SIGUSR1, &(struct sigaction){.sa_handler = interrupt_write}, NULL);
    waiter.server = server;
    if (pthread_create(&waiter_thread, NULL, wait_signal, &waiter) != 0) {
        mot_cli_message(stderr, prog, "cannot start the signal thread");
        goto done;
    }
    waiting = 1;
    if (!o.quiet && pthread_create(&out.thread, NULL, print_events, &out) != 0) {
        mot_cli_message(stderr, prog, "cannot start the output thread");
        goto done;
    }
    printing = !o.quiet;
    if (o.http) {
        mot_dashboard_options d = {.listen_fd = http_fd, .board = board,
                                   .token = o.token_path ? token : NULL,
                                   .on_notice = print_notice, .ctx = (void *)prog};
        if (mot_dashboard_start(&d, &dash, detail, sizeof detail) != MOT_OK) {
            mot_cli_message(stderr, prog, "--http: %s", detail);
            goto done;
        }
        http_fd = -1;
    }
    mot_cli_message(stderr, prog, "AudioSocket on %s, dashboard %s%s%s, up to %ld calls", as_bound,
                    o.http ? "on http://" : "off", http_bound, o.http ? "/" : "", o.max_calls);
    st = mot_server_run(server, detail, sizeof detail);
    if (st != MOT_OK)
        mot_cli_message(stderr, prog, "%s", detail);
    else
        rc = MOT_EXIT_OK;
done:
    if (waiting) {
        pthread_kill(waiter_thread, SIGTERM); /* ends its sigwait() if no signal came */
        pthread_join(waiter_thread, NULL);
    }
    /* The calls have been logged: stop taking new ones (the listener
     * closes) before waiting on stdout. */
    mot_server_free(server);
    if (board)
        mot_board_close(board); /* readers take what is left, then end */
    mot_dashboard_stop(dash);
    if (printing)
        end_printer(&out);
    mot_board_free(board);
    if (so.listen_fd >= 0)
        close(so.listen_fd);
    if (http_fd >= 0)
        close(http_fd);
    mot_model_free(model);
    return rc;
}
