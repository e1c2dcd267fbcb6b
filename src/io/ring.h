/* mot_ring: a lock-free single-producer, single-consumer ring of float
 * samples, for handing audio from a real-time thread (a PortAudio callback)
 * to an analysis thread.
 *
 * The producer's write and the consumer's read are wait-free: a few atomic
 * loads and stores (C11, acquire/release, no read-modify-write) and a copy;
 * no lock, no allocation, no system call. When the ring is full the
 * producer does not wait: the samples that do not fit are dropped and
 * counted, so the audio thread never blocks on a slow reader.
 * Thread-safety: exactly one producer thread calls mot_ring_write() and
 * exactly one consumer thread calls mot_ring_read(); mot_ring_dropped() and
 * mot_ring_peak_fill() may be called from any thread. */
#ifndef MOT_IO_RING_H
#define MOT_IO_RING_H

#include <stddef.h>

#include "mot/status.h"

typedef struct mot_ring mot_ring;

/* Make a ring holding at least `min_samples` samples (1..2^30; rounded up to
 * a power of two). On success *out owns it (free with mot_ring_free()). */
mot_status mot_ring_new(size_t min_samples, mot_ring **out);

/* Free a ring; NULL is fine. Neither thread may use it any more. */
void mot_ring_free(mot_ring *ring);

/* Samples the ring holds when full. */
size_t mot_ring_capacity(const mot_ring *ring);

/* Producer: append `n` samples taken `stride` floats apart from `x` (stride 1
 * for a plain array, the channel count to pick one channel out of
 * interleaved frames; `x` points at the first wanted sample). Samples that
 * do not fit are dropped and added to the drop count. Returns the number
 * written. Never blocks. */
size_t mot_ring_write(mot_ring *ring, const float *x, size_t n, size_t stride);

/* Consumer: move up to `max` of the oldest samples into `out`; returns how
 * many (0 when empty). Never blocks. */
size_t mot_ring_read(mot_ring *ring, float *out, size_t max);

/* Samples dropped by mot_ring_write() so far (a running total). */
unsigned long long mot_ring_dropped(const mot_ring *ring);

/* Highest number of samples the ring has held at once so far (as seen by
 * the producer after each write). */
size_t mot_ring_peak_fill(const mot_ring *ring);

#endif
