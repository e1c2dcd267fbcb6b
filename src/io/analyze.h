/* mot_analyzer: one file at a time, from a mot_source through a mot_engine
 * into a mot_file_result. The batch behaviour lives here, not in the CLI:
 * reading stops as soon as the analysis window is complete, so a one-hour
 * recording costs what a twenty-second one does.
 * Thread-safety: one thread at a time per analyzer; analyzers on different
 * threads may share one mot_model. */
#ifndef MOT_IO_ANALYZE_H
#define MOT_IO_ANALYZE_H

#include <stddef.h>

#include "io/record.h"
#include "mot/config.h"
#include "mot/engine.h"
#include "mot/model.h"
#include "mot/status.h"

typedef struct mot_analyzer mot_analyzer;

/* Called with each run of frames as the engine hands them out (n_frames > 0);
 * `frames` is valid only during the call. Return 0 to keep frames coming,
 * nonzero once no more are wanted: reading then stops as soon as the window
 * is complete, as it does without a callback. */
typedef int (*mot_frames_fn)(void *ctx, const mot_frame *frames, size_t n_frames);

/* Make an analyzer. `cfg` is copied (NULL: defaults); its input_rate_hz is
 * replaced by each file's rate. `model` is borrowed, may be NULL (no
 * verdict) and must outlive the analyzer. `channel` is >= 0 or
 * MOT_CHANNEL_MIX. On success *out owns it (free with mot_analyzer_free()). */
mot_status mot_analyzer_new(const mot_config *cfg, const mot_model *model,
                            int channel, mot_analyzer **out);

/* Free an analyzer; NULL is fine. */
void mot_analyzer_free(mot_analyzer *a);

/* Analyse the file at `path` (borrowed; out->file points to it) into *out,
 * which is initialised here. Without `on_frames`, reading stops once the
 * window is complete; with it, frames of the whole file are delivered until
 * it asks for no more.
 * Returns out->status; on failure out->error says which file and what went
 * wrong, and the fields learnt before the failure are kept. */
mot_status mot_analyzer_run(mot_analyzer *a, const char *path,
                            mot_frames_fn on_frames, void *ctx,
                            mot_file_result *out);

#endif
