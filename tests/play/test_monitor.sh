#!/usr/bin/env bash
# The `mot play` monitor on a terminal (a tmux pane), played to the ALSA
# file plugin (which takes audio far faster than real time, so each run
# ends at once and the last screen is checked): the time, the level, the
# pitch, a trace of the last 5 s, the state, the measures and the verdicts
# with the reasons in words, all as `mot analyze` has them; the terminal,
# the cursor and the pane's width are respected.
source "$(dirname "$0")/lib.sh"

env="ALSA_CONFIG_PATH=$ALSA_CONFIG_PATH MOT_TEST_RATE=8000 MOT_TEST_OUTFILE=$PWD/played.wav"
play="env $env timeout --foreground 60 $MOT_BIN play --device mot_playback"

# --- a flat, dull call ---------------------------------------------------------------
flat_call flat.wav
record flat.wav >flat.jsonl
record flat.wav --window 4 >flat4.jsonl
in_pane flat "$play flat.wav"
ended_well flat
pane flat >flat.txt
shows flat '^mot play 00:20\.1 / 00:20\.1  ended +flat\.wav, 8000 Hz, channel 0 -> mot_playback \(ALSA\)$' "header"
shows flat '^level +-?[0-9]+\.[0-9] dBFS \[#* *\] peak -?[0-9]+\.[0-9] dBFS$' "level meter"
shows flat '^pitch +([0-9]+ Hz|-- Hz \(last voiced [0-9]+ Hz, [0-9.]+ s before\)) ' "pitch"
# The trace: five rows of 3 semitones around the call's median; a voice on
# one note is one straight line in the middle row, nothing above or below.
[ "$(grep -Ec '^(trace)? +(\+6|\+3|0|-3|-6) st \|.{20,}\|$' flat.txt)" = 5 ] || fail "trace rows: $(cat flat.txt)"
grep -Eq '^ +0 st \|.*-{20}' flat.txt || fail "the flat voice is not a line on 0 st"
[ "$(sed -nE 's/^.* (\+6|\+3|-3|-6) st \|(.*)\|$/\2/p' flat.txt | tr -d ' ')" = "" ] ||
    fail "marks off the 0 st row"
grep -Eq '^ +-5 s +now$' flat.txt || fail "trace time axis"
shows flat "^state +final: the window ran from $(clock_of flat.jsonl window_start_s) to $(clock_of flat.jsonl window_end_s)$" "state"
median=$(python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["f0_median_hz"])' flat.jsonl)
shows flat "^F0 +median $median Hz  spread [0-9.]+ st \(IQR [0-9.]+ st\)  range [0-9.]+ st$" "features"
shows flat "^provisional at $(clock_of flat.jsonl window_start_s 4): $(verdict_of flat4.jsonl)$" \
    "provisional verdict (as mot analyze --window 4)"
shows flat "^final +at $(clock_of flat.jsonl window_end_s): $(verdict_of flat.jsonl)$" "final verdict"
shows flat '^  - The voice stayed on almost one note' "reason in words"
shows flat '^keys +space pause/resume   left/right 2 s back/on   q quit$' "keys"

# --- natural speech at 16 kHz, with the pitch moving over the rows --------------------
allison_call a8.wav
as_stream a8.wav 16000 a16
record a16.wav >a16.jsonl
in_pane a16 "${play/MOT_TEST_RATE=8000/MOT_TEST_RATE=16000} a16.wav"
ended_well a16
pane a16 >a16.txt
shows a16 '^mot play 00:19\.4 / 00:19\.4  ended +a16\.wav, 16000 Hz, channel 0 ' "header"
shows a16 "^final +at $(clock_of a16.jsonl window_end_s): $(verdict_of a16.jsonl)$" "final verdict"
[ "$(sed -nE 's/^.* (\+6|\+3|0|-3|-6) st \|(.*)\|$/\2/p' a16.txt | grep -c "[^ ]")" -ge 3 ] ||
    fail "a lively voice moves over fewer than 3 rows: $(cat a16.txt)"
echo "monitor ok"
