#include "io/event.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

/* cJSON's text of an object, without its closing brace; NULL on failure. */
static char *open_object(cJSON *obj)
{
    char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;

    if (text)
        text[strlen(text) - 1] = '\0';
    cJSON_Delete(obj);
    return text;
}

static void iso8601(double unix_s, char out[32])
{
    time_t t = (time_t)floor(unix_s);
    struct tm tm;
    char day_time[24];

    gmtime_r(&t, &tm);
    strftime(day_time, sizeof day_time, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%s.%03dZ", day_time, (int)((unix_s - floor(unix_s)) * 1000.0));
}

mot_status mot_event_format(const mot_event *ev, char **line, size_t *len)
{
    char *head = NULL, *tail = NULL, *batch = NULL, *out = NULL;
    size_t batch_len = 0;
    FILE *mem = open_memstream(&batch, &batch_len);
    cJSON *h = cJSON_CreateObject(), *t = cJSON_CreateObject();
    char time_s[32], start[32];
    mot_status st = MOT_ERR_NOMEM;

    *line = NULL;
    /* The batch record as mot analyze writes it, then spliced between our
     * keys: "{head," + batch without its braces + ",tail}". */
    if (!mem)
        goto done;
    int written = mot_jsonl_write(mem, ev->record) == MOT_OK;
    /* fclose() frees the stream whatever it returns: once only. */
    int closed = fclose(mem) == 0;
    mem = NULL;
    if (!written || !closed)
        goto done;
    snprintf(time_s, sizeof time_s, "%.3f", ev->time_s);
    if (!h || !t || !cJSON_AddStringToObject(h, "event", ev->event) ||
        !(ev->call ? cJSON_AddStringToObject(h, "call", ev->call)
                   : cJSON_AddNumberToObject(h, "call", (double)ev->call_number)) ||
        !cJSON_AddRawToObject(h, "time_s", time_s))
        goto done;
    if (ev->uuid && !cJSON_AddStringToObject(t, "uuid", ev->uuid))
        goto done;
    if (isfinite(ev->start_unix_s)) {
        iso8601(ev->start_unix_s, start);
        if (!cJSON_AddStringToObject(t, "start_time", start))
            goto done;
    }
    if (ev->agent && ev->agent[0] && !cJSON_AddStringToObject(t, "agent", ev->agent))
        goto done;
    head = open_object(h);
    tail = open_object(t);
    h = t = NULL;
    if (!head || !tail || batch_len < 3)
        goto done;
    /* batch is "{...}\n": keep what lies between the braces. */
    const size_t inner = batch_len - 3, n_head = strlen(head), n_tail = strlen(tail + 1);
    const size_t n = n_head + 1 + inner + (n_tail ? 1 + n_tail : 0) + 2;
    out = malloc(n + 1);
    if (!out)
        goto done;
    memcpy(out, head, n_head);
    out[n_head] = ',';
    memcpy(out + n_head + 1, batch + 1, inner);
    size_t at = n_head + 1 + inner;
    if (n_tail) {
        out[at++] = ',';
        memcpy(out + at, tail + 1, n_tail);
        at += n_tail;
    }
    memcpy(out + at, "}\n", 3);
    *line = out;
    if (len)
        *len = n;
    st = MOT_OK;
done:
    cJSON_Delete(h);
    cJSON_Delete(t);
    cJSON_free(head);
    cJSON_free(tail);
    free(batch);
    return st;
}
