#include "mot/status.h"

#include <stddef.h>

/* One sentence per code, indexed by the code. */
static const char *const messages[MOT_STATUS_COUNT_] = {
    [MOT_OK] = "success",
    [MOT_ERR_NOMEM] = "out of memory",
    [MOT_ERR_INVALID_ARG] = "invalid argument (a NULL pointer or a value out of range)",
    [MOT_ERR_CONFIG] = "a configuration value is out of range",
    [MOT_ERR_SAMPLE_RATE] = "the sample rate is outside 8000-192000 Hz",
    [MOT_ERR_RESAMPLER] = "the resampler could not be set up for this rate",
    [MOT_ERR_MODEL_IO] = "the model file could not be read",
    [MOT_ERR_MODEL_PARSE] = "the model file is not valid JSON",
    [MOT_ERR_MODEL_SCHEMA] = "the model file lacks a key or has a bad value",
    [MOT_ERR_FINISHED] = "samples were pushed after the end of input was declared",
    [MOT_ERR_OPEN] = "the input could not be opened",
    [MOT_ERR_FORMAT] = "the input is not in an audio format mot can decode",
    [MOT_ERR_READ] = "reading or decoding the input failed part-way",
    [MOT_ERR_CHANNEL] = "the requested channel does not exist in the input",
    [MOT_ERR_EMPTY] = "the input holds no audio samples",
    [MOT_ERR_WRITE] = "an output could not be written",
};

const char *mot_strerror(mot_status status)
{
    if ((int)status < 0 || status >= MOT_STATUS_COUNT_ || !messages[status])
        return "unknown mot status code";
    return messages[status];
}
