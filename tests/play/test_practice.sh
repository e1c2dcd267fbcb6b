#!/usr/bin/env bash
# `mot practice` recording from the ALSA file plugin (the call is the
# "microphone", far faster than real time, padded with silence and cut with
# --duration): a take ends when the window is complete, is kept as the next
# free takeN.wav (never over an existing one) with its report, and its
# verdict is the one `mot analyze` and `mot report` give of that file. On a
# terminal (tmux) it shows the meter and the state and asks for another take.
source "$(dirname "$0")/lib.sh"

allison_call a8.wav
as_stream a8.wav 16000 a16
flat_call f8.wav
as_stream f8.wav 8000 flat
silence 4 quiet8.wav
as_stream quiet8.wav 8000 quiet
# practice STREAM RATE ARGS...: mot practice hearing STREAM.f32 at RATE,
# for its whole length.
practice() {
    local stream=$1 rate=$2
    shift 2
    MOT_TEST_INFILE=$stream.f32 MOT_TEST_RATE=$rate mot practice --device mot_capture \
        --rate "$rate" --duration "$(duration_of "$stream" "$rate")" "$@"
}
# same_as_analyze OUT TAKE: OUT's verdict line is `mot analyze TAKE`'s, and
# the take's report says so too.
same_as_analyze() {
    local report=${3:-${2%.wav}.html}
    record "$2" >take.jsonl
    grep -qx "verdict  $(verdict_of take.jsonl)" "$1" || fail "$2: $(grep verdict "$1"), analyze $(verdict_of take.jsonl)"
    grep -q "id=\"dull-score\"[^>]*>$(sed -n 's/.*"dull_score":\([0-9.]*\).*/\1/p' take.jsonl)<" "$report" ||
        fail "$report does not give the score of mot analyze $2"
}

# --- off a terminal: two runs, two takes --------------------------------------------------
echo n | expect_rc 0 practice a16 16000 >out 2>err
[ ! -s err ] || fail "stderr: $(cat err)"
[ -s take1.wav ] && [ -s take1.html ] || fail "take1.wav and take1.html: $(ls)"
grep -qx "take 1: recording from mot_capture (ALSA) at 16000 Hz" out || fail "first line: $(cat out)"
grep -qx "saved    take1.wav ([0-9.]* s), report take1.html" out || fail "saved: $(cat out)"
grep -qx "another take? \[y/N\] " out || fail "question: $(cat out)"
same_as_analyze out take1.wav
# The window was complete: the take holds it whole, and is what was heard.
python3 - take.jsonl <<'PY' || fail "take1 is not the whole window"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["sample_rate_hz"] == 16000 and abs(r["window_end_s"] - r["window_start_s"] - 14) < 0.01, r
assert r["duration_s"] < r["window_end_s"] + 1.5, r
PY
sum1=$(md5sum <take1.wav)
echo n | expect_rc 0 practice flat 8000 >out 2>err
[ -s take2.wav ] || fail "the second run did not make take2.wav: $(ls)"
[ "$(md5sum <take1.wav)" = "$sum1" ] || fail "take1.wav was overwritten"
same_as_analyze out take2.wav
grep -q "^verdict  DULL, score 0\.99: flat pitch$" out || fail "the flat take: $(cat out)"
grep -q "^  - The voice stayed on almost one note" out || fail "reason in words: $(cat out)"

# Numbers go on from the highest take in the folder, and a new folder is made;
# "y" records another take in the same run; -o names the report.
mkdir -p takes && cp take1.wav takes/take7.wav
printf 'y\nno\n' | expect_rc 0 practice flat 8000 --takes takes/ -o latest.html >out
[ -s takes/take8.wav ] && [ -s takes/take9.wav ] && [ ! -e takes/take8.html ] || fail "takes: $(ls takes)"
same_as_analyze out takes/take9.wav latest.html
grep -qx "compare the takes: mot report -o takes/compare/ takes/take8.wav takes/take9.wav" out ||
    fail "hint: $(cat out)"
# No answer at all is no.
expect_rc 0 practice flat 8000 --takes new/folder </dev/null >out
[ -s new/folder/take1.wav ] || fail "--takes new/folder: $(ls -R new)"
# Nothing said, nothing kept.
echo y | expect_rc 0 practice quiet 8000 --takes quiet >out
grep -qx "no speech heard in this take: nothing kept" out || fail "silence: $(cat out)"
[ -z "$(ls quiet)" ] || fail "silence was kept: $(ls quiet)"

# --- on a terminal --------------------------------------------------------------------------
env="ALSA_CONFIG_PATH=$ALSA_CONFIG_PATH MOT_TEST_INFILE=$PWD/flat.f32 MOT_TEST_RATE=8000"
in_pane tty "env $env timeout --foreground 60 $MOT_BIN practice --device mot_capture --rate 8000 \
  --duration $(duration_of flat 8000) --takes tty"
wait_for tty '^another take\? \[y/N\]'
pane tty >screen.txt
shows tty '^mot practice  take 1  [0-9:.]+   mot_capture \(ALSA\), 8000 Hz$' "header"
shows tty '^level +-?[0-9]+\.[0-9] dBFS \[#* *\] peak -?[0-9]+\.[0-9] dBFS$' "level meter"
shows tty '^pitch +([0-9]+ Hz|-- Hz)' "pitch"
shows tty '^state +take over: the window is complete$' "state"
shows tty '^F0 +median 140 Hz  spread ' "running features"
shows tty '^saved +tty/take1\.wav \([0-9.]+ s\), report tty/take1\.html$' "where the take went"
same_as_analyze screen.txt tty/take1.wav
tmx send-keys -t tty y Enter
wait_for tty '^saved +tty/take2\.wav'
tmx send-keys -t tty Enter
ended_well tty
shows tty '^compare the takes: mot report -o tty/compare/ tty/take1\.wav tty/take2\.wav$' "hint"

# Ctrl-C at the question ends the run on a line of its own.
in_pane int "env $env timeout --foreground 60 $MOT_BIN practice --device mot_capture --rate 8000 \
  --duration $(duration_of flat 8000) --takes int"
wait_for int '^another take\? \[y/N\]'
tmx send-keys -t int C-c
wait_for int '^EXIT '
shows int '^EXIT 0$' "exit 0 after Ctrl-C at the question"
[ -f int/take1.wav ] || fail "Ctrl-C at the question lost the take kept before"

# --- errors --------------------------------------------------------------------------------
for bad in "--rate 4000" "--duration 0" "--window 0.5" "--bogus" "take1.wav"; do
    # shellcheck disable=SC2086
    expect_rc 2 mot practice $bad </dev/null >out 2>err
    [ -s err ] && [ ! -s out ] || fail "$bad: no message"
done
grep -q "takes no FILE" err || fail "FILE: $(cat err)"
expect_rc 2 mot practice --device nosuch </dev/null >out 2>err
[ "$(cat err)" = "mot practice: no input device is named 'nosuch' ('mot devices' lists them)" ] ||
    fail "unknown device: $(cat err)"
touch file
expect_rc 1 mot practice --takes file/sub </dev/null >out 2>err
grep -q "cannot make the folder file/sub" err || fail "--takes: $(cat err)"
# A file where the folder should be, or a report with no folder to go in, is
# said before anything is recorded.
expect_rc 1 practice flat 8000 --takes file </dev/null >out 2>err
grep -q "cannot make the folder file: Not a directory" err || fail "--takes file: $(cat err)"
grep -q "recording" out && fail "--takes file: a take was recorded first"
expect_rc 1 practice flat 8000 -o nodir/r.html </dev/null >out 2>err
grep -q "nodir/r.html: its folder does not exist" err || fail "-o nodir/: $(cat err)"
grep -q "recording" out && fail "-o nodir/: a take was recorded first"
echo "practice ok"
