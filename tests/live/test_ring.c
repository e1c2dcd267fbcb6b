/* mot_ring: sizes, wrap-around, picking one channel, overflow counting,
 * and two threads passing millions of samples through a small ring. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "io/ring.h"

static void test_capacity_rounds_up(void **state)
{
    mot_ring *r = NULL;

    (void)state;
    assert_int_equal(mot_ring_new(1000, &r), MOT_OK);
    assert_int_equal(mot_ring_capacity(r), 1024);
    mot_ring_free(r);
    assert_int_equal(mot_ring_new(1024, &r), MOT_OK);
    assert_int_equal(mot_ring_capacity(r), 1024);
    mot_ring_free(r);
    assert_int_equal(mot_ring_new(0, &r), MOT_ERR_INVALID_ARG);
    assert_null(r);
    assert_int_equal(mot_ring_new(((size_t)1 << 30) + 1, &r), MOT_ERR_INVALID_ARG);
    assert_int_equal(mot_ring_new(8, NULL), MOT_ERR_INVALID_ARG);
    mot_ring_free(NULL);
}

/* Fill past the end, read in odd pieces: values come back in order across
 * the wrap, and what did not fit is counted, not written. */
static void test_wrap_and_overflow(void **state)
{
    mot_ring *r;
    float in[1600], out[1600];
    size_t got = 0;

    (void)state;
    for (int i = 0; i < 1600; i++)
        in[i] = (float)i;
    assert_int_equal(mot_ring_new(1024, &r), MOT_OK);
    assert_int_equal(mot_ring_write(r, in, 700, 1), 700);
    assert_int_equal(mot_ring_read(r, out, 500), 500);
    /* 200 held, 824 free: 800 fit, so the wrap is crossed. */
    assert_int_equal(mot_ring_write(r, in + 700, 800, 1), 800);
    assert_int_equal(mot_ring_dropped(r), 0);
    /* 24 more fit; then it is full and all 50 are dropped. */
    assert_int_equal(mot_ring_write(r, in + 1500, 76, 1), 24);
    assert_int_equal(mot_ring_write(r, in + 1550, 50, 1), 0);
    assert_int_equal(mot_ring_dropped(r), 52 + 50);
    assert_int_equal(mot_ring_peak_fill(r), 1024);
    while (got < 1024) {
        size_t n = mot_ring_read(r, out + got, 333);
        assert_true(n > 0);
        got += n;
    }
    assert_int_equal(mot_ring_read(r, out, 10), 0);
    for (int i = 0; i < 1024; i++)
        assert_true(out[i] == (float)(500 + i));
    mot_ring_free(r);
}

/* The stride picks one channel out of interleaved frames. */
static void test_stride_picks_channel(void **state)
{
    mot_ring *r;
    float frames[3 * 64], out[64];

    (void)state;
    for (int i = 0; i < 64; i++) {
        frames[3 * i] = -1.0f;
        frames[3 * i + 1] = (float)i;
        frames[3 * i + 2] = -2.0f;
    }
    assert_int_equal(mot_ring_new(64, &r), MOT_OK);
    assert_int_equal(mot_ring_write(r, frames + 1, 64, 3), 64);
    assert_int_equal(mot_ring_read(r, out, 64), 64);
    for (int i = 0; i < 64; i++)
        assert_true(out[i] == (float)i);
    mot_ring_free(r);
}

/* Samples are numbered 1, 2, 3, ... (exact in a float up to 2^24). */
#define N_SAMPLES 12000000u
#define RING_SAMPLES 4096

typedef struct stream {
    mot_ring *ring;
    unsigned max_block; /* producer block sizes run 1..max_block */
    int lossless;       /* the producer waits until a block fits */
    atomic_ullong consumed; /* published by the reader, for `lossless` */
    unsigned long long written;
} stream;

static void *produce(void *arg)
{
    stream *s = arg;
    float block[1024];
    uint32_t next = 1, lcg = 12345;

    while (next <= N_SAMPLES) {
        lcg = lcg * 1664525u + 1013904223u;
        unsigned n = 1 + (lcg >> 8) % s->max_block;
        if (n > N_SAMPLES - next + 1)
            n = N_SAMPLES - next + 1;
        for (unsigned i = 0; i < n; i++)
            block[i] = (float)(next + i);
        while (s->lossless && s->written + n - atomic_load(&s->consumed) > RING_SAMPLES)
            sched_yield();
        s->written += mot_ring_write(s->ring, block, n, 1);
        next += n;
        if ((lcg & 0xff) == 0)
            sched_yield();
    }
    return NULL;
}

/* Read until every sample is either received or counted as dropped;
 * received samples must come strictly in order, and each gap in the
 * numbering must be matched by the drop count. */
static void run_stream(unsigned max_block, int lossless, int consumer_pauses,
                       unsigned long long *dropped)
{
    stream s = {.max_block = max_block, .lossless = lossless};
    pthread_t producer;
    float out[777];
    unsigned long long received = 0, skipped = 0;
    uint32_t last = 0, lcg = 99;

    assert_int_equal(mot_ring_new(RING_SAMPLES, &s.ring), MOT_OK);
    assert_int_equal(pthread_create(&producer, NULL, produce, &s), 0);
    while (received + mot_ring_dropped(s.ring) < N_SAMPLES) {
        lcg = lcg * 1664525u + 1013904223u;
        size_t n = mot_ring_read(s.ring, out, 1 + (lcg >> 8) % 777);
        for (size_t i = 0; i < n; i++) {
            const uint32_t v = (uint32_t)out[i];
            assert_true(v > last && (float)v == out[i]);
            skipped += v - last - 1;
            last = v;
        }
        received += n;
        atomic_store(&s.consumed, received);
        /* A reader that now and then stops for 2 ms (a real pause, not a
         * yield that an idle core returns from at once): the producer
         * overruns the ring then, whatever the scheduling. */
        if (consumer_pauses && (lcg & 0x3ff) == 0)
            nanosleep(&(struct timespec){.tv_nsec = 2000000}, NULL);
    }
    assert_int_equal(pthread_join(producer, NULL), 0);
    received += mot_ring_read(s.ring, out, 777); /* nothing may be left */
    skipped += N_SAMPLES - last;                 /* drops after the last one read */
    assert_int_equal(received, s.written);
    assert_int_equal(received + mot_ring_dropped(s.ring), N_SAMPLES);
    assert_int_equal(skipped, mot_ring_dropped(s.ring));
    assert_true(mot_ring_peak_fill(s.ring) <= RING_SAMPLES);
    *dropped = mot_ring_dropped(s.ring);
    mot_ring_free(s.ring);
}

static void test_two_threads_in_order(void **state)
{
    unsigned long long dropped;

    (void)state;
    /* Every sample through a ring 3000 times smaller than the stream. */
    run_stream(1024, 1, 0, &dropped);
    assert_int_equal(dropped, 0);
    /* A producer that never waits: most is dropped, all of it counted. */
    run_stream(256, 0, 0, &dropped);
    print_message("eager producer: %llu of %u samples dropped\n", dropped, N_SAMPLES);
    run_stream(1024, 0, 1, &dropped);
    print_message("eager producer, pausing reader: %llu of %u samples dropped\n", dropped,
                  N_SAMPLES);
    assert_true(dropped > 0);
}

/* A reader that stops: everything past the capacity is dropped and counted. */
static void test_stalled_reader_counts_overrun(void **state)
{
    mot_ring *r;
    float block[100] = {0};

    (void)state;
    assert_int_equal(mot_ring_new(RING_SAMPLES, &r), MOT_OK);
    for (int i = 0; i < 1000; i++)
        mot_ring_write(r, block, 100, 1);
    assert_int_equal(mot_ring_dropped(r), 100000 - RING_SAMPLES);
    mot_ring_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_rounds_up),
        cmocka_unit_test(test_wrap_and_overflow),
        cmocka_unit_test(test_stride_picks_channel),
        cmocka_unit_test(test_two_threads_in_order),
        cmocka_unit_test(test_stalled_reader_counts_overrun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
