/* Verdict events of a call heard live: one JSON line each,
 *
 *   {"event":"provisional"|"final","call":ID|N,"time_s":S,<the batch record
 *    keys, as mot analyze writes them>,"uuid":U,"start_time":T,"agent":A}
 *
 * time_s is the audio heard when the verdict formed (s since the call's
 * first sample); uuid, start_time (ISO 8601, UTC, ms) and agent are left
 * out when not given. The batch keys come from mot_jsonl_write() (record.c
 * decides them), so a served call and an analysed file read alike. */
#ifndef MOT_IO_EVENT_H
#define MOT_IO_EVENT_H

#include <stddef.h>

#include "io/record.h"
#include "mot/status.h"

typedef struct mot_event {
    const char *event;             /* "provisional" or "final"; static */
    const char *call;              /* call id (a UUID); borrowed. NULL: the
                                      call is call_number, written as a number */
    long call_number;
    double time_s;                 /* audio heard at the verdict, s */
    const mot_file_result *record; /* the batch keys; borrowed */
    const char *uuid;              /* NULL: key left out */
    double start_unix_s;           /* call start, s since the epoch; NAN: left out */
    const char *agent;             /* NULL or "": left out; must be UTF-8 */
} mot_event;

/* Format *ev as one line ending in '\n'. On success *line owns it (free());
 * *len (may be NULL) gets its length. MOT_ERR_NOMEM otherwise. */
mot_status mot_event_format(const mot_event *ev, char **line, size_t *len);

#endif
