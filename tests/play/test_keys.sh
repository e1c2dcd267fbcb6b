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
        [ -n "$b" ] && [ "$a" = "$b" ] && { echo "$a"; return 0; }
        a=$b
    done
    fail "the clock of $1 does not stand still"
}
# moved NAME FROM: the paused clock once a key has moved it off FROM, settled
# (a loaded machine may take a while to deliver the key: wait for the move
# rather than for a fixed time).
moved() {
    for _ in $(seq 100); do
        local c
        c=$(pane_clock "$1") # empty if caught mid-redraw
        [ -n "$c" ] && [ "$c" != "$2" ] && { settled "$1"; return 0; }
        sleep 0.1
    done
    fail "the clock of $1 stayed at $2 after the key"
}
now() { date +%s.%N; }
# within LO X HI: LO < X < HI.
within() { python3 -c 'import sys; a, x, b = map(float, sys.argv[1:]); sys.exit(not a < x < b)' "$@"; }

in_pane keys "$play a.wav"
wait_for keys '^mot play 00:0[2-9]\.[0-9] / 00:17\.4  playing '
shows keys '^trace +\+6 st \|' "pitch trace while playing"
tmx send-keys -t keys Space
wait_for keys '^mot play [0-9:.]+ / 00:17\.4  paused '
t1=$(settled keys)
sleep 1
[ "$(pane_clock keys)" = "$t1" ] || fail "paused at $t1, the clock moved on to $(pane_clock keys)"
tmx send-keys -t keys Right
t2=$(moved keys "$t1")
near "$t2" "$(python3 -c "print($t1 + 2)")" || fail "right arrow: from $t1 to $t2, not 2 s on"
tmx send-keys -t keys Left
t3=$(moved keys "$t2")
near "$t3" "$t1" || fail "left arrow: from $t2 to $t3, not 2 s back"
# Resumed, the clock runs with the wall clock: at least 0.5 s on after 1 s,
# and no further than the time that really passed (however loaded the machine).
w3=$(now)
tmx send-keys -t keys Space
wait_for keys '^mot play [0-9:.]+ / 00:17\.4  playing '
sleep 1
t4=$(pane_clock keys)
w4=$(now)
within 0.5 "$(python3 -c "print($t4 - $t3)")" "$(python3 -c "print($w4 - $w3 + 0.3)")" ||
    fail "resumed at $t3, $(python3 -c "print(round($w4 - $w3, 2))") s later at $t4"
tmx send-keys -t keys q
ended_well keys
t5=$(pane_clock keys)
w5=$(now)
within -0.01 "$(python3 -c "print($t5 - $t4)")" "$(python3 -c "print($w5 - $w4 + 0.3)")" ||
    fail "q: stopped at $t5, $(python3 -c "print(round($w5 - $w4, 2))") s after $t4"

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
