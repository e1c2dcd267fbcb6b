#!/usr/bin/env bash
# Install what mot needs on Debian 12 (as root, or with sudo) and build it
# into build/. Safe to run again: installs only what is missing.
# Usage: tests/setup.sh [BUILD_DIR [extra cmake args...]]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config
  libsndfile1-dev libkissfft-dev libspeexdsp-dev libcjson-dev libcmocka-dev portaudio19-dev
  libmicrohttpd-dev
  sox praat codec2-examples asterisk-core-sounds-en-wav python3 chromium tmux
  jackd2 jack-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build=${1:-build}
shift || true
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
