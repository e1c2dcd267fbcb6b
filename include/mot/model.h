/* mot_model: the verdict model, read from JSON (models/default.json).
 *
 * dull_score = logistic(bias + sum of weight * (feature - center) / scale),
 * dull = dull_score >= threshold; reasons come from per-feature rules.
 * A model is read-only after loading: it may be shared by any number of
 * engines and threads, and must outlive every engine made with it. */
#ifndef MOT_MODEL_H
#define MOT_MODEL_H

#include <stddef.h>

#include "mot/export.h"
#include "mot/status.h"
#include "mot/summary.h"

typedef struct mot_model mot_model;

/* Parse a model from `json` (`len` bytes, need not be NUL-terminated).
 * On success *out owns the model (free with mot_model_free()). On failure
 * *out is NULL and `detail` (if given) names the key or position at fault. */
MOT_API mot_status mot_model_parse(const char *json, size_t len, mot_model **out,
                                   char *detail, size_t detail_size);

/* Read and parse the model file at `path`; as mot_model_parse(). */
MOT_API mot_status mot_model_load(const char *path, mot_model **out,
                                  char *detail, size_t detail_size);

/* The model compiled into the library (a copy of models/default.json). */
MOT_API mot_status mot_model_default(mot_model **out);

MOT_API void mot_model_free(mot_model *model);

/* Fill s->dull_score, s->dull and s->reasons from the features in *s.
 * Missing (NAN) features count as neutral, except that too little speech
 * is itself a reason. Never allocates. */
MOT_API void mot_model_score(const mot_model *model, mot_summary *s);

/* The rule behind one reason bit: it fires when the summary feature named
 * *feature ("f0_iqr_st", ...; a static string) lies above (*above = 1) or
 * below (*above = 0) *value. MOT_ERR_INVALID_ARG if `reason` is not one bit
 * the model has a rule for. Never allocates. */
MOT_API mot_status mot_model_reason_rule(const mot_model *model, unsigned reason,
                                         const char **feature, int *above, double *value);

/* The model's plain-words explanation of one reason bit, or NULL. */
MOT_API const char *mot_model_reason_text(const mot_model *model,
                                          unsigned reason);

/* The model's name and threshold (for provenance in output). */
MOT_API const char *mot_model_name(const mot_model *model);
MOT_API double mot_model_threshold(const mot_model *model);

#endif
