/* libmot: one include for the whole public API. */
#ifndef MOT_MOT_H
#define MOT_MOT_H

#include "mot/config.h"
#include "mot/engine.h"
#include "mot/model.h"
#include "mot/status.h"
#include "mot/summary.h"

#define MOT_VERSION "0.1.0"

#endif
