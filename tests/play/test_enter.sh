#!/usr/bin/env bash
# `mot practice` in real time (JACK's dummy backend; the call is played
# into mot's input port by jack-play): the meter and the state follow the
# speech, Enter ends the take part-way through the window, and the take
# kept is what was heard up to then, judged as `mot analyze` judges it.
source "$(dirname "$0")/lib.sh"
start_jack 8000

allison_call a.wav
in_pane take "timeout --foreground 120 $MOT_BIN practice --device system"
until jack_lsp | grep -qx PortAudio:in_0; do sleep 0.05; done
jack-play a.wav >/dev/null 2>&1 &
player=$!
until jack_lsp | grep -qx "jack-play-$player:out_1"; do sleep 0.01; done
jack_connect "jack-play-$player:out_1" PortAudio:in_0
wait_for take '^state +provisional: [5-9]\.[0-9] of 14 s of the window, from [0-9:.]+; Enter ends the take$'
shows take '^pitch +([0-9]+ Hz|-- Hz)' "pitch"
tmx send-keys -t take Enter
wait_for take '^another take\? \[y/N\]'
kill "$player" 2>/dev/null || true
pane take >screen.txt
shows take '^state +take over: ended with Enter$' "how the take ended"
shows take '^saved +take1\.wav \([0-9.]+ s\), report take1\.html$' "where the take went"
record take1.wav >take.jsonl
grep -qx "verdict  $(verdict_of take.jsonl)" screen.txt || fail "verdict differs from mot analyze take1.wav"
python3 - take.jsonl <<'PY' || fail "take1 does not end where Enter was pressed"
import json, sys
r = json.load(open(sys.argv[1]))
assert 5 < r["window_end_s"] - r["window_start_s"] < 12 and r["duration_s"] < 13, r
PY
tmx send-keys -t take n Enter
ended_well take
echo "enter ok"
