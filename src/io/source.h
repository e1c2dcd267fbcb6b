/* mot_source: an audio file read through libsndfile as mono float blocks.
 *
 * One channel (0-based) or the mean of all channels is handed out, full
 * scale +-1.0, with NaN/Inf samples replaced by 0. Thread-safety: one thread
 * at a time per source; different sources may be read on different threads. */
#ifndef MOT_IO_SOURCE_H
#define MOT_IO_SOURCE_H

#include <stddef.h>

#include "mot/status.h"

/* Channel selector meaning "mean of all channels". */
#define MOT_CHANNEL_MIX (-1)

/* Block size sources are read in, frames (one frame = one sample per channel). */
#define MOT_SOURCE_BLOCK_FRAMES 4096

typedef struct mot_source mot_source;

typedef struct mot_source_info {
    double sample_rate_hz;
    int channels;
    long long n_frames; /* as the header (checked against the file's length)
                           says; -1 when unknown, as on a pipe */
    double duration_s;  /* n_frames / sample_rate_hz; NAN when unknown */
} mot_source_info;

/* Open the file at `path` (borrowed) and select `channel` (>= 0, or
 * MOT_CHANNEL_MIX). On success *out owns the source (free with
 * mot_source_free()). On failure *out is NULL, the status is MOT_ERR_OPEN,
 * MOT_ERR_FORMAT, MOT_ERR_EMPTY, MOT_ERR_CHANNEL or MOT_ERR_NOMEM, and
 * `detail` (if not NULL) gets a phrase naming the problem, without the path,
 * e.g. "channel 3 requested but the file has 2 channels". */
mot_status mot_source_open(const char *path, int channel, mot_source **out,
                           char *detail, size_t detail_size);

/* Read channel `channel` (>= 0, or MOT_CHANNEL_MIX) from now on. Returns
 * MOT_ERR_CHANNEL, with a phrase in `detail`, if the file has no such
 * channel (the source then reads the one it read before). */
mot_status mot_source_select(mot_source *src, int channel, char *detail, size_t detail_size);

/* Format facts of an open source. */
void mot_source_info_get(const mot_source *src, mot_source_info *out);

/* Read up to MOT_SOURCE_BLOCK_FRAMES mono samples into `out` (room for that
 * many); *n_samples gets the count, 0 at the end of the file. A decoding
 * failure returns MOT_ERR_READ with libsndfile's sentence in `detail`; float
 * samples far beyond full scale return MOT_ERR_FORMAT. */
mot_status mot_source_read(mot_source *src, float *out, size_t *n_samples,
                           char *detail, size_t detail_size);

/* Close the file and free the source; NULL is fine. */
void mot_source_free(mot_source *src);

#endif
