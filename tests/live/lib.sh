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

# ---- a terminal: tmux ------------------------------------------------------------------
# use_tmux: the helpers below, on a tmux server of the test's own (the
# caller kills it on exit: tmx kill-server).
use_tmux() {
    command -v tmux >/dev/null || fail "tmux is not installed (tests/setup.sh installs it)"
    SOCKET=mot-test-$$
}
tmx() { tmux -L "$SOCKET" "$@"; }
# in_pane NAME CMD: run CMD in a new 100x40 pane, in the foreground (keys and
# Ctrl-C reach it); then "EXIT <status>" and the terminal's modes. The
# script notes in NAME.log when it starts and how CMD ended. Returns once
# the script has started; a pane that closed before its script ran (seen
# once under a heavily loaded ASan run: the harness, not mot) is opened
# again, once.
in_pane() {
    printf 'echo started >%s.log\n%s\nrc=$?\necho EXIT $rc\necho "exit $rc" >>%s.log\n' \
        "$PWD/$1" "$2" "$PWD/$1" >"$1.sh"
    printf 'stty -a | tr " ;" "\\n\\n" | grep -Ex -- "-?(icanon|echo)" | tr "\\n" " "; echo\nsleep 600\n' \
        >>"$1.sh"
    local try
    for try in 1 2; do
        rm -f "$1.log"
        tmx new-session -d -s "$1" -x 100 -y 40 "bash $PWD/$1.sh" || fail "tmux could not open pane $1"
        for _ in $(seq 100); do
            [ -s "$1.log" ] && return 0
            tmx has-session -t "$1" 2>/dev/null || break
            sleep 0.1
        done
        echo "pane $1 closed before its script started (try $try; sessions: $(tmx ls 2>&1))" >&2
        tmx kill-session -t "$1" 2>/dev/null || true
    done
    fail "pane $1 would not start"
}
pane() { tmx capture-pane -p -t "$1"; }
# wait_for NAME REGEX: until the pane shows REGEX (30 s at most); at once if
# the pane has gone.
wait_for() {
    for _ in $(seq 300); do
        pane "$1" 2>/dev/null | grep -Eq -- "$2" && return 0
        tmx has-session -t "$1" 2>/dev/null ||
            fail "pane $1 is gone (its log: $(cat "$1.log" 2>&1); sessions: $(tmx ls 2>&1))"
        sleep 0.1
    done
    pane "$1" >&2
    fail "the pane $1 never showed '$2'"
}
# shows NAME REGEX WHAT: the pane has a line matching REGEX.
shows() { pane "$1" | grep -Eq -- "$2" || { pane "$1" >&2; fail "no $3 on the screen"; }; }
