/* The JSON Lines sink of call events, through the one event formatter. */
#include <math.h>
#include <stdlib.h>

#include "io/calltrack.h"
#include "io/event.h"

const char *mot_call_event_name(mot_call_event_kind kind)
{
    return kind == MOT_CALL_FINAL ? "final" : "provisional";
}

mot_status mot_call_event_write_jsonl(FILE *f, const mot_call_event *ev,
                                      const mot_file_result *source)
{
    mot_file_result r = *source;
    r.status = MOT_OK;
    r.duration_s = ev->summary.heard_s;
    r.summary = ev->summary;
    mot_event e = {
        .event = mot_call_event_name(ev->kind),
        .call_number = ev->call,
        .time_s = ev->time_s,
        .record = &r,
        .start_unix_s = NAN,
    };
    char *line = NULL;
    mot_status st = mot_event_format(&e, &line, NULL);
    if (st == MOT_OK && fputs(line, f) == EOF)
        st = MOT_ERR_WRITE;
    free(line);
    return st;
}
