#!/usr/bin/env bash
# The main job on the bundled samples: install what is missing, build,
# make the example call openings, and analyse them (JSON Lines on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
tests/setup.sh build
samples/make-samples.sh
exec build/mot analyze samples/*.wav
