#include "io/ring.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* A lock is never taken: the counters must be plain atomic instructions. */
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2 && ATOMIC_LLONG_LOCK_FREE == 2,
               "mot_ring needs lock-free atomic counters");

#define CACHE_LINE 64
#define PAGE_FLOATS (4096 / sizeof(float))

/* `written` and `read` are running totals (they wrap around together in
 * size_t); their difference is the fill. Each sits on its own cache line so
 * that the two threads do not bounce one line between cores. */
struct mot_ring {
    _Alignas(CACHE_LINE) atomic_size_t written; /* these three are stored */
    atomic_ullong dropped;                      /* by the producer only */
    atomic_size_t peak_fill;
    _Alignas(CACHE_LINE) atomic_size_t read; /* stored by the consumer only */
    _Alignas(CACHE_LINE) size_t mask;         /* capacity - 1 */
    float *buf;
};

mot_status mot_ring_new(size_t min_samples, mot_ring **out)
{
    size_t cap = 1;
    mot_ring *r;

    if (!out)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    if (min_samples < 1 || min_samples > (size_t)1 << 30)
        return MOT_ERR_INVALID_ARG;
    while (cap < min_samples)
        cap <<= 1;
    r = aligned_alloc(CACHE_LINE, sizeof *r);
    if (!r)
        return MOT_ERR_NOMEM;
    memset(r, 0, sizeof *r);
    r->buf = malloc(cap * sizeof *r->buf);
    if (!r->buf) {
        mot_ring_free(r);
        return MOT_ERR_NOMEM;
    }
    /* Touch every page now: a first write that faults a page in would
     * otherwise enter the kernel from the producer's real-time thread.
     * (Volatile, so that malloc + clear is not turned into calloc.) */
    for (size_t i = 0; i < cap; i += PAGE_FLOATS)
        ((volatile float *)r->buf)[i] = 0.0f;
    r->mask = cap - 1;
    atomic_init(&r->written, 0);
    atomic_init(&r->read, 0);
    atomic_init(&r->dropped, 0);
    atomic_init(&r->peak_fill, 0);
    *out = r;
    return MOT_OK;
}

void mot_ring_free(mot_ring *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r);
}

size_t mot_ring_capacity(const mot_ring *r)
{
    return r->mask + 1;
}

size_t mot_ring_write(mot_ring *r, const float *x, size_t n, size_t stride)
{
    const size_t w = atomic_load_explicit(&r->written, memory_order_relaxed);
    /* Acquire: the consumer has finished copying out what it marked read. */
    const size_t fill = w - atomic_load_explicit(&r->read, memory_order_acquire);
    const size_t room = r->mask + 1 - fill;
    const size_t k = n < room ? n : room;

    for (size_t i = 0; i < k; i++)
        r->buf[(w + i) & r->mask] = x[i * stride];
    /* Release: the samples are in place before the consumer can see them. */
    atomic_store_explicit(&r->written, w + k, memory_order_release);
    /* Only the producer stores these two: no read-modify-write needed. */
    if (k < n)
        atomic_store_explicit(&r->dropped,
                              atomic_load_explicit(&r->dropped, memory_order_relaxed) + (n - k),
                              memory_order_relaxed);
    if (fill + k > atomic_load_explicit(&r->peak_fill, memory_order_relaxed))
        atomic_store_explicit(&r->peak_fill, fill + k, memory_order_relaxed);
    return k;
}

size_t mot_ring_read(mot_ring *r, float *out, size_t max)
{
    const size_t rd = atomic_load_explicit(&r->read, memory_order_relaxed);
    const size_t fill = atomic_load_explicit(&r->written, memory_order_acquire) - rd;
    const size_t k = max < fill ? max : fill;
    const size_t at = rd & r->mask;
    const size_t first = k < r->mask + 1 - at ? k : r->mask + 1 - at;

    memcpy(out, r->buf + at, first * sizeof *out);
    memcpy(out + first, r->buf, (k - first) * sizeof *out);
    atomic_store_explicit(&r->read, rd + k, memory_order_release);
    return k;
}

unsigned long long mot_ring_dropped(const mot_ring *r)
{
    return atomic_load_explicit(&r->dropped, memory_order_relaxed);
}

size_t mot_ring_peak_fill(const mot_ring *r)
{
    return atomic_load_explicit(&r->peak_fill, memory_order_relaxed);
}
