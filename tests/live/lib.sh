# Sourced by every tests/live/test_*.sh, after tests/cli/lib.sh (which takes
# MOT_BINARY SCRATCH_DIR, leaves us in SCRATCH_DIR and defines fail,
# expect_rc, mot, gen). Adds the ALSA file-plugin device, test calls and
# helpers to read `mot live` output.
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
LIVE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# PortAudio sees mot_capture, which plays $MOT_TEST_INFILE (raw float32 at
# $MOT_TEST_RATE) as a microphone, far faster than real time.
export ALSA_CONFIG_PATH=$LIVE/asound.conf
unset MOT_TEST_FORMAT

SOX=(sox -R -V1)
ALLISON=/usr/share/asterisk/sounds/en_US_f_Allison

# allison_call OUT.wav: a natural opening (~17 s, 8 kHz): eight prompts with
# speaker-like pauses, 0.4 s of lead-in, over a faint line-noise floor.
allison_call() {
    local parts=() p i=0 pauses=(0.25 0.35 0.30 0.45 0.20 0.40 0.30 0.30)
    "${SOX[@]}" -n -r 8000 -c 1 -b 16 lead.wav trim 0 0.4
    parts+=(lead.wav)
    for p in hello dir-welcome one-moment-please pls-hold-while-try info-about-last-call \
             if-correct-press vm-reachoper queue-thankyou; do
        "${SOX[@]}" -n -r 8000 -c 1 -b 16 "pause$i.wav" trim 0 "${pauses[$i]}"
        parts+=("$ALLISON/$p.wav" "pause$i.wav")
        i=$((i + 1))
    done
    "${SOX[@]}" "${parts[@]}" -r 8000 -c 1 -b 16 clean.wav
    "${SOX[@]}" -n -r 8000 -c 1 -b 16 floor.wav synth "$(soxi -D clean.wav)" whitenoise vol 0.0004
    "${SOX[@]}" -m clean.wav floor.wav "$1"
}

# flat_call OUT.wav: a dull one (~20 s, 8 kHz): ten 1.6 s runs of a 140 Hz
# buzz pulsing at 3.75 syllables a second, 0.4 s apart; F0 never moves.
flat_call() {
    local parts=(lead.wav)
    "${SOX[@]}" -n -r 8000 -c 1 -b 16 lead.wav trim 0 0.5
    "${SOX[@]}" -n -r 8000 -c 1 -b 16 syl.wav synth 1.6 sawtooth 140 tremolo 3.75 100 fade 0 1.6 0.05
    "${SOX[@]}" -n -r 8000 -c 1 -b 16 gap.wav trim 0 0.4
    for _ in 1 2 3 4 5 6 7 8 9; do parts+=(syl.wav gap.wav); done
    "${SOX[@]}" "${parts[@]}" syl.wav "$1"
}

# silence S OUT.wav: S seconds of the line-noise floor alone.
silence() { "${SOX[@]}" -n -r 8000 -c 1 -b 16 "$2" synth "$1" whitenoise vol 0.0004; }

# as_stream IN RATE OUT: the audio mot_capture will play, resampled to RATE
# and padded with 2 s of silence (after its end the plugin repeats old
# buffers): OUT.f32 (raw, for the plugin) and OUT.wav (the very same
# samples, for `mot analyze`).
as_stream() {
    "${SOX[@]}" "$1" -t raw -e floating-point -b 32 -c 1 -r "$2" "$3.f32" pad 0 2
    "${SOX[@]}" -t raw -e floating-point -b 32 -c 1 -r "$2" "$3.f32" "$3.wav"
}

# duration_of STREAM RATE: length of STREAM.f32, s.
duration_of() {
    python3 -c 'import os, sys; print(os.path.getsize(sys.argv[1]) / 4 / int(sys.argv[2]))' \
        "$1.f32" "$2"
}

# live_from STREAM RATE [ARGS...]: `mot live` recording STREAM.f32 through
# mot_capture at RATE, by default for exactly its length (a later
# --duration wins).
live_from() {
    local stream=$1 rate=$2
    shift 2
    MOT_TEST_INFILE=$stream.f32 MOT_TEST_RATE=$rate mot live --device mot_capture \
        --rate "$rate" --duration "$(duration_of "$stream" "$rate")" "$@"
}

# events FILE: the "event call" pairs of a JSON Lines output, space-separated.
events() {
    python3 -c '
import json, sys
print(" ".join("%s%s" % (e["event"], e.get("call", "")) for e in map(json.loads, open(sys.argv[1]))))' "$1"
}

# compare LIVE.jsonl BATCH.jsonl [CALL]: the final event of CALL (default 1)
# against the batch record (see compare.py).
compare() { python3 "$LIVE/compare.py" "$@"; }
