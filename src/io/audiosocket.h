/* AudioSocket: the framing of Asterisk's AudioSocket application and
 * channel driver (res_audiosocket), both directions.
 *
 * A message is kind (1 byte), payload length (2 bytes, big-endian), payload.
 * Kinds: 0x00 hangup, 0x01 the call's UUID (16 raw bytes, the first
 * message), 0x03 DTMF (1 ASCII byte), 0x10 audio as 16-bit signed linear
 * little-endian mono at 8 kHz, 0x11..0x18 the same at 12, 16, 24, 32, 44.1,
 * 48, 96 and 192 kHz (upstream master), 0xff error (1-byte code).
 *
 * The parser is incremental: feed it whatever a read returned, in pieces of
 * any size; it hands out one message at a time, checks each header before
 * taking its payload (so an oversized message is refused after 3 bytes), and
 * says in a sentence why a stream is malformed. It does no I/O and never
 * allocates. Thread-safety: one thread at a time per parser. */
#ifndef MOT_IO_AUDIOSOCKET_H
#define MOT_IO_AUDIOSOCKET_H

#include <stddef.h>

enum {
    MOT_AS_HANGUP = 0x00,
    MOT_AS_UUID = 0x01,
    MOT_AS_DTMF = 0x03,
    MOT_AS_AUDIO_8K = 0x10, /* 0x11..0x18: the higher rates, see mot_as_rate_hz() */
    MOT_AS_ERROR = 0xff
};

#define MOT_AS_HEADER_BYTES 3
#define MOT_AS_UUID_BYTES 16
/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and its NUL. */
#define MOT_AS_UUID_TEXT 37
/* Longest payload taken: audio messages may hold up to 100 ms, but never
 * more than this (42 ms at 192 kHz; Asterisk sends 20 ms). */
#define MOT_AS_MAX_PAYLOAD 16384

/* Sample rate of an audio kind, Hz; 0 when `kind` is not audio. */
double mot_as_rate_hz(unsigned kind);

/* A fresh version 4 (random) UUID from /dev/urandom. Returns 0, or -1 when
 * no randomness could be read. */
int mot_as_uuid_random(unsigned char out[MOT_AS_UUID_BYTES]);

/* The audio kind for a sample rate, or -1 when AudioSocket has none. */
int mot_as_kind_for_rate(double rate_hz);

/* The 3-byte header of a message of `kind` with `len` payload bytes
 * (len <= 65535). */
void mot_as_header(unsigned kind, size_t len, unsigned char out[MOT_AS_HEADER_BYTES]);

/* 16 raw bytes as the canonical lower-case UUID text. */
void mot_as_uuid_text(const unsigned char uuid[MOT_AS_UUID_BYTES], char out[MOT_AS_UUID_TEXT]);

/* Parse the canonical text form (either case) into 16 bytes. Returns 0, or
 * -1 when `text` is not exactly such a UUID. */
int mot_as_uuid_parse(const char *text, unsigned char out[MOT_AS_UUID_BYTES]);

typedef struct mot_as_msg {
    unsigned kind;
    const unsigned char *payload; /* valid until the next mot_as_parse() call
                                     and while the bytes fed in are */
    size_t len;
} mot_as_msg;

typedef enum mot_as_result {
    MOT_AS_BAD = -1,    /* malformed: mot_as_parser.reason says why; stop */
    MOT_AS_MORE = 0,    /* every byte taken, no complete message yet */
    MOT_AS_MESSAGE = 1  /* *msg holds a message; feed the rest again */
} mot_as_result;

typedef struct mot_as_parser {
    unsigned char head[MOT_AS_HEADER_BYTES];
    size_t head_fill;  /* header bytes held */
    size_t need;       /* payload length of the message being read */
    size_t fill;       /* payload bytes held in `payload` */
    int have_uuid;
    unsigned audio_kind; /* the call's audio kind once set, else 0 */
    int ended;         /* a hangup or error message was handed out */
    char reason[96];   /* why the stream is malformed, after MOT_AS_BAD */
    unsigned char payload[MOT_AS_MAX_PAYLOAD]; /* a message split across reads */
} mot_as_parser;

/* Ready *p for a new stream. Never fails. */
void mot_as_parser_init(mot_as_parser *p);

/* Take bytes from data[0..n) until one message is complete. *used gets the
 * bytes taken (all of them unless a message came out or the stream is bad).
 * Besides the framing, the stream must start with a UUID, carry a single
 * UUID, keep one audio rate, and send nothing after a hangup or an error.
 * After MOT_AS_BAD the parser stays bad until mot_as_parser_init(). */
mot_as_result mot_as_parse(mot_as_parser *p, const unsigned char *data, size_t n,
                           size_t *used, mot_as_msg *msg);

#endif
