/* mot_file_result: the outcome of analysing one file, and the record the
 * sinks (jsonl.c, csv.c) write for it.
 *
 * The record's keys, their order and the text of every number are decided
 * once, by mot_record_cells(); a sink only maps cells to its syntax. */
#ifndef MOT_IO_RECORD_H
#define MOT_IO_RECORD_H

#include <stdio.h>

#include "mot/status.h"
#include "mot/summary.h"

typedef struct mot_file_result {
    const char *file;       /* the path as given; borrowed */
    int channel;            /* channel analysed, >= 0 or MOT_CHANNEL_MIX */
    double sample_rate_hz;  /* NAN until the file is open */
    int channels;           /* 0 until the file is open */
    double duration_s;      /* NAN when unknown */
    mot_summary summary;    /* numbers NAN until analysed */
    mot_status status;      /* MOT_OK when the file was analysed */
    char error[4096 + 1024]; /* "<file>: <problem>" when status != MOT_OK, else "";
                                room for a PATH_MAX path and the problem */
} mot_file_result;

/* Set *r to "nothing known yet" for `file` (borrowed, must outlive *r) and
 * `channel`. */
void mot_file_result_init(mot_file_result *r, const char *file, int channel);

typedef enum mot_cell_kind {
    MOT_CELL_ABSENT,  /* key left out (JSON) / empty cell (CSV) */
    MOT_CELL_NULL,    /* no value: null / empty cell */
    MOT_CELL_NUMBER,  /* `text` is a finite number in JSON syntax */
    MOT_CELL_STRING,  /* `text` is arbitrary bytes, not yet escaped */
    MOT_CELL_BOOL,    /* `flag` */
    MOT_CELL_REASONS  /* `reasons`: OR of mot_reason bits */
} mot_cell_kind;

typedef struct mot_cell {
    const char *key;  /* static */
    mot_cell_kind kind;
    const char *text; /* NUMBER: points to `number`; STRING: borrowed from the result */
    char number[40];
    int flag;
    unsigned reasons;
} mot_cell;

#define MOT_RECORD_N_KEYS 20

/* Fill `cells` with the record for *r, in output order. Cells borrow
 * strings from *r: use them while *r is alive. Never fails. */
void mot_record_cells(const mot_file_result *r, mot_cell cells[MOT_RECORD_N_KEYS]);

/* Iterate over the codes of the reason bits set in `reasons`, lowest bit
 * first: start with *bit = 0; returns NULL when there are no more. */
const char *mot_record_next_reason(unsigned reasons, unsigned *bit);

/* Sinks. Each writes one complete line to `f` (borrowed) and returns
 * MOT_ERR_NOMEM if it cannot build it, else MOT_OK; write errors stay in
 * ferror(f) for the caller, who knows the output's name. Not flushed. */

/* CSV: the header row of mot_csv_write(). */
mot_status mot_csv_write_header(FILE *f);

/* CSV: one row, RFC 4180 quoting, LF line ends. `file` and `error` are
 * written byte for byte; reasons are joined with ';'; dull is true/false;
 * the error column is empty when the file was analysed. */
mot_status mot_csv_write(FILE *f, const mot_file_result *r);

/* JSON Lines: one object. `error` is present only when the file was not
 * analysed. Each byte of a string that is not part of a well-formed UTF-8
 * sequence, 0xXY, is written \udcXY (Python's "surrogateescape"), so a
 * non-UTF-8 name gives valid JSON that gives back its exact bytes, and
 * ASCII and UTF-8 names come out unchanged. */
mot_status mot_jsonl_write(FILE *f, const mot_file_result *r);

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0 if there is none. */
size_t mot_utf8_len(const unsigned char *s);

#endif
