#!/usr/bin/env bash
# The text monitor on a real terminal (a tmux pane): the level meter, the
# pitch, the state and features, the verdict lines with the reasons in
# words, one line per event above the block; Ctrl-C stops it cleanly and
# gives the cursor back.
source "$(dirname "$0")/lib.sh"
use_tmux
trap 'tmx kill-server 2>/dev/null || true' EXIT

allison_call a.wav
flat_call f.wav
silence 6 gap6.wav
"${SOX[@]}" a.wav gap6.wav f.wav two8k.wav
as_stream two8k.wav 16000 two
env="ALSA_CONFIG_PATH=$ALSA_CONFIG_PATH MOT_TEST_INFILE=$PWD/two.f32 MOT_TEST_RATE=16000"
live="timeout --foreground 60 $MOT_BIN live --device mot_capture --rate 16000"

# --- a whole run ---------------------------------------------------------------
in_pane run "env $env $live --duration $(duration_of two 16000)"
wait_for run '^EXIT '
pane run >screen.txt
shows run '^EXIT 0$' "exit status 0"
shows run '^mot live [0-9]{2}:[0-9]{2}\.[0-9]  call 2   mot_capture \(ALSA\), 16000 Hz, channel 0$' "header"
shows run '^level +-?[0-9]+\.[0-9] dBFS \[#* *\] peak -?[0-9]+\.[0-9] dBFS$' "level meter"
shows run '^pitch +([0-9]+ Hz|-- Hz \(last voiced [0-9]+ Hz, [0-9.]+ s before\)) ' "pitch"
shows run '^state +final; [0-9.]+ s of silence so far, 5 s start a new call$' "state"
shows run '^F0 +median 140 Hz  spread 0\.[0-9]+ st' "running features"
shows run '^provisional at [0-9:.]+: DULL, score 0\.[0-9]+: flat pitch$' "provisional verdict"
shows run '^final +at [0-9:.]+: DULL, score 0\.[0-9]+: flat pitch$' "final verdict"
shows run '^  - The voice stayed on almost one note' "reason in words"
# The events of both calls stay above the block, in order.
[ "$(grep -Eo '^[0-9:.]+  call [12] (provisional|final) +(not dull|DULL)' screen.txt | cut -c10- | tr -s ' ')" = \
  "call 1 provisional not dull
call 1 final not dull
call 2 provisional DULL
call 2 final DULL" ] || fail "event lines: $(cat screen.txt)"
# No line is wider than the pane (the block is redrawn in place).
awk 'length > 99 { bad = 1 } END { exit bad }' screen.txt || fail "a line wider than the pane"

# --- Ctrl-C --------------------------------------------------------------------------
# Without --duration the plugin repeats old buffers after the end and the
# analysis falls behind: the monitor says so, and Ctrl-C still stops it.
in_pane stop "env $env $live"
wait_for stop '^dropped +[0-9]+ samples: the analysis fell behind$'
tmx send-keys -t stop C-c
wait_for stop '^EXIT '
shows stop '^EXIT 0$' "exit status 0 after Ctrl-C"
shows stop '^mot live: stopped after [0-9.]+ s of audio: [0-9]+ calls? judged, [0-9]+ samples dropped$' \
    "the closing line"
[ "$(tmx display-message -p -t stop '#{cursor_flag}')" = 1 ] || fail "the cursor stayed hidden"
echo "monitor ok"
