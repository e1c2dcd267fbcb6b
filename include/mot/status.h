/* mot status codes: every fallible call in libmot returns one of these.
 *
 * 0 is success. Values are stable: new codes are added at the end, never
 * renumbered. mot_strerror() turns a code into one sentence; it never
 * returns NULL. Thread-safe (the table is read-only). */
#ifndef MOT_STATUS_H
#define MOT_STATUS_H

#include "mot/export.h"

typedef enum mot_status {
    MOT_OK = 0,
    MOT_ERR_NOMEM = 1,          /* an allocation failed */
    MOT_ERR_INVALID_ARG = 2,    /* a NULL pointer or an argument out of range */
    MOT_ERR_CONFIG = 3,         /* a mot_config field is out of range */
    MOT_ERR_SAMPLE_RATE = 4,    /* input rate outside what the engine takes */
    MOT_ERR_RESAMPLER = 5,      /* the resampler refused the conversion */
    MOT_ERR_MODEL_IO = 6,       /* the model file could not be read */
    MOT_ERR_MODEL_PARSE = 7,    /* the model file is not valid JSON */
    MOT_ERR_MODEL_SCHEMA = 8,   /* the model JSON lacks a key or has a bad value */
    MOT_ERR_FINISHED = 9,       /* samples pushed after mot_engine_finish() */
    MOT_ERR_OPEN = 10,          /* an input could not be opened */
    MOT_ERR_FORMAT = 11,        /* an input is not audio mot can decode */
    MOT_ERR_READ = 12,          /* reading or decoding an input failed part-way */
    MOT_ERR_CHANNEL = 13,       /* the requested channel does not exist */
    MOT_ERR_EMPTY = 14,         /* an input holds no samples */
    MOT_ERR_WRITE = 15,         /* an output could not be written */
    MOT_STATUS_COUNT_           /* number of codes; not a status */
} mot_status;

/* One sentence (no trailing newline) describing `status`; an unknown code
 * gives a generic sentence. The string is static: do not free it. */
MOT_API const char *mot_strerror(mot_status status);

#endif
