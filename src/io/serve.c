#include "io/serve.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "io/audiosocket.h"
#include "io/event.h"
#include "io/record.h"
#include "io/serve_net.h"
#include "mot/engine.h"

#define N_RATES 9         /* audio kinds 0x10..0x18 */
#define READ_BYTES 65536  /* one read per readable connection and wake-up */
#define N_FRAMES 64       /* engine frames taken per process call */
#define TICK_S 0.25       /* idle checks and dashboard rows */
#define SPARK_FRAMES ((int)(MOT_BOARD_SPARK_S / MOT_HOP_S + 0.5))
#define SPARE_FDS 32      /* beyond the calls and other_fds: log, listeners, libraries */
#define ACCEPT_PAUSE_S 1.0 /* out of descriptors: stop accepting this long */

typedef struct call {
    int fd;                       /* -1: the slot is free */
    char peer[MOT_NET_NAME_MAX];
    char id[MOT_AS_UUID_TEXT];    /* "" until the UUID message */
    double start_unix_s;
    double last_msg_s;            /* monotonic time of the last whole message */
    mot_engine *engine;           /* NULL until the first audio */
    unsigned kind;                /* audio kind of the engine */
    unsigned long long n_samples; /* audio received */
    long n_window;                /* window frames the engine handed out */
    int emitted;                  /* 0 none, 1 provisional, 2 final */
    int fresh;                    /* audio since the last summary */
    mot_summary summary;
    float spark[MOT_BOARD_SPARK]; /* ring of pitch points */
    int spark_head, n_spark;
    float spark_sum;              /* voiced F0 summed over the point being made */
    int spark_voiced, spark_frames;
    mot_as_parser parser;
} call;

typedef struct pool {
    mot_engine **engines; /* max_calls */
    size_t n;
} pool;

struct mot_server {
    mot_serve_options o;
    int epoll_fd, stop_fd, log_fd;
    double accept_resume_s; /* > 0: the listener is unwatched until then */
    call *calls;          /* max_calls */
    size_t n_active;
    pool pools[N_RATES];
    unsigned char buf[READ_BYTES];
    float samples[MOT_AS_MAX_PAYLOAD / 2];
    mot_frame frames[N_FRAMES];
};

/* Markers told apart from calls in epoll data. */
static char listener_tag, stop_tag;

static double now_s(clockid_t clock)
{
    struct timespec t;

    clock_gettime(clock, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

__attribute__((format(printf, 3, 4)))
static void notice(const mot_server *s, const call *c, const char *fmt, ...)
{
    char text[256], line[512];
    va_list ap;

    if (!s->o.on_notice)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (c)
        snprintf(line, sizeof line, "call %s from %s: %s", c->id[0] ? c->id : "(no UUID yet)",
                 c->peer, text);
    s->o.on_notice(s->o.ctx, c ? line : text);
}

static mot_status errno_detail(char *detail, size_t detail_size, const char *what)
{
    char why[128];

    if (strerror_r(errno, why, sizeof why) != 0)
        snprintf(why, sizeof why, "error %d", errno);
    snprintf(detail, detail_size, "%s: %s", what, why);
    return MOT_ERR_OPEN;
}

/* Each call needs a descriptor; ask for the hard limit if the soft one is
 * too low. */
static mot_status enough_files(size_t max_calls, size_t other_fds, char *detail,
                               size_t detail_size)
{
    struct rlimit rl;
    const rlim_t need = (rlim_t)max_calls + (rlim_t)other_fds + SPARE_FDS;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
        return MOT_OK;
    rl.rlim_cur = rl.rlim_max < need ? rl.rlim_max : need;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur >= need)
        return MOT_OK;
    snprintf(detail, detail_size,
             "%zu calls need %llu open files but the system allows %llu (ulimit -n)", max_calls,
             (unsigned long long)need, (unsigned long long)rl.rlim_max);
    return MOT_ERR_INVALID_ARG;
}

static int watch(mot_server *s, int fd, void *tag)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = tag};
    return epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
}

mot_status mot_server_new(const mot_serve_options *o, mot_server **out, char *detail,
                          size_t detail_size)
{
    mot_server *s;
    mot_status st;

    *out = NULL;
    if (o->max_calls < 1 || !(o->idle_s > 0) || o->listen_fd < 0 || !o->board)
        return MOT_ERR_INVALID_ARG;
    if ((st = enough_files(o->max_calls, o->other_fds, detail, detail_size)) != MOT_OK)
        return st;
    s = calloc(1, sizeof *s);
    if (!s)
        return MOT_ERR_NOMEM;
    s->o = *o;
    s->epoll_fd = s->stop_fd = s->log_fd = -1;
    st = MOT_ERR_NOMEM;
    s->calls = calloc(o->max_calls, sizeof *s->calls);
    if (!s->calls)
        goto fail;
    for (size_t i = 0; i < o->max_calls; i++)
        s->calls[i].fd = -1;
    for (size_t r = 0; r < N_RATES; r++)
        if (!(s->pools[r].engines = calloc(o->max_calls, sizeof(mot_engine *))))
            goto fail;
    s->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    s->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s->epoll_fd < 0 || s->stop_fd < 0 || watch(s, o->listen_fd, &listener_tag) != 0 ||
        watch(s, s->stop_fd, &stop_tag) != 0) {
        st = errno_detail(detail, detail_size, "cannot set up the event loop");
        goto fail;
    }
    if (o->log_path) {
        s->log_fd = open(o->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (s->log_fd < 0) {
            char what[512];
            snprintf(what, sizeof what, "cannot open the log %s", o->log_path);
            st = errno_detail(detail, detail_size, what);
            goto fail;
        }
    }
    *out = s;
    return MOT_OK;
fail:
    s->o.listen_fd = -1; /* the caller still owns it */
    mot_server_free(s);
    return st;
}

void mot_server_free(mot_server *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->calls && i < s->o.max_calls; i++) {
        if (s->calls[i].fd >= 0)
            close(s->calls[i].fd);
        mot_engine_free(s->calls[i].engine);
    }
    for (size_t r = 0; r < N_RATES; r++) {
        for (size_t i = 0; i < s->pools[r].n; i++)
            mot_engine_free(s->pools[r].engines[i]);
        free(s->pools[r].engines);
    }
    if (s->o.listen_fd >= 0)
        close(s->o.listen_fd);
    if (s->epoll_fd >= 0)
        close(s->epoll_fd);
    if (s->stop_fd >= 0)
        close(s->stop_fd);
    if (s->log_fd >= 0)
        close(s->log_fd);
    free(s->calls);
    free(s);
}

void mot_server_stop(mot_server *s)
{
    const uint64_t one = 1;
    ssize_t rc = write(s->stop_fd, &one, sizeof one);
    (void)rc; /* a full counter already says "stop" */
}

/* --- one call ------------------------------------------------------------ */

static void row_of(const call *c, mot_board_row *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->call, sizeof r->call, "%s", c->id);
    snprintf(r->peer, sizeof r->peer, "%s", c->peer);
    r->start_unix_s = c->start_unix_s;
    r->rate_hz = c->kind ? mot_as_rate_hz(c->kind) : 0.0;
    r->heard_s = r->rate_hz > 0 ? (double)c->n_samples / r->rate_hz : 0.0;
    r->summary = c->summary;
    r->n_spark = c->n_spark;
    for (int i = 0; i < c->n_spark; i++)
        r->spark_f0_hz[i] =
            c->spark[(c->spark_head - c->n_spark + i + MOT_BOARD_SPARK) % MOT_BOARD_SPARK];
}

static void publish(mot_server *s, call *c)
{
    mot_board_row row;

    if (!c->id[0])
        return;
    if (c->engine && c->fresh) {
        mot_engine_summary(c->engine, &c->summary);
        c->fresh = 0;
    }
    row_of(c, &row);
    mot_board_put(s->o.board, (size_t)(c - s->calls), &row);
}

static void write_log(mot_server *s, const call *c, const char *line, size_t len)
{
    for (size_t at = 0; at < len;) {
        ssize_t k = write(s->log_fd, line + at, len - at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            char why[128];
            if (strerror_r(errno, why, sizeof why) != 0)
                snprintf(why, sizeof why, "error %d", errno);
            notice(s, c, "the final verdict could not be logged: %s", why);
            return;
        }
        at += (size_t)k;
    }
}

/* Announce the verdict in c->summary as `event`. */
static void emit(mot_server *s, call *c, const char *event)
{
    mot_file_result r;
    char agent[MOT_BOARD_AGENT_MAX + 1] = "";
    char *line = NULL;
    size_t len;

    mot_file_result_init(&r, c->id, 0);
    r.sample_rate_hz = mot_as_rate_hz(c->kind);
    r.channels = 1;
    r.duration_s = c->summary.heard_s;
    r.summary = c->summary;
    mot_board_agent(s->o.board, (size_t)(c - s->calls), agent, sizeof agent);
    const mot_event ev = {.event = event, .call = c->id, .time_s = c->summary.heard_s,
                          .record = &r, .uuid = c->id, .start_unix_s = c->start_unix_s,
                          .agent = agent};
    if (mot_event_format(&ev, &line, &len) != MOT_OK) {
        notice(s, c, "out of memory formatting the %s verdict", event);
        return;
    }
    if (strcmp(event, "final") == 0 && s->log_fd >= 0)
        write_log(s, c, line, len);
    mot_board_post(s->o.board, event, line, len);
    free(line);
    c->emitted = strcmp(event, "final") == 0 ? 2 : 1;
}

/* Pitch points for the sparkline and the window frames counted, from the
 * frames the engine hands out. */
static void take_frames(call *c, const mot_frame *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        c->n_window += f[i].in_window;
        if (f[i].f0_hz > 0) {
            c->spark_sum += f[i].f0_hz;
            c->spark_voiced++;
        }
        if (++c->spark_frames < SPARK_FRAMES)
            continue;
        c->spark[c->spark_head] = c->spark_voiced ? c->spark_sum / (float)c->spark_voiced : 0;
        c->spark_head = (c->spark_head + 1) % MOT_BOARD_SPARK;
        if (c->n_spark < MOT_BOARD_SPARK)
            c->n_spark++;
        c->spark_sum = 0;
        c->spark_voiced = c->spark_frames = 0;
    }
}

/* Ask the engine for its summary only near the provisional and final
 * marks (counted from the window frames it handed out): a summary scans
 * the pitch histogram, too much to do for every message of every call.
 * The engine's own state decides. */
static void check_verdicts(mot_server *s, call *c)
{
    const double window_s = (double)c->n_window * MOT_HOP_S;
    const double mark_s = c->emitted == 0 ? s->o.cfg.provisional_s : s->o.cfg.window_s;

    if (c->emitted == 2 || window_s < mark_s - 2 * MOT_HOP_S)
        return;
    mot_engine_summary(c->engine, &c->summary);
    c->fresh = 0;
    if (c->emitted == 0 && c->summary.state != MOT_STATE_LISTENING)
        emit(s, c, "provisional");
    if (c->emitted == 1 && c->summary.state == MOT_STATE_FINAL)
        emit(s, c, "final");
    if (c->summary.state != MOT_STATE_LISTENING)
        publish(s, c);
}

static void engine_back(mot_server *s, call *c)
{
    if (!c->engine)
        return;
    pool *p = &s->pools[c->kind - MOT_AS_AUDIO_8K];
    size_t pooled = 0;
    for (size_t r = 0; r < N_RATES; r++)
        pooled += s->pools[r].n;
    mot_engine_reset(c->engine);
    /* Engines kept, over all rates, with those of the other calls: no more
     * than a full server needs (calls at one rate after another at
     * another would otherwise keep --max-calls engines for each rate). */
    if (pooled + s->n_active <= s->o.max_calls && p->n < s->o.max_calls)
        p->engines[p->n++] = c->engine;
    else
        mot_engine_free(c->engine);
    c->engine = NULL;
}

/* End the call in its slot: with `verdict`, finish the engine and announce
 * the final verdict if there was speech and none was given yet. */
static void end_call(mot_server *s, call *c, int verdict, const char *why)
{
    if (verdict && c->engine) {
        size_t n;
        do {
            n = N_FRAMES;
            mot_engine_finish(c->engine, s->frames, &n);
            take_frames(c, s->frames, n);
        } while (n == N_FRAMES);
        mot_engine_summary(c->engine, &c->summary);
        if (c->emitted < 2 && !isnan(c->summary.window_start_s))
            emit(s, c, "final");
    }
    if (c->id[0]) {
        mot_board_row row;
        row_of(c, &row);
        snprintf(row.ended, sizeof row.ended, "%s", why);
        if (isnan(c->summary.window_start_s) || !c->engine)
            row.summary.state = MOT_STATE_LISTENING;
        mot_board_retire(s->o.board, (size_t)(c - s->calls), &row);
    }
    engine_back(s, c);
    close(c->fd); /* also leaves the epoll set */
    c->fd = -1;
    s->n_active--;
}

static int feed_audio(mot_server *s, call *c, const mot_as_msg *m)
{
    const size_t n = m->len / 2;
    const unsigned char *p = m->payload;
    size_t at = 0, n_out;

    if (!c->engine) {
        pool *pl = &s->pools[m->kind - MOT_AS_AUDIO_8K];
        char why[256] = "";
        c->kind = m->kind;
        if (pl->n > 0) {
            c->engine = pl->engines[--pl->n];
        } else {
            mot_config cfg = s->o.cfg;
            cfg.input_rate_hz = mot_as_rate_hz(m->kind);
            mot_status st = mot_engine_new(&cfg, s->o.model, &c->engine, why, sizeof why);
            if (st != MOT_OK) {
                notice(s, c, "closed: no engine for %g Hz audio (%s)", cfg.input_rate_hz,
                       why[0] ? why : mot_strerror(st));
                end_call(s, c, 0, "no engine for its audio");
                return -1;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        s->samples[i] = (float)(int16_t)(uint16_t)(p[2 * i] | p[2 * i + 1] << 8) / 32768.0f;
    do {
        size_t n_in = n - at;
        n_out = N_FRAMES;
        mot_status st = mot_engine_process(c->engine, s->samples + at, &n_in, s->frames, &n_out);
        if (st != MOT_OK) {
            notice(s, c, "closed: the engine refused audio (%s)", mot_strerror(st));
            end_call(s, c, 0, "the engine refused its audio");
            return -1;
        }
        take_frames(c, s->frames, n_out);
        at += n_in;
    } while (at < n || n_out == N_FRAMES);
    c->n_samples += n;
    c->fresh = 1;
    check_verdicts(s, c);
    return 0;
}

static int call_named(mot_server *s, call *c, const unsigned char *uuid)
{
    mot_as_uuid_text(uuid, c->id);
    for (size_t i = 0; i < s->o.max_calls; i++) {
        if (&s->calls[i] != c && s->calls[i].fd >= 0 && strcmp(s->calls[i].id, c->id) == 0) {
            notice(s, c, "closed: a call with this UUID is already connected");
            c->id[0] = '\0'; /* the board row belongs to the other call */
            end_call(s, c, 0, "duplicate UUID");
            return -1;
        }
    }
    c->start_unix_s = now_s(CLOCK_REALTIME);
    publish(s, c);
    return 0;
}

/* Act on one message; -1 when the call has ended. */
static int on_message(mot_server *s, call *c, const mot_as_msg *m)
{
    if (mot_as_rate_hz(m->kind) > 0)
        return feed_audio(s, c, m);
    switch (m->kind) {
    case MOT_AS_UUID:
        return call_named(s, c, m->payload);
    case MOT_AS_HANGUP:
        end_call(s, c, 1, "hung up");
        return -1;
    case MOT_AS_ERROR:
        notice(s, c, "closed: the peer reported error 0x%02x", m->len ? m->payload[0] : 0);
        end_call(s, c, 1, "error from the peer");
        return -1;
    default: /* DTMF: nothing to judge */
        return 0;
    }
}

static void on_readable(mot_server *s, call *c)
{
    ssize_t n = read(c->fd, s->buf, sizeof s->buf);
    size_t at = 0, used;
    mot_as_msg m;

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        char why[128] = "the peer closed the connection without a hangup";
        if (n < 0 && strerror_r(errno, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", errno);
        notice(s, c, "closed: %s", why);
        end_call(s, c, 1, n == 0 ? "closed without a hangup" : "connection failed");
        return;
    }
    const double now = now_s(CLOCK_MONOTONIC);
    while (at < (size_t)n) {
        mot_as_result r = mot_as_parse(&c->parser, s->buf + at, (size_t)n - at, &used, &m);
        at += used;
        if (r == MOT_AS_BAD) {
            notice(s, c, "closed: %s", c->parser.reason);
            end_call(s, c, 0, "malformed stream");
            return;
        }
        if (r == MOT_AS_MORE)
            return;
        /* Whole messages, not bytes, keep a call alive: a byte now and
         * then must not hold a slot for ever. */
        c->last_msg_s = now;
        if (on_message(s, c, &m) != 0)
            return;
    }
}

static void on_connect(mot_server *s)
{
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        char peer[MOT_NET_NAME_MAX];
        int fd = accept(s->o.listen_fd, (struct sockaddr *)&ss, &len);
        call *c = NULL;

        if (fd < 0) {
            const int err = errno;
            if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR || err == ECONNABORTED)
                return;
            /* The listener stays readable while the connection waits: out
             * of descriptors or memory, stop watching it for a moment
             * rather than spin on it. */
            if ((err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) &&
                epoll_ctl(s->epoll_fd, EPOLL_CTL_DEL, s->o.listen_fd, NULL) == 0) {
                s->accept_resume_s = now_s(CLOCK_MONOTONIC) + ACCEPT_PAUSE_S;
                notice(s, NULL, "cannot accept a connection: %s; not accepting for %g s",
                       strerror(err), ACCEPT_PAUSE_S);
            } else {
                notice(s, NULL, "cannot accept a connection: %s", strerror(err));
            }
            return;
        }
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        mot_net_name((struct sockaddr *)&ss, peer);
        for (size_t i = 0; !c && s->n_active < s->o.max_calls && i < s->o.max_calls; i++)
            if (s->calls[i].fd < 0)
                c = &s->calls[i];
        if (!c || fcntl(fd, F_SETFL, O_NONBLOCK) != 0 || watch(s, fd, c) != 0) {
            notice(s, NULL, "refused a call from %s: %s", peer,
                   c ? "cannot watch its socket" : "already at --max-calls");
            close(fd);
            continue;
        }
        memset(c, 0, offsetof(call, parser));
        mot_as_parser_init(&c->parser);
        c->fd = fd;
        snprintf(c->peer, sizeof c->peer, "%s", peer);
        c->last_msg_s = now_s(CLOCK_MONOTONIC);
        c->summary.window_start_s = NAN;
        s->n_active++;
    }
}

/* Close silent connections; refresh the dashboard rows. */
static void tick(mot_server *s)
{
    const double now = now_s(CLOCK_MONOTONIC);

    if (s->accept_resume_s > 0.0 && now >= s->accept_resume_s)
        s->accept_resume_s = watch(s, s->o.listen_fd, &listener_tag) == 0 ? 0.0
                                                                          : now + ACCEPT_PAUSE_S;

    for (size_t i = 0; i < s->o.max_calls; i++) {
        call *c = &s->calls[i];
        if (c->fd < 0)
            continue;
        if (now - c->last_msg_s > s->o.idle_s) {
            notice(s, c, "closed: no complete message for %g s", s->o.idle_s);
            end_call(s, c, 1, "went silent");
        } else if (c->fresh) {
            publish(s, c);
        }
    }
}

mot_status mot_server_run(mot_server *s, char *detail, size_t detail_size)
{
    struct epoll_event evs[256];
    double next_tick = now_s(CLOCK_MONOTONIC) + TICK_S;
    int stop = 0;

    while (!stop) {
        int wait_ms = (int)ceil((next_tick - now_s(CLOCK_MONOTONIC)) * 1000.0);
        int n = epoll_wait(s->epoll_fd, evs, 256, wait_ms > 0 ? wait_ms : 0);
        if (n < 0 && errno != EINTR)
            return errno_detail(detail, detail_size, "the event loop failed");
        for (int i = 0; i < n; i++) {
            void *tag = evs[i].data.ptr;
            if (tag == &listener_tag)
                on_connect(s);
            else if (tag == &stop_tag)
                stop = 1;
            else if (((call *)tag)->fd >= 0)
                on_readable(s, tag);
        }
        if (now_s(CLOCK_MONOTONIC) >= next_tick) {
            tick(s);
            next_tick = now_s(CLOCK_MONOTONIC) + TICK_S;
        }
    }
    for (size_t i = 0; i < s->o.max_calls; i++)
        if (s->calls[i].fd >= 0)
            end_call(s, &s->calls[i], 1, "server shut down");
    return MOT_OK;
}
