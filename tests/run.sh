#!/usr/bin/env bash
# The whole test suite: builds (installing dependencies if needed), runs
# ctest, then runs it again under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
tests/setup.sh build
(cd build && ctest --output-on-failure -j2)
tests/setup.sh build-asan -DMOT_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j2)
