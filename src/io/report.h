/* mot_reporter: the self-coaching report of a call, as one self-contained
 * HTML page (verdict, reasons with tips, where the agent stands against the
 * model's thresholds, time-aligned SVG plots and the opening as audio), and
 * the index page of many calls.
 *
 * The verdict and the measures on a page are those of mot_analyzer_run() on
 * the same file, written with the record's rounding (mot_record_cells()), so
 * a page says what `mot analyze` says. Nothing here prints: write errors
 * stay in ferror() for the caller, who knows the output's name.
 * Thread-safety: one thread at a time per reporter; reporters on different
 * threads may share one mot_model. */
#ifndef MOT_IO_REPORT_H
#define MOT_IO_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "io/record.h"
#include "mot/config.h"
#include "mot/model.h"
#include "mot/status.h"

/* Audio around the analysis window in the page (and in its plots), s. */
#define MOT_REPORT_CONTEXT_S 0.5

typedef struct mot_reporter mot_reporter;

/* Make a reporter. `cfg` is copied (NULL: defaults). `model` is borrowed,
 * must not be NULL and must outlive the reporter. `channel` is >= 0 or
 * MOT_CHANNEL_MIX. On success *out owns it (free with mot_reporter_free()). */
mot_status mot_reporter_new(const mot_config *cfg, const mot_model *model,
                            int channel, mot_reporter **out);

/* Free a reporter; NULL is fine. */
void mot_reporter_free(mot_reporter *r);

/* Analyse the file at `path` (borrowed; out->file points to it) into *out
 * and keep what its page shows: the frames and the audio of the window
 * with MOT_REPORT_CONTEXT_S either side, read again from the file and
 * encoded as an 8 kHz G.711 WAV. Returns out->status; on failure out->error
 * is a sentence naming the file. */
mot_status mot_reporter_run(mot_reporter *r, const char *path, mot_file_result *out);

/* Write the page of the last run, whose result is *res, to `f`.
 * `index_href` (borrowed, may be NULL) is the link back to the index.
 * Returns MOT_ERR_INVALID_ARG when the last run failed, else MOT_OK. */
mot_status mot_reporter_write_page(const mot_reporter *r, const mot_file_result *res,
                                   FILE *f, const char *index_href);

/* One row of the index. */
typedef struct mot_report_entry {
    const mot_file_result *result; /* borrowed */
    const char *page_href;         /* the call's page, relative; NULL: none */
} mot_report_entry;

/* Write the index page of `n` calls, in the order given (the reader sorts
 * it by any column), to `f`. */
void mot_report_index_write(FILE *f, const mot_model *model,
                            const mot_report_entry *entries, size_t n);

#endif
