#include "io/dashboard_board.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "io/record.h"

typedef struct labelled {
    mot_board_row row;
    char agent[MOT_BOARD_AGENT_MAX + 1];
    int used;
} labelled;

typedef struct event_slot {
    char name[16];
    char line[MOT_BOARD_EVENT_MAX];
    size_t len;
} event_slot;

struct mot_board {
    pthread_mutex_t lock;
    pthread_cond_t posted;
    const mot_model *model;
    size_t n_slots;
    labelled *active;                   /* n_slots */
    labelled recent[MOT_BOARD_RECENT];  /* ring, newest at recent_head - 1 */
    size_t recent_head;
    event_slot *events;                 /* MOT_BOARD_EVENTS, ring by sequence */
    uint64_t next_seq;
    uint64_t n_dropped;
    int closed;
};

mot_status mot_board_new(size_t n_slots, const mot_model *model, mot_board **out)
{
    mot_board *b = calloc(1, sizeof *b);

    *out = NULL;
    if (!b)
        return MOT_ERR_NOMEM;
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->posted, NULL);
    b->model = model;
    b->n_slots = n_slots;
    b->active = calloc(n_slots ? n_slots : 1, sizeof *b->active);
    b->events = calloc(MOT_BOARD_EVENTS, sizeof *b->events);
    if (!b->active || !b->events) {
        mot_board_free(b);
        return MOT_ERR_NOMEM;
    }
    *out = b;
    return MOT_OK;
}

void mot_board_free(mot_board *b)
{
    if (!b)
        return;
    pthread_cond_destroy(&b->posted);
    pthread_mutex_destroy(&b->lock);
    free(b->active);
    free(b->events);
    free(b);
}

void mot_board_put(mot_board *b, size_t slot, const mot_board_row *row)
{
    labelled *l = &b->active[slot];

    pthread_mutex_lock(&b->lock);
    if (!l->used || strcmp(l->row.call, row->call) != 0)
        l->agent[0] = '\0';
    l->row = *row;
    l->used = 1;
    pthread_mutex_unlock(&b->lock);
}

void mot_board_retire(mot_board *b, size_t slot, const mot_board_row *row)
{
    labelled *l = &b->active[slot];

    pthread_mutex_lock(&b->lock);
    labelled *r = &b->recent[b->recent_head];
    b->recent_head = (b->recent_head + 1) % MOT_BOARD_RECENT;
    *r = *l;
    if (!l->used || strcmp(l->row.call, row->call) != 0)
        r->agent[0] = '\0';
    r->row = *row;
    r->used = 1;
    l->used = 0;
    pthread_mutex_unlock(&b->lock);
}

void mot_board_agent(mot_board *b, size_t slot, char *out, size_t size)
{
    pthread_mutex_lock(&b->lock);
    snprintf(out, size, "%s", b->active[slot].used ? b->active[slot].agent : "");
    pthread_mutex_unlock(&b->lock);
}

void mot_board_post(mot_board *b, const char *name, const char *line, size_t len)
{
    while (len > 0 && line[len - 1] == '\n')
        len--;
    pthread_mutex_lock(&b->lock);
    if (len >= MOT_BOARD_EVENT_MAX) {
        b->n_dropped++;
    } else {
        event_slot *e = &b->events[b->next_seq % MOT_BOARD_EVENTS];
        snprintf(e->name, sizeof e->name, "%s", name);
        memcpy(e->line, line, len);
        e->line[len] = '\0';
        e->len = len;
        b->next_seq++;
        pthread_cond_broadcast(&b->posted);
    }
    pthread_mutex_unlock(&b->lock);
}

int mot_board_set_agent(mot_board *b, const char *call, const char *agent)
{
    int rc = -1;

    pthread_mutex_lock(&b->lock);
    for (size_t i = 0; i < b->n_slots + MOT_BOARD_RECENT; i++) {
        labelled *l = i < b->n_slots ? &b->active[i] : &b->recent[i - b->n_slots];
        if (l->used && strcmp(l->row.call, call) == 0) {
            snprintf(l->agent, sizeof l->agent, "%s", agent);
            rc = 0;
        }
    }
    pthread_mutex_unlock(&b->lock);
    return rc;
}

size_t mot_board_n_active(mot_board *b)
{
    size_t n = 0;

    pthread_mutex_lock(&b->lock);
    for (size_t i = 0; i < b->n_slots; i++)
        n += b->active[i].used != 0;
    pthread_mutex_unlock(&b->lock);
    return n;
}

uint64_t mot_board_next_seq(mot_board *b)
{
    pthread_mutex_lock(&b->lock);
    uint64_t seq = b->next_seq;
    pthread_mutex_unlock(&b->lock);
    return seq;
}

int mot_board_wait_event(mot_board *b, uint64_t *seq, char name[16], char *line, size_t *len,
                         int timeout_ms)
{
    struct timespec until;
    int rc = 0;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&b->lock);
    while (!b->closed && *seq >= b->next_seq &&
           pthread_cond_timedwait(&b->posted, &b->lock, &until) != ETIMEDOUT) {
    }
    if (*seq < b->next_seq) {
        if (b->next_seq - *seq > MOT_BOARD_EVENTS)
            *seq = b->next_seq - MOT_BOARD_EVENTS;
        const event_slot *e = &b->events[*seq % MOT_BOARD_EVENTS];
        memcpy(name, e->name, sizeof e->name);
        memcpy(line, e->line, e->len + 1);
        *len = e->len;
        (*seq)++;
        rc = 1;
    } else if (b->closed) {
        rc = -1;
    }
    pthread_mutex_unlock(&b->lock);
    return rc;
}

void mot_board_close(mot_board *b)
{
    pthread_mutex_lock(&b->lock);
    b->closed = 1;
    pthread_cond_broadcast(&b->posted);
    pthread_mutex_unlock(&b->lock);
}

/* --- JSON ---------------------------------------------------------------- */

/* A number with a fixed number of decimals (short text for the page), or
 * null when it does not exist. */
static cJSON *number(double v, int decimals)
{
    char text[48];

    if (!isfinite(v))
        return cJSON_CreateNull();
    snprintf(text, sizeof text, "%.*f", decimals, v);
    return cJSON_CreateRaw(text);
}

static const char *state_name(mot_state s)
{
    return s == MOT_STATE_FINAL ? "final" : s == MOT_STATE_PROVISIONAL ? "provisional"
                                                                       : "listening";
}

static cJSON *row_json(const labelled *l)
{
    const mot_board_row *r = &l->row;
    const mot_summary *s = &r->summary;
    const int verdict = s->state != MOT_STATE_LISTENING && isfinite(s->dull_score);
    cJSON *o = cJSON_CreateObject(), *reasons = cJSON_CreateArray(),
          *spark = cJSON_CreateArray();
    const char *code;
    int ok = o && reasons && spark;

    ok = ok && cJSON_AddItemToObject(o, "reasons", reasons);
    if (!ok)
        cJSON_Delete(reasons);
    ok = ok && cJSON_AddItemToObject(o, "spark_f0_hz", spark);
    if (!ok)
        cJSON_Delete(spark);
    for (unsigned bit = 0; ok && verdict && (code = mot_record_next_reason(s->reasons, &bit));)
        ok = cJSON_AddItemToArray(reasons, cJSON_CreateString(code));
    for (int i = 0; ok && i < r->n_spark; i++)
        ok = cJSON_AddItemToArray(spark, number(r->spark_f0_hz[i], 1));
    ok = ok && cJSON_AddStringToObject(o, "call", r->call) &&
         cJSON_AddStringToObject(o, "agent", l->agent) &&
         cJSON_AddStringToObject(o, "peer", r->peer) &&
         cJSON_AddItemToObject(o, "start_unix_s", number(r->start_unix_s, 3)) &&
         cJSON_AddItemToObject(o, "heard_s", number(r->heard_s, 2)) &&
         cJSON_AddItemToObject(o, "sample_rate_hz", number(r->rate_hz > 0 ? r->rate_hz : NAN, 0)) &&
         cJSON_AddStringToObject(o, "state", state_name(s->state)) &&
         cJSON_AddItemToObject(o, "dull_score", number(verdict ? s->dull_score : NAN, 3)) &&
         cJSON_AddItemToObject(o, "dull", verdict ? cJSON_CreateBool(s->dull) : cJSON_CreateNull()) &&
         cJSON_AddItemToObject(o, "window_start_s", number(s->window_start_s, 2)) &&
         cJSON_AddItemToObject(o, "f0_median_hz", number(s->f0_median_hz, 1)) &&
         cJSON_AddItemToObject(o, "f0_iqr_st", number(s->f0_iqr_st, 2)) &&
         cJSON_AddItemToObject(o, "energy_sd_db", number(s->energy_sd_db, 2)) &&
         cJSON_AddItemToObject(o, "articulation_rate_hz", number(s->articulation_rate_hz, 2)) &&
         cJSON_AddItemToObject(o, "pause_ratio", number(s->pause_ratio, 3)) &&
         cJSON_AddItemToObject(o, "ended", r->ended[0] ? cJSON_CreateString(r->ended)
                                                       : cJSON_CreateNull());
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int add_rows(cJSON *root, const char *key, const labelled *rows, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(root, key);

    for (size_t i = 0; a && i < n; i++) {
        cJSON *o = rows[i].used ? row_json(&rows[i]) : NULL;
        if (rows[i].used && !cJSON_AddItemToArray(a, o)) {
            cJSON_Delete(o);
            return -1;
        }
    }
    return a ? 0 : -1;
}

static int add_reason_text(cJSON *root, const mot_model *model)
{
    cJSON *o = cJSON_AddObjectToObject(root, "reason_text");

    for (unsigned i = 0; o && i < MOT_REASON_COUNT; i++) {
        const char *text = mot_model_reason_text(model, 1u << i);
        if (text && !cJSON_AddStringToObject(o, mot_reason_code(1u << i), text))
            return -1;
    }
    return o ? 0 : -1;
}

char *mot_board_calls_json(mot_board *b)
{
    labelled *copy = malloc((b->n_slots + MOT_BOARD_RECENT) * sizeof *copy);
    cJSON *root = cJSON_CreateObject();
    char *text = NULL;

    if (copy && root) {
        /* Copy under the lock, format outside it: the loop waits for a
         * memcpy at most. Recent calls newest first. */
        pthread_mutex_lock(&b->lock);
        memcpy(copy, b->active, b->n_slots * sizeof *copy);
        for (size_t i = 0; i < MOT_BOARD_RECENT; i++)
            copy[b->n_slots + i] =
                b->recent[(b->recent_head + MOT_BOARD_RECENT - 1 - i) % MOT_BOARD_RECENT];
        pthread_mutex_unlock(&b->lock);
        if (add_rows(root, "calls", copy, b->n_slots) == 0 &&
            add_rows(root, "ended", copy + b->n_slots, MOT_BOARD_RECENT) == 0 &&
            add_reason_text(root, b->model) == 0)
            text = cJSON_PrintUnformatted(root);
    }
    cJSON_Delete(root);
    free(copy);
    return text;
}
