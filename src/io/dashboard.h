/* mot_dashboard: the supervisors' web page and its API, served by
 * libmicrohttpd from a mot_board (never from an engine).
 *
 *   GET  /                 the live page (self-contained, works offline)
 *   GET  /api/calls        {"calls":[...],"ended":[...],"reason_text":{...}}
 *   GET  /api/events       Server-Sent Events: "provisional" and "final"
 *                          (the event lines of event.h) as they happen, and
 *                          "calls" (the /api/calls JSON) every second
 *   POST /api/calls/{id}   {"agent":"name"} labels a call ("" clears)
 *   GET  /healthz          {"ok":true,"calls":N}, never needs the token
 *
 * With a token, every other request needs "Authorization: Bearer TOKEN" or
 * "?token=TOKEN" (the page passes its own ?token= on to the API). Without
 * one, only a loopback Host is served (127.x, localhost, [::1]), so that a
 * web page whose name was rebound to 127.0.0.1 cannot read the calls; and a
 * label must be sent as application/json, which another site's page cannot
 * do without asking first.
 * Each connection has its own thread (an event stream waits on the board);
 * at most MOT_DASHBOARD_MAX_CONNECTIONS at once and, with a token, half of
 * them from one address. */
#ifndef MOT_IO_DASHBOARD_H
#define MOT_IO_DASHBOARD_H

#include <stddef.h>

#include "io/dashboard_board.h"
#include "mot/status.h"

#define MOT_DASHBOARD_MAX_CONNECTIONS 256

typedef struct mot_dashboard mot_dashboard;

typedef struct mot_dashboard_options {
    int listen_fd;       /* a listening socket (mot_net_listen()); the dashboard closes it */
    mot_board *board;    /* borrowed; outlives the dashboard */
    const char *token;   /* NULL: open (loopback only); copied */
    /* A sentence from the HTTP library or about a request (no newline);
     * called from HTTP threads. May be NULL. */
    void (*on_notice)(void *ctx, const char *sentence);
    void *ctx;
} mot_dashboard_options;

/* Start serving on the HTTP threads. On failure `detail` says why and the
 * listening socket is still the caller's. */
mot_status mot_dashboard_start(const mot_dashboard_options *o, mot_dashboard **out,
                               char *detail, size_t detail_size);

/* Close the board to readers (event streams end), stop serving and free;
 * NULL is fine. */
void mot_dashboard_stop(mot_dashboard *d);

/* The page (dashboard_page.c). */
extern const char mot_dashboard_page[];

#endif
