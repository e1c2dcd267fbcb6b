#include "io/dashboard.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>
#include <microhttpd.h>

/* Beyond loopback (with a token), one address may hold at most this many:
 * a client trickling headers from afar cannot take them all. On loopback
 * every client shares one address, and the limit would only hurt. */
#define PER_ADDRESS (MOT_DASHBOARD_MAX_CONNECTIONS / 2)
#define IDLE_TIMEOUT_S 15      /* a silent connection is closed (streams send every second) */
#define MAX_BODY 4096          /* bytes of a POST body */
#define CALLS_EVERY_S 1.0      /* the "calls" snapshot on an event stream */
#define KEEPALIVE_S 10.0       /* a comment on a quiet stream finds dead clients */
#define WAIT_MS 250            /* how long a stream waits on the board at a time */

struct mot_dashboard {
    struct MHD_Daemon *daemon;
    mot_board *board;
    char *token;
    void (*on_notice)(void *ctx, const char *sentence);
    void *ctx;
};

static double mono_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* libmicrohttpd's own complaints go where the CLI prints. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    const mot_dashboard *d = cls;
    char text[512];

    vsnprintf(text, sizeof text, fmt, ap);
    text[strcspn(text, "\n")] = '\0';
    if (d->on_notice)
        d->on_notice(d->ctx, text);
}

/* --- responses ----------------------------------------------------------- */

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *type,
                             const char *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, mode);
    enum MHD_Result rc;

    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    rc = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return rc;
}

/* {"error":"<sentence>"} */
static enum MHD_Result reply_error(struct MHD_Connection *conn, unsigned status,
                                   const char *sentence)
{
    cJSON *o = cJSON_CreateObject();
    char *text = o && cJSON_AddStringToObject(o, "error", sentence)
                     ? cJSON_PrintUnformatted(o) : NULL;

    cJSON_Delete(o);
    if (!text)
        return MHD_NO;
    return reply(conn, status, "application/json", text, strlen(text), MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result reply_json(struct MHD_Connection *conn, char *text)
{
    if (!text)
        return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    return reply(conn, MHD_HTTP_OK, "application/json", text, strlen(text),
                 MHD_RESPMEM_MUST_FREE);
}

/* --- the event stream ---------------------------------------------------- */

typedef struct stream {
    mot_board *board;
    uint64_t seq;
    double calls_s, sent_s; /* when the last snapshot / anything went out */
    char *out;              /* text being sent */
    size_t len, at;
} stream;

static int stream_set(stream *s, const char *event, const char *data)
{
    size_t n = strlen(event) + strlen(data) + 32;

    free(s->out);
    s->out = malloc(n);
    s->at = 0;
    if (!s->out)
        return -1;
    if (event[0])
        s->len = (size_t)snprintf(s->out, n, "event: %s\ndata: %s\n\n", event, data);
    else
        s->len = (size_t)snprintf(s->out, n, ": %s\n\n", data);
    s->sent_s = mono_s();
    return 0;
}

/* Wait for something to send: an event, the next snapshot, a keepalive. */
static int stream_next(stream *s)
{
    char name[16], line[MOT_BOARD_EVENT_MAX];
    size_t len;

    for (;;) {
        const double now = mono_s();
        if (now - s->calls_s >= CALLS_EVERY_S) {
            char *json = mot_board_calls_json(s->board);
            int rc = json ? stream_set(s, "calls", json) : -1;
            free(json);
            s->calls_s = now;
            return rc;
        }
        int got = mot_board_wait_event(s->board, &s->seq, name, line, &len, WAIT_MS);
        if (got < 0)
            return -1;
        if (got > 0)
            return stream_set(s, name, line);
        if (now - s->sent_s >= KEEPALIVE_S)
            return stream_set(s, "", "keepalive");
    }
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    stream *s = cls;

    (void)pos;
    if (s->at == s->len && stream_next(s) != 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = s->len - s->at < max ? s->len - s->at : max;
    memcpy(buf, s->out + s->at, n);
    s->at += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream *s = cls;

    free(s->out);
    free(s);
}

static enum MHD_Result events(struct MHD_Connection *conn, mot_board *board)
{
    stream *s = calloc(1, sizeof *s);
    struct MHD_Response *r;
    enum MHD_Result rc;

    if (!s)
        return MHD_NO;
    s->board = board;
    s->seq = mot_board_next_seq(board);
    s->calls_s = -CALLS_EVERY_S; /* a snapshot first */
    if (stream_set(s, "", "mot events") != 0) {
        stream_free(s);
        return MHD_NO;
    }
    r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, s, stream_free);
    if (!r) {
        stream_free(s);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return rc;
}

/* --- labels -------------------------------------------------------------- */

/* UTF-8 without overlong forms, surrogates or control characters. */
static int printable_utf8(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;

    while (*p) {
        unsigned cp = *p, extra = 0, min = 0;
        if (cp >= 0xF0 && cp <= 0xF4)
            extra = 3, min = 0x10000, cp &= 0x07;
        else if (cp >= 0xE0 && cp <= 0xEF)
            extra = 2, min = 0x800, cp &= 0x0F;
        else if (cp >= 0xC2 && cp <= 0xDF)
            extra = 1, min = 0x80, cp &= 0x1F;
        else if (cp >= 0x80)
            return 0;
        p++;
        for (unsigned i = 0; i < extra; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (*p & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20 ||
            cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            return 0;
    }
    return 1;
}

static enum MHD_Result label(struct MHD_Connection *conn, mot_board *board, const char *call,
                             const char *body, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(body, len);
    const cJSON *agent = cJSON_GetObjectItemCaseSensitive(o, "agent");
    enum MHD_Result rc;

    if (!cJSON_IsString(agent)) {
        rc = reply_error(conn, MHD_HTTP_BAD_REQUEST, "the body must be {\"agent\":\"name\"}");
    } else if (strlen(agent->valuestring) > MOT_BOARD_AGENT_MAX ||
               !printable_utf8(agent->valuestring)) {
        rc = reply_error(conn, MHD_HTTP_BAD_REQUEST,
                         "an agent label is at most 64 bytes of printable UTF-8");
    } else if (mot_board_set_agent(board, call, agent->valuestring) != 0) {
        rc = reply_error(conn, MHD_HTTP_NOT_FOUND, "no such call on the board");
    } else {
        cJSON *r = cJSON_CreateObject();
        char *text = r && cJSON_AddStringToObject(r, "call", call) &&
                             cJSON_AddStringToObject(r, "agent", agent->valuestring)
                         ? cJSON_PrintUnformatted(r) : NULL;
        cJSON_Delete(r);
        rc = reply_json(conn, text);
    }
    cJSON_Delete(o);
    return rc;
}

/* --- routing ------------------------------------------------------------- */

/* Constant time: how long the comparison takes says nothing of the token. */
static int same_secret(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    unsigned char diff = (unsigned char)(na != nb);

    for (size_t i = 0; i < na; i++)
        diff |= (unsigned char)(a[i] ^ b[i % (nb ? nb : 1)]);
    return diff == 0;
}

static int authorised(const mot_dashboard *d, struct MHD_Connection *conn)
{
    const char *given;

    if (!d->token)
        return 1;
    given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (given && strncmp(given, "Bearer ", 7) == 0 && same_secret(given + 7, d->token))
        return 1;
    given = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "token");
    return given && same_secret(given, d->token);
}

/* Whether a Host header names this machine's loopback: 127.x.y.z,
 * localhost or a name under .localhost (RFC 6761), [::1]; a port may
 * follow. No Host at all (HTTP/1.0) passes: browsers always send one. */
static int loopback_host(const char *host)
{
    if (!host)
        return 1;
    size_t len = strlen(host);
    const char *colon = strrchr(host, ':');
    if (host[0] == '[') {
        const char *close = strchr(host, ']');
        if (!close || (close[1] != '\0' && close[1] != ':'))
            return 0;
        return (size_t)(close - host) == 4 && strncmp(host, "[::1]", 5) == 0;
    }
    if (colon) {
        if (colon[1] == '\0' || colon[1 + strspn(colon + 1, "0123456789")] != '\0')
            return 0;
        len = (size_t)(colon - host);
    }
    if (len > 0 && host[len - 1] == '.')
        len--; /* a fully qualified "localhost." */
    if (len >= 4 && strncmp(host, "127.", 4) == 0) {
        for (size_t i = 4; i < len; i++)
            if (!(host[i] == '.' || (host[i] >= '0' && host[i] <= '9')))
                return 0;
        return 1;
    }
    static const char name[] = "localhost", under[] = ".localhost";
    if (len == sizeof name - 1 && strncasecmp(host, name, len) == 0)
        return 1;
    return len > sizeof under - 1 &&
           strncasecmp(host + len - (sizeof under - 1), under, sizeof under - 1) == 0;
}

typedef struct upload {
    char body[MAX_BODY];
    size_t len;
    int too_big;
} upload;

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_size, void **req)
{
    mot_dashboard *d = cls;
    const int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
                    strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    const int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    static const char calls_prefix[] = "/api/calls/";
    static const char page_type[] = "text/html; charset=utf-8";

    (void)version;
    if (!d->token &&
        !loopback_host(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)))
        return reply_error(conn, MHD_HTTP_FORBIDDEN,
                           "without --token-file only a loopback Host is served (127.0.0.1, "
                           "localhost, [::1])");
    if (post && strncmp(url, calls_prefix, sizeof calls_prefix - 1) == 0) {
        upload *u = *req;
        if (!u) { /* headers only so far */
            if (!authorised(d, conn))
                return reply_error(conn, MHD_HTTP_UNAUTHORIZED, "a valid token is needed");
            const char *type =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
            if (!type || strncasecmp(type, "application/json", 16) != 0 ||
                (type[16] != '\0' && type[16] != ';' && type[16] != ' '))
                return reply_error(conn, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                                   "a label is sent as application/json");
            if (!(u = calloc(1, sizeof *u)))
                return MHD_NO;
            *req = u;
            return MHD_YES;
        }
        if (*data_size) {
            if (u->len + *data_size > MAX_BODY)
                u->too_big = 1;
            else
                memcpy(u->body + u->len, data, *data_size);
            u->len += u->too_big ? 0 : *data_size;
            *data_size = 0;
            return MHD_YES;
        }
        if (u->too_big)
            return reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "the body is over 4096 bytes");
        return label(conn, d->board, url + sizeof calls_prefix - 1, u->body, u->len);
    }
    if (strcmp(url, "/healthz") == 0 && get) {
        char text[64];
        snprintf(text, sizeof text, "{\"ok\":true,\"calls\":%zu}", mot_board_n_active(d->board));
        return reply(conn, MHD_HTTP_OK, "application/json", text, strlen(text),
                     MHD_RESPMEM_MUST_COPY);
    }
    if (!authorised(d, conn))
        return reply_error(conn, MHD_HTTP_UNAUTHORIZED, "a valid token is needed");
    if (!get && (strcmp(url, "/") == 0 || strncmp(url, "/api/", 5) == 0))
        return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed here");
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        return reply(conn, MHD_HTTP_OK, page_type, mot_dashboard_page,
                     strlen(mot_dashboard_page), MHD_RESPMEM_PERSISTENT);
    if (strcmp(url, "/api/calls") == 0)
        return reply_json(conn, mot_board_calls_json(d->board));
    if (strcmp(url, "/api/events") == 0)
        return events(conn, d->board);
    return reply_error(conn, MHD_HTTP_NOT_FOUND, "no such page");
}

static void request_done(void *cls, struct MHD_Connection *conn, void **req,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)conn;
    (void)why;
    free(*req);
    *req = NULL;
}

mot_status mot_dashboard_start(const mot_dashboard_options *o, mot_dashboard **out,
                               char *detail, size_t detail_size)
{
    mot_dashboard *d = calloc(1, sizeof *d);

    *out = NULL;
    if (!d)
        return MOT_ERR_NOMEM;
    d->board = o->board;
    d->on_notice = o->on_notice;
    d->ctx = o->ctx;
    if (o->token && !(d->token = strdup(o->token))) {
        free(d);
        return MOT_ERR_NOMEM;
    }
    /* A thread per connection: an event stream may block on the board. */
    d->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, handle, d, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, d,
        MHD_OPTION_LISTEN_SOCKET, o->listen_fd, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)MOT_DASHBOARD_MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)(o->token ? PER_ADDRESS : 0), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)IDLE_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL, MHD_OPTION_END);
    if (!d->daemon) {
        snprintf(detail, detail_size, "cannot start the HTTP server (libmicrohttpd refused)");
        free(d->token);
        free(d);
        return MOT_ERR_OPEN;
    }
    *out = d;
    return MOT_OK;
}

void mot_dashboard_stop(mot_dashboard *d)
{
    if (!d)
        return;
    mot_board_close(d->board);
    MHD_stop_daemon(d->daemon);
    free(d->token);
    free(d);
}
