#!/usr/bin/env bash
# Calls in one stream: after a final verdict, a silence longer than --gap
# (default 5 s) followed by speech is a new call; a shorter one is not;
# stopping mid-call gives that call's final verdict from what was heard.
source "$(dirname "$0")/lib.sh"

allison_call a.wav
flat_call f.wav
silence 6 gap6.wav
silence 3 gap3.wav
a_s=$(soxi -D a.wav)

# --- 6 s of silence: two calls ---------------------------------------------------
"${SOX[@]}" a.wav gap6.wav f.wav two8k.wav
as_stream two8k.wav 16000 two
expect_rc 0 live_from two 16000 --format jsonl >two.jsonl 2>err
[ "$(events two.jsonl)" = "provisional1 final1 provisional2 final2" ] ||
    fail "6 s gap: $(events two.jsonl)"
grep -q "2 calls judged, 0 samples dropped" err || fail "stderr: $(cat err)"
# Text off a terminal: one plain line per event, no screen codes.
expect_rc 0 live_from two 16000 --format text --quiet >two.txt
[ "$(cut -c10- two.txt | tr -s ' ')" = "call 1 provisional not dull, score 0.00
call 1 final not dull, score 0.00
call 2 provisional DULL, score 0.99: flat pitch
call 2 final DULL, score 0.99: flat pitch" ] || fail "text events: $(cat two.txt)"
grep -Eq '^[0-9]{2}:[0-9]{2}\.[0-9]  call' two.txt || fail "event times: $(cat two.txt)"

# Each call is analysed exactly as a recording of the stream from the call's
# start (time_s - duration_s) would be: call 1 from 0, call 2 from the
# silence before it, where the tracker restarted its engine.
python3 - two.f32 16000 <<'PY'
import json, sys
data, rate = open(sys.argv[1], "rb").read(), int(sys.argv[2])
finals = [e for e in map(json.loads, open("two.jsonl")) if e["event"] == "final"]
for e in finals:
    start = round((e["time_s"] - e["duration_s"]) * rate)
    open("call%d.f32" % e["call"], "wb").write(data[4 * start:])
PY
for call in 1 2; do
    "${SOX[@]}" -t raw -e floating-point -b 32 -c 1 -r 16000 "call$call.f32" "call$call.wav"
    mot analyze "call$call.wav" >"call$call.jsonl"
    compare two.jsonl "call$call.jsonl" "$call" >/dev/null || fail "call $call differs from mot analyze"
done
# Call 2's window starts at the flat call's onset: its first words were not
# lost to the reset (the tracker replays what its engine had not yet framed),
# and its engine restarted inside the silence, with at least a second of it
# to hear before the speech.
as_stream f.wav 16000 f16
mot analyze f16.wav >f16.jsonl
python3 - two.jsonl f16.jsonl "$a_s" <<'PY' || fail "call 2's onset"
import json, sys
final2 = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "final"][1]
alone = json.loads(open(sys.argv[2]).read())
call_start = final2["time_s"] - final2["duration_s"]
onset = call_start + final2["window_start_s"]
want = float(sys.argv[3]) + 6 + alone["window_start_s"]
assert abs(onset - want) < 0.02, (onset, want)
assert float(sys.argv[3]) - 1 < call_start <= want - 1, (call_start, want)
PY

# --- 3 s of silence: the same call, unless --gap is shorter -------------------------
"${SOX[@]}" a.wav gap3.wav f.wav short.wav
as_stream short.wav 16000 short
expect_rc 0 live_from short 16000 --format jsonl >short.jsonl
[ "$(events short.jsonl)" = "provisional1 final1" ] || fail "3 s gap: $(events short.jsonl)"
expect_rc 0 live_from short 16000 --format jsonl --gap 2 >short2.jsonl
[ "$(events short2.jsonl)" = "provisional1 final1 provisional2 final2" ] ||
    fail "3 s gap with --gap 2: $(events short2.jsonl)"

# --- silence before the first call does not count as a call -------------------------
silence 12 quiet.wav
"${SOX[@]}" quiet.wav f.wav late.wav
as_stream late.wav 8000 late
expect_rc 0 live_from late 8000 --format jsonl >late.jsonl
[ "$(events late.jsonl)" = "provisional1 final1" ] || fail "late call: $(events late.jsonl)"
as_stream quiet.wav 8000 quiet
expect_rc 0 live_from quiet 8000 --format jsonl >quiet.jsonl 2>err
[ ! -s quiet.jsonl ] || fail "silence gave events: $(cat quiet.jsonl)"
grep -q "0 calls judged" err || fail "stderr: $(cat err)"

# --- stopping mid-call: the final verdict so far --------------------------------------
as_stream a.wav 16000 a16
expect_rc 0 live_from a16 16000 --format jsonl --duration 8 >cut.jsonl
[ "$(events cut.jsonl)" = "provisional1 final1" ] || fail "cut: $(events cut.jsonl)"
python3 - cut.jsonl <<'PY' || fail "cut call's final event"
import json, sys
final = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "final"][0]
assert final["time_s"] == 8.0 and final["duration_s"] == 8.0, final
assert abs(final["window_end_s"] - 8.0) < 0.02, final      # all that was heard
assert final["f0_median_hz"] is not None and final["dull"] is not None, final
PY
echo "calls ok"
