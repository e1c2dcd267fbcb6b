/* mot_server: many calls at once over AudioSocket, on one epoll loop.
 *
 * Each connection is a call named by its UUID message. Its engine comes
 * from a pool (one stack per audio rate) when the first audio arrives, is
 * fed inline (a 20 ms message costs microseconds), and goes back, reset,
 * when the call ends. Verdicts become events: "provisional" once the engine
 * says PROVISIONAL, "final" once it says FINAL or when a call that had a
 * speech onset ends (hangup, the peer vanishing, going silent, shutdown).
 * Events go to the board (for the dashboard and any other reader); each
 * final one is also appended to the log with one write(2) on an O_APPEND
 * descriptor, so a kill -9 loses nothing already logged.
 *
 * A malformed or oversized message, a connection that completes no
 * message for idle_s, or one over max_calls closes that connection only (a malformed
 * stream gets no verdict: its audio cannot be trusted), with a sentence
 * through on_notice. The loop never prints; on_notice runs on its thread.
 * Thread-safety: mot_server_run() on one thread; mot_server_stop() from any
 * thread or a signal handler. */
#ifndef MOT_IO_SERVE_H
#define MOT_IO_SERVE_H

#include <stddef.h>

#include "io/dashboard_board.h"
#include "mot/config.h"
#include "mot/model.h"
#include "mot/status.h"

typedef struct mot_server mot_server;

typedef struct mot_serve_options {
    mot_config cfg;          /* analysis settings; input_rate_hz is set per call */
    const mot_model *model;  /* borrowed, may be NULL (no verdicts); outlives the server */
    int listen_fd;           /* a listening socket (mot_net_listen()); the server closes it */
    const char *log_path;    /* JSON Lines log of final verdicts (appended), or NULL */
    mot_board *board;        /* rows and events for readers; borrowed, outlives the server */
    size_t max_calls;        /* connections at once, >= 1 */
    size_t other_fds;        /* descriptors others in the process hold at most (the dashboard's) */
    double idle_s;           /* close a connection without a whole message this long, s (> 0) */
    /* A sentence about one connection or the server (no newline); may be NULL. */
    void (*on_notice)(void *ctx, const char *sentence);
    void *ctx;
} mot_serve_options;

/* Make a server; *o is copied. Opens the log and raises the open-file limit
 * to what max_calls and other_fds need. On failure `detail` says why. */
mot_status mot_server_new(const mot_serve_options *o, mot_server **out, char *detail,
                          size_t detail_size);

/* Serve until mot_server_stop(); then end every call (finishing and
 * logging those with a speech onset) and return MOT_OK. */
mot_status mot_server_run(mot_server *s, char *detail, size_t detail_size);

/* Ask mot_server_run() to return. Async-signal-safe. */
void mot_server_stop(mot_server *s);

/* Close everything; NULL is fine. */
void mot_server_free(mot_server *s);

#endif
