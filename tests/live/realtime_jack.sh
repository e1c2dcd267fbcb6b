#!/usr/bin/env bash
# Real-time check of `mot live` through JACK's dummy backend (not run by
# ctest: needs `apt-get install jackd2 jack-tools`). Plays WAV (mono) into
# mot live at real speed, then prints mot's events, its callback and ring
# figures (--stats) and its CPU time, and compares its final verdict with
# `mot analyze` on what JACK delivered (jack-record on the same port; the
# player does not always deliver the file sample for sample, so the file
# itself is compared too, for information).
#   tests/live/realtime_jack.sh MOT_BINARY WAV [SCRATCH_DIR]
# Recipe: /work/shared/TESTING-LIVE.md. About 0.1-0.3 s at the start is lost
# to the connect race, so window times shift by that much; features do not.
set -euo pipefail
MOT=$(realpath "$1")
WAV=$(realpath "$2")
SCRATCH=${3:-$(mktemp -d)}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$SCRATCH"
cd "$SCRATCH"
for tool in jackd jack-play jack_lsp jack_connect sox; do
    command -v "$tool" >/dev/null || { echo "realtime_jack: $tool is missing" >&2; exit 2; }
done

export JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1 JACK_DEFAULT_SERVER=mot-rt-$$
rate=$(soxi -r "$WAV")
# One second of silence first, so that the connect race costs only silence.
sox -n -r "$rate" -c 1 -e floating-point -b 32 lead.wav trim 0 1
sox lead.wav "$WAV" -e floating-point -b 32 call.wav
duration=$(python3 -c "print(round($(soxi -D call.wav) + 1, 3))")

jackd -r -n "$JACK_DEFAULT_SERVER" -d dummy -r "$rate" -p $((rate / 50)) -C 1 -P 1 >jackd.log 2>&1 &
jackd=$!
trap 'kill $jackd 2>/dev/null || true' EXIT
until jack_lsp >/dev/null 2>&1; do sleep 0.05; done

/usr/bin/time -f "mot live: %U s user, %S s system CPU, %M KB peak RSS, over %e s" \
    "$MOT" live --device system --format jsonl --stats --duration "$duration" >live.jsonl 2>live.err &
live=$!
until jack_lsp | grep -qx PortAudio:in_0; do sleep 0.05; done
jack-record -n 1 -t "$duration" delivered.wav >/dev/null 2>&1 &
recorder=$!
until jack_lsp | grep -qx "jack-record-$recorder:in_1"; do sleep 0.01; done
jack-play call.wav >/dev/null 2>&1 &
player=$!
until jack_lsp | grep -qx "jack-play-$player:out_1"; do sleep 0.01; done
jack_connect "jack-play-$player:out_1" PortAudio:in_0
jack_connect "jack-play-$player:out_1" "jack-record-$recorder:in_1"
wait "$live"
wait "$player" "$recorder" || true

cut -c1-160 live.jsonl
cat live.err
echo "JACK xruns: $(grep -c XRun jackd.log || true)"
echo "== against what JACK delivered:"
"$MOT" analyze delivered.wav >delivered.jsonl
python3 "$HERE/compare.py" live.jsonl delivered.jsonl --device system --shifted
echo "== against the file:"
"$MOT" analyze call.wav >file.jsonl
python3 "$HERE/compare.py" live.jsonl file.jsonl --device system --shifted || true
