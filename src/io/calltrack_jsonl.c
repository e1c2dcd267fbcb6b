/* The JSON Lines sink of call events: the event's own keys, then the batch
 * record exactly as mot_jsonl_write() makes it. */
#include <stdlib.h>

#include "io/calltrack.h"

const char *mot_call_event_name(mot_call_event_kind kind)
{
    return kind == MOT_CALL_FINAL ? "final" : "provisional";
}

mot_status mot_call_event_write_jsonl(FILE *f, const mot_call_event *ev,
                                      const mot_file_result *source)
{
    mot_file_result r = *source;
    char *line = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&line, &len);
    mot_status st = MOT_ERR_NOMEM;

    if (!mem)
        return st;
    r.status = MOT_OK;
    r.duration_s = ev->summary.heard_s;
    r.summary = ev->summary;
    st = mot_jsonl_write(mem, &r);
    if (fclose(mem) != 0 && st == MOT_OK)
        st = MOT_ERR_NOMEM;
    /* The record is one object, "{...}\n": open ours, then continue it. */
    if (st == MOT_OK && len > 2 && line[0] == '{')
        fprintf(f, "{\"event\":\"%s\",\"call\":%ld,\"time_s\":%.3f,%s",
                mot_call_event_name(ev->kind), ev->call, ev->time_s, line + 1);
    else if (st == MOT_OK)
        st = MOT_ERR_INVALID_ARG;
    free(line);
    return st;
}
