/* The AudioSocket parser (src/io/audiosocket.h): one stream cut into reads
 * of every size gives the same messages; each malformed stream is refused
 * with a reason, oversized ones right after their header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/audiosocket.h"

#define N_OF(a) (sizeof a / sizeof a[0])

static const unsigned char uuid[16] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
                                       0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};

/* Append one message to buf at *len. */
static void put(unsigned char *buf, size_t *len, unsigned kind, const void *payload, size_t n)
{
    mot_as_header(kind, n, buf + *len);
    if (n)
        memcpy(buf + *len + MOT_AS_HEADER_BYTES, payload, n);
    *len += MOT_AS_HEADER_BYTES + n;
}

typedef struct seen {
    unsigned kinds[16];
    size_t lens[16];
    unsigned sum[16]; /* of the payload bytes */
    size_t n;
} seen;

/* Feed buf in pieces of `piece` bytes; collect messages. Returns the last
 * result. */
static mot_as_result feed(mot_as_parser *p, const unsigned char *buf, size_t len, size_t piece,
                          seen *s)
{
    mot_as_result r = MOT_AS_MORE;

    memset(s, 0, sizeof *s);
    for (size_t off = 0; off < len;) {
        size_t n = len - off < piece ? len - off : piece, used;
        mot_as_msg m;
        r = mot_as_parse(p, buf + off, n, &used, &m);
        assert_true(used <= n);
        off += used;
        if (r == MOT_AS_BAD)
            return r;
        if (r == MOT_AS_MESSAGE) {
            assert_true(s->n < N_OF(s->kinds));
            s->kinds[s->n] = m.kind;
            s->lens[s->n] = m.len;
            for (size_t i = 0; i < m.len; i++)
                s->sum[s->n] += m.payload[i] * (unsigned)(i + 1);
            s->n++;
        } else {
            assert_int_equal(used, n); /* MORE takes everything offered */
        }
    }
    return r;
}

static void test_one_stream_any_cut(void **state)
{
    (void)state;
    unsigned char buf[4096], audio[320];
    size_t len = 0;
    seen whole, cut;
    mot_as_parser *p = malloc(sizeof *p);

    for (size_t i = 0; i < sizeof audio; i++)
        audio[i] = (unsigned char)(i * 7 + 3);
    put(buf, &len, MOT_AS_UUID, uuid, 16);
    put(buf, &len, MOT_AS_AUDIO_8K, audio, 320);
    put(buf, &len, MOT_AS_DTMF, "5", 1);
    put(buf, &len, MOT_AS_AUDIO_8K, audio, 0);
    put(buf, &len, MOT_AS_AUDIO_8K, audio + 2, 318);
    put(buf, &len, MOT_AS_HANGUP, NULL, 0);

    mot_as_parser_init(p);
    assert_int_equal(feed(p, buf, len, len, &whole), MOT_AS_MESSAGE);
    assert_int_equal(whole.n, 6);
    const unsigned kinds[] = {MOT_AS_UUID, MOT_AS_AUDIO_8K, MOT_AS_DTMF,
                              MOT_AS_AUDIO_8K, MOT_AS_AUDIO_8K, MOT_AS_HANGUP};
    const size_t lens[] = {16, 320, 1, 0, 318, 0};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(whole.kinds[i], kinds[i]);
        assert_int_equal(whole.lens[i], lens[i]);
    }
    for (size_t piece = 1; piece <= 700; piece += piece < 8 ? 1 : 37) {
        mot_as_parser_init(p);
        assert_int_equal(feed(p, buf, len, piece, &cut), MOT_AS_MESSAGE);
        assert_memory_equal(&cut, &whole, sizeof cut);
    }
    free(p);
}

/* A payload that arrives whole in one read is handed out where it lies. */
static void test_zero_copy(void **state)
{
    (void)state;
    unsigned char buf[64];
    size_t len = 0, used;
    mot_as_msg m;
    mot_as_parser *p = malloc(sizeof *p);

    put(buf, &len, MOT_AS_UUID, uuid, 16);
    mot_as_parser_init(p);
    assert_int_equal(mot_as_parse(p, buf, len, &used, &m), MOT_AS_MESSAGE);
    assert_ptr_equal(m.payload, buf + MOT_AS_HEADER_BYTES);
    assert_int_equal(used, len);
    free(p);
}

typedef struct bad_case {
    const char *name;
    unsigned char bytes[40];
    size_t len;
    size_t used_at_most; /* bytes taken before the refusal */
    const char *reason;  /* a word the reason must hold */
} bad_case;

static void test_malformed(void **state)
{
    (void)state;
    /* Every case starts with a UUID message unless it is about the UUID. */
#define UUID_MSG 0x01, 0x00, 0x10, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, \
                 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef
    static const bad_case cases[] = {
        {"audio first", {0x10, 0x00, 0x02, 0, 0}, 5, 3, "UUID"},
        {"short UUID", {0x01, 0x00, 0x0f}, 3, 3, "16"},
        {"second UUID", {UUID_MSG, UUID_MSG}, 38, 22, "second"},
        {"odd audio", {UUID_MSG, 0x10, 0x00, 0x03, 1, 2, 3}, 25, 22, "16-bit"},
        {"64 KB audio", {UUID_MSG, 0x10, 0xff, 0xff}, 22, 22, "limit"},
        {"over 100 ms", {UUID_MSG, 0x10, 0x06, 0x42}, 22, 22, "limit"},
        {"unknown kind", {UUID_MSG, 0x42, 0x00, 0x00}, 22, 22, "unknown"},
        {"rate change", {UUID_MSG, 0x10, 0x00, 0x02, 0, 0, 0x12, 0x00, 0x02, 0, 0}, 30, 27, "rate"},
        {"long DTMF", {UUID_MSG, 0x03, 0x00, 0x02, '1', '2'}, 24, 22, "DTMF"},
        {"hangup with data", {UUID_MSG, 0x00, 0x00, 0x01, 0}, 23, 22, "hangup"},
        {"after hangup", {UUID_MSG, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00}, 25, 25, "after"},
    };
    mot_as_parser *p = malloc(sizeof *p);

    for (size_t c = 0; c < N_OF(cases); c++) {
        size_t off = 0, used;
        mot_as_result r = MOT_AS_MORE;
        mot_as_msg m;
        mot_as_parser_init(p);
        while (off < cases[c].len) {
            r = mot_as_parse(p, cases[c].bytes + off, cases[c].len - off, &used, &m);
            off += used;
            if (r != MOT_AS_MESSAGE)
                break;
        }
        if (r != MOT_AS_BAD || off > cases[c].used_at_most || !strstr(p->reason, cases[c].reason))
            fail_msg("%s: result %d after %zu bytes, reason '%s'", cases[c].name, r, off,
                     p->reason);
        /* A bad parser stays bad. */
        assert_int_equal(mot_as_parse(p, cases[c].bytes, 1, &used, &m), MOT_AS_BAD);
    }
    free(p);
}

/* The audio limit follows the rate: 100 ms, at most MOT_AS_MAX_PAYLOAD. */
static void test_rates_and_limits(void **state)
{
    (void)state;
    static const double rates[] = {8000, 12000, 16000, 24000, 32000, 44100, 48000, 96000, 192000};
    mot_as_parser *p = malloc(sizeof *p);
    unsigned char buf[MOT_AS_HEADER_BYTES + MOT_AS_UUID_BYTES + MOT_AS_HEADER_BYTES];
    size_t len, used;
    mot_as_msg m;

    for (unsigned k = 0; k < N_OF(rates); k++) {
        const unsigned kind = MOT_AS_AUDIO_8K + k;
        assert_true(mot_as_rate_hz(kind) == rates[k]);
        assert_int_equal(mot_as_kind_for_rate(rates[k]), (int)kind);
        size_t limit = (size_t)(rates[k] / 10) * 2;
        if (limit > MOT_AS_MAX_PAYLOAD)
            limit = MOT_AS_MAX_PAYLOAD;
        for (int over = 0; over <= 1; over++) {
            len = 0;
            put(buf, &len, MOT_AS_UUID, uuid, 16);
            mot_as_header(kind, limit + 2 * (size_t)over, buf + len);
            len += MOT_AS_HEADER_BYTES;
            mot_as_parser_init(p);
            assert_int_equal(mot_as_parse(p, buf, len, &used, &m), MOT_AS_MESSAGE);
            assert_int_equal(mot_as_parse(p, buf + used, len - used, &used, &m),
                             over ? MOT_AS_BAD : MOT_AS_MORE);
        }
    }
    assert_true(mot_as_rate_hz(0x19) == 0.0 && mot_as_rate_hz(MOT_AS_UUID) == 0.0);
    assert_int_equal(mot_as_kind_for_rate(11025), -1);
    free(p);
}

static void test_uuid_text(void **state)
{
    (void)state;
    char text[MOT_AS_UUID_TEXT];
    unsigned char back[16];

    mot_as_uuid_text(uuid, text);
    assert_string_equal(text, "12345678-9abc-def0-0123-456789abcdef");
    assert_int_equal(mot_as_uuid_parse("12345678-9ABC-def0-0123-456789abcdef", back), 0);
    assert_memory_equal(back, uuid, 16);
    assert_int_equal(mot_as_uuid_parse("12345678-9abc-def0-0123-456789abcde", back), -1);
    assert_int_equal(mot_as_uuid_parse("12345678-9abc-def0-0123-456789abcdeg", back), -1);
    assert_int_equal(mot_as_uuid_parse("123456789-abc-def0-0123-456789abcdef", back), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_stream_any_cut), cmocka_unit_test(test_zero_copy),
        cmocka_unit_test(test_malformed),          cmocka_unit_test(test_rates_and_limits),
        cmocka_unit_test(test_uuid_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
