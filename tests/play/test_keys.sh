#!/usr/bin/env bash
# `mot play` in real time (JACK's dummy backend, a pane of tmux): the clock
# follows what the device plays, so space freezes it and space again lets
# it run; the arrows move it 2 s; q, Ctrl-C and SIGTERM each stop it with
# the terminal's modes and the cursor given back.
source "$(dirname "$0")/lib.sh"
start_jack 8000

allison_call a.wav
play="timeout --foreground 120 $MOT_BIN play --device system"
# near A B: the clocks A and B (s) lie within 0.25 s of each other.
near() { python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 0.25)' "$1" "$2"; }
# settled NAME: the clock once it has stopped moving (paused).
settled() {
    local a b
    a=$(pane_clock "$1")
    for _ in $(seq 50); do
        sleep 0.2
        b=$(pane_clock "$1")
        [ "$a" = "$b" ] && { echo "$a"; return 0; }
        a=$b
    done
    fail "the clock of $1 does not stand still"
}

in_pane keys "$play a.wav"
wait_for keys '^mot play 00:0[2-9]\.[0-9] / 00:17\.4  playing '
shows keys '^trace +\+6 st \|' "pitch trace while playing"
tmx send-keys -t keys Space
wait_for keys '^mot play [0-9:.]+ / 00:17\.4  paused '
t1=$(settled keys)
sleep 1
[ "$(pane_clock keys)" = "$t1" ] || fail "paused at $t1, the clock moved on to $(pane_clock keys)"
tmx send-keys -t keys Right
sleep 0.5
t2=$(settled keys)
near "$t2" "$(python3 -c "print($t1 + 2)")" || fail "right arrow: from $t1 to $t2, not 2 s on"
tmx send-keys -t keys Left
sleep 0.5
t3=$(settled keys)
near "$t3" "$t1" || fail "left arrow: from $t2 to $t3, not 2 s back"
tmx send-keys -t keys Space
wait_for keys '^mot play [0-9:.]+ / 00:17\.4  playing '
sleep 1
t4=$(pane_clock keys)
python3 -c "import sys; sys.exit(not 0.5 < $t4 - $t3 < 2.5)" || fail "resumed at $t3, after 1 s at $t4"
tmx send-keys -t keys q
ended_well keys
t5=$(pane_clock keys)
python3 -c "import sys; sys.exit(not 0 <= $t5 - $t4 < 2)" || fail "q: stopped at $t5 after $t4"

# --- the end, Ctrl-C and SIGTERM ------------------------------------------------------
"${SOX[@]}" a.wav short.wav trim 0 3
in_pane short "$play short.wav"
ended_well short
shows short '^mot play 00:03\.0 / 00:03\.0  ended ' "the end of a short call"
in_pane ctrlc "$play a.wav"
wait_for ctrlc '^mot play 00:0[1-9]\.[0-9] / 00:17\.4  playing '
tmx send-keys -t ctrlc C-c
ended_well ctrlc
in_pane term "$play a.wav"
wait_for term '^mot play 00:0[1-9]\.[0-9] / 00:17\.4  playing '
kill -TERM "$(pgrep -P "$(tmx display-message -p -t term '#{pane_pid}')" -x timeout)"
ended_well term
echo "keys ok"
