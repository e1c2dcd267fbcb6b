/* mot_board: what the serve loop shows the dashboard, and the only thing
 * the two share.
 *
 * The loop (one writer) puts a row per active call into a slot, retires
 * rows of ended calls into a short list of recent ones, and posts verdict
 * events; HTTP threads (many readers) take JSON snapshots and wait for
 * events. One mutex guards it all; every operation under it is a bounded
 * copy, so the loop never waits for a slow reader. Agent labels belong to
 * the board: the HTTP side sets them, the loop reads them for its log.
 * Nothing here touches an engine. */
#ifndef MOT_IO_DASHBOARD_BOARD_H
#define MOT_IO_DASHBOARD_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "mot/model.h"
#include "mot/status.h"
#include "mot/summary.h"

#define MOT_BOARD_SPARK 60      /* pitch points per row: 6 s at 0.1 s */
#define MOT_BOARD_SPARK_S 0.1   /* seconds per point */
#define MOT_BOARD_AGENT_MAX 64  /* bytes of an agent label */
#define MOT_BOARD_RECENT 20     /* ended calls kept */
#define MOT_BOARD_EVENT_MAX 2048 /* bytes of one event line */
#define MOT_BOARD_EVENTS 512    /* events kept for readers that lag */

typedef struct mot_board_row {
    char call[40];            /* call id (the UUID) */
    char peer[64];            /* where the call came from */
    double start_unix_s;      /* call start, s since the epoch */
    double heard_s;           /* audio received, s */
    double rate_hz;           /* audio rate on the wire, 0 before audio */
    mot_summary summary;      /* the running summary (state, verdict, features) */
    float spark_f0_hz[MOT_BOARD_SPARK]; /* oldest first, 0 = unvoiced */
    int n_spark;
    char ended[96];           /* why the call ended, "" while active */
} mot_board_row;

typedef struct mot_board mot_board;

/* A board for up to `n_slots` active calls (slot numbers 0..n_slots-1).
 * `model` (may be NULL) is borrowed for the reasons' words and must outlive
 * the board. */
mot_status mot_board_new(size_t n_slots, const mot_model *model, mot_board **out);

/* Free the board; NULL is fine. Readers must have stopped. */
void mot_board_free(mot_board *b);

/* Loop side. Copy *row into `slot`. A new call id in the slot clears its
 * agent label. */
void mot_board_put(mot_board *b, size_t slot, const mot_board_row *row);

/* Move the slot's call, updated by *row (row->ended says why), to the
 * recent list, and empty the slot. */
void mot_board_retire(mot_board *b, size_t slot, const mot_board_row *row);

/* The agent label of the call in `slot` into out (size bytes, NUL-ended);
 * "" when none. */
void mot_board_agent(mot_board *b, size_t slot, char *out, size_t size);

/* Queue an event line (`name` e.g. "final", `line` without its newline is
 * fine) for every reader. A line longer than MOT_BOARD_EVENT_MAX is dropped
 * and counted. Wakes waiting readers. */
void mot_board_post(mot_board *b, const char *name, const char *line, size_t len);

/* HTTP side. Label the call `call` (active or recent) with `agent` (UTF-8,
 * at most MOT_BOARD_AGENT_MAX bytes, "" clears). Returns 0, or -1 when no
 * such call is on the board. */
int mot_board_set_agent(mot_board *b, const char *call, const char *agent);

/* The calls as JSON: {"calls":[...],"ended":[...],"reason_text":{...}}.
 * Returns a malloc'd string, or NULL when out of memory. */
char *mot_board_calls_json(mot_board *b);

/* Number of active calls. */
size_t mot_board_n_active(mot_board *b);

/* The sequence number of the next event to be posted (a new reader starts
 * there). */
uint64_t mot_board_next_seq(mot_board *b);

/* Wait up to timeout_ms for event *seq. Returns 1 with the event's name
 * and line (no newline) copied into name (16 bytes) and line
 * (MOT_BOARD_EVENT_MAX bytes, *len its length) and *seq advanced past it;
 * 0 on timeout; -1 once the board is closed and every event was read. A
 * reader that fell more than MOT_BOARD_EVENTS behind skips to the oldest
 * event kept: *seq then jumps by more than one. */
int mot_board_wait_event(mot_board *b, uint64_t *seq, char name[16], char *line, size_t *len,
                         int timeout_ms);

/* No more events: readers get what is left, then -1 (server shutting down). */
void mot_board_close(mot_board *b);

#endif
