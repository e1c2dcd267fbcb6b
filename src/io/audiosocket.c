#include "io/audiosocket.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Rates of the audio kinds 0x10..0x18, Hz. */
static const double audio_rates_hz[] = {8000,  12000, 16000, 24000, 32000,
                                        44100, 48000, 96000, 192000};
#define N_AUDIO_KINDS (sizeof audio_rates_hz / sizeof audio_rates_hz[0])

double mot_as_rate_hz(unsigned kind)
{
    if (kind < MOT_AS_AUDIO_8K || kind >= MOT_AS_AUDIO_8K + N_AUDIO_KINDS)
        return 0.0;
    return audio_rates_hz[kind - MOT_AS_AUDIO_8K];
}

int mot_as_kind_for_rate(double rate_hz)
{
    for (size_t i = 0; i < N_AUDIO_KINDS; i++)
        if (audio_rates_hz[i] == rate_hz)
            return MOT_AS_AUDIO_8K + (int)i;
    return -1;
}

void mot_as_header(unsigned kind, size_t len, unsigned char out[MOT_AS_HEADER_BYTES])
{
    out[0] = (unsigned char)kind;
    out[1] = (unsigned char)(len >> 8);
    out[2] = (unsigned char)len;
}

void mot_as_uuid_text(const unsigned char uuid[MOT_AS_UUID_BYTES], char out[MOT_AS_UUID_TEXT])
{
    static const char hex[] = "0123456789abcdef";
    char *o = out;

    for (int i = 0; i < MOT_AS_UUID_BYTES; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[uuid[i] >> 4];
        *o++ = hex[uuid[i] & 15];
    }
    *o = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int mot_as_uuid_parse(const char *text, unsigned char out[MOT_AS_UUID_BYTES])
{
    if (strlen(text) != MOT_AS_UUID_TEXT - 1)
        return -1;
    for (int i = 0, pos = 0; i < MOT_AS_UUID_BYTES; i++, pos += 2) {
        if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
            if (text[pos] != '-')
                return -1;
            pos++;
        }
        int hi = hex_value(text[pos]), lo = hex_value(text[pos + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

void mot_as_parser_init(mot_as_parser *p)
{
    p->head_fill = p->need = p->fill = 0;
    p->have_uuid = p->ended = 0;
    p->audio_kind = 0;
    p->reason[0] = '\0';
}

__attribute__((format(printf, 2, 3)))
static mot_as_result bad(mot_as_parser *p, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(p->reason, sizeof p->reason, fmt, ap);
    va_end(ap);
    p->ended = 1;
    return MOT_AS_BAD;
}

/* Largest payload of an audio kind: 100 ms, capped by the buffer. */
static size_t audio_max_bytes(unsigned kind)
{
    size_t bytes = (size_t)(mot_as_rate_hz(kind) / 10.0) * 2;
    return bytes < MOT_AS_MAX_PAYLOAD ? bytes : MOT_AS_MAX_PAYLOAD;
}

/* Judge a complete header against the protocol and what came before. */
static mot_as_result check_header(mot_as_parser *p, unsigned kind, size_t len)
{
    if (p->ended)
        return bad(p, "data arrived after the hangup");
    if (!p->have_uuid && kind != MOT_AS_UUID)
        return bad(p, "the stream does not start with a UUID message (kind 0x%02x came first)",
                   kind);
    if (mot_as_rate_hz(kind) > 0.0) {
        if (len > audio_max_bytes(kind))
            return bad(p, "an audio message of %zu bytes is over the limit of %zu", len,
                       audio_max_bytes(kind));
        if (len % 2)
            return bad(p, "an audio message of %zu bytes splits a 16-bit sample", len);
        if (p->audio_kind && kind != p->audio_kind)
            return bad(p, "the audio rate changed from %g to %g Hz within the call",
                       mot_as_rate_hz(p->audio_kind), mot_as_rate_hz(kind));
        p->audio_kind = kind;
        return MOT_AS_MORE;
    }
    switch (kind) {
    case MOT_AS_UUID:
        if (p->have_uuid)
            return bad(p, "a second UUID message arrived");
        if (len != MOT_AS_UUID_BYTES)
            return bad(p, "a UUID message holds %zu bytes instead of 16", len);
        p->have_uuid = 1;
        return MOT_AS_MORE;
    case MOT_AS_HANGUP:
    case MOT_AS_ERROR:
    case MOT_AS_DTMF:
        if (len > 1 || (kind == MOT_AS_DTMF && len != 1) || (kind == MOT_AS_HANGUP && len))
            return bad(p, "a %s message holds %zu bytes",
                       kind == MOT_AS_DTMF ? "DTMF" : kind == MOT_AS_HANGUP ? "hangup" : "error",
                       len);
        return MOT_AS_MORE;
    default:
        return bad(p, "unknown message kind 0x%02x (%zu bytes)", kind, len);
    }
}

mot_as_result mot_as_parse(mot_as_parser *p, const unsigned char *data, size_t n,
                           size_t *used, mot_as_msg *msg)
{
    size_t at = 0;

    *used = 0;
    if (p->reason[0])
        return MOT_AS_BAD;
    if (p->head_fill < MOT_AS_HEADER_BYTES) {
        while (p->head_fill < MOT_AS_HEADER_BYTES && at < n)
            p->head[p->head_fill++] = data[at++];
        *used = at;
        if (p->head_fill < MOT_AS_HEADER_BYTES)
            return MOT_AS_MORE;
        p->need = (size_t)p->head[1] << 8 | p->head[2];
        p->fill = 0;
        if (check_header(p, p->head[0], p->need) == MOT_AS_BAD)
            return MOT_AS_BAD;
    }
    msg->kind = p->head[0];
    msg->len = p->need;
    if (p->fill == 0 && n - at >= p->need) {
        /* The whole payload is in this read: hand it out where it lies. */
        msg->payload = data + at;
        at += p->need;
    } else {
        size_t take = p->need - p->fill < n - at ? p->need - p->fill : n - at;
        memcpy(p->payload + p->fill, data + at, take);
        p->fill += take;
        at += take;
        if (p->fill < p->need) {
            *used = at;
            return MOT_AS_MORE;
        }
        msg->payload = p->payload;
    }
    *used = at;
    p->head_fill = 0;
    if (msg->kind == MOT_AS_HANGUP || msg->kind == MOT_AS_ERROR)
        p->ended = 1;
    return MOT_AS_MESSAGE;
}

int mot_as_uuid_random(unsigned char out[MOT_AS_UUID_BYTES])
{
    FILE *f = fopen("/dev/urandom", "rb");
    size_t n = f ? fread(out, 1, MOT_AS_UUID_BYTES, f) : 0;

    if (f)
        fclose(f);
    if (n != MOT_AS_UUID_BYTES)
        return -1;
    out[6] = (unsigned char)((out[6] & 0x0f) | 0x40); /* version 4 */
    out[8] = (unsigned char)((out[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    return 0;
}
