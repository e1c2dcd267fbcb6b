#!/usr/bin/env bash
# mot serve judges a call as mot analyze judges its file: several calls sent
# at once (mot send --speed 0, a 48 kHz file that mot send converts to 8 kHz,
# and a 16 kHz stream as AudioSocket kind 0x12) give final log lines whose
# features equal the batch records within 1 %.
# Then: SIGTERM logs the verdict of a call in progress and exits 0, and
# kill -9 loses no verdict already logged.
source "$(dirname "$0")/lib.sh"

gen speech bright.wav 8000 150 20
gen speech low.wav 8000 100 18
gen speech short.wav 8000 180 3         # hangs up before the window is complete
gen speech hi16.wav 16000 210 16        # sent at 16 kHz (kind 0x12)
gen speech hi48.wav 48000 120 16        # mot send converts it to 8 kHz
make_dull dull.wav 20
sox -n -r 8000 -b 16 -c 1 silence.wav trim 0 4   # no speech: no verdict
calls=(bright.wav low.wav short.wav dull.wav)
ALLISON=/usr/share/asterisk/sounds/en_US_f_Allison
if [ -f "$ALLISON/hello.wav" ]; then   # real speech when the Debian package is there
    sox "$ALLISON"/{hello,dir-welcome,one-moment-please,pls-hold-while-try,queue-thankyou}.wav \
        -r 8000 -b 16 -c 1 allison.wav
    calls+=(allison.wav)
fi
expect_rc 0 mot analyze "${calls[@]}" hi16.wav hi48.wav >batch.jsonl

# --- many calls at once -------------------------------------------------------
start_serve s1 --log verdicts.jsonl --http 127.0.0.1:0
pids=() pairs=()
for i in "${!calls[@]}"; do
    u=$(printf '00000000-0000-4000-8000-%012d' "$i")
    pairs+=("$u=${calls[$i]}")
    mot send --speed 0 --uuid "$u" --to "$AS" "${calls[$i]}" >"send$i.out" &
    pids+=($!)
done
u16=00000000-0000-4000-8000-000000000016
as_tool stream "$AS" hi16.wav "$u16" >/dev/null &
pids+=($!)
u48=00000000-0000-4000-8000-000000000048
mot send --speed 0 --uuid "$u48" --to "$AS" hi48.wav >/dev/null &
pids+=($!)
mot send --speed 0 --to "$AS" silence.wav >/dev/null &
pids+=($!)
for p in "${pids[@]}"; do wait "$p" || fail "a sender failed"; done
grep -qx 00000000-0000-4000-8000-000000000000 send0.out || fail "mot send did not print the UUID"
stop_serve

as_tool parity batch.jsonl verdicts.jsonl "${pairs[@]}" "$u16=hi16.wav" "$u48=hi48.wav" | tee parity.txt ||
    fail "served verdicts differ from mot analyze"
n_final=$(grep -c '"event":"final"' s1.out)
[ "$n_final" -eq $((${#calls[@]} + 2)) ] || fail "$n_final final events on stdout, wanted $((${#calls[@]} + 2))"
[ "$(wc -l <verdicts.jsonl)" -eq "$n_final" ] || fail "log and stdout disagree"
n_prov=$(grep -c '"event":"provisional"' s1.out)
# short.wav has 3 s of speech: no provisional; silence.wav: no verdict at all.
[ "$n_prov" -eq $((n_final - 1)) ] || fail "$n_prov provisional events, wanted $((n_final - 1))"
python3 - "$u16" <<'EOF' || fail "event line contract"
import json, sys
lines = [json.loads(l) for l in open("s1.out")]
for e in lines:
    assert list(e)[:4] == ["event", "call", "time_s", "file"], list(e)[:4]
    assert e["call"] == e["uuid"] and e["start_time"].endswith("Z")
    assert e["channels"] == 1 and e["duration_s"] == e["time_s"]
    if e["event"] == "provisional":
        assert e["window_end_s"] - e["window_start_s"] >= 3.99, e
hi = [e for e in lines if e["call"] == sys.argv[1]]
assert hi and all(e["sample_rate_hz"] == 16000 for e in hi)
short = [e for e in lines if e["call"].endswith("000000000002")]
assert [e["event"] for e in short] == ["final"] and short[0]["window_end_s"] < 4
EOF
grep -q 'closed' s1.err && fail "a good call was closed: $(grep closed s1.err)"

# --- SIGTERM while a call is in progress --------------------------------------
start_serve s2 --log sigterm.jsonl --http off
mot send --to "$AS" bright.wav >/dev/null 2>&1 &
send_pid=$!
sleep 6
stop_serve
wait "$send_pid" || true   # the server went away under it
[ "$(grep -c '"event":"final"' sigterm.jsonl)" -eq 1 ] || fail "SIGTERM: no final verdict logged"
python3 -c '
import json; e = json.loads(open("sigterm.jsonl").readline())
assert 4.5 < e["time_s"] < 8 and e["dull"] is not None, e' || fail "SIGTERM verdict: $(cat sigterm.jsonl)"

# --- SIGHUP (the terminal closed) logs the call in progress too ---------------
start_serve s4 --log sighup.jsonl --http off
mot send --to "$AS" bright.wav >/dev/null 2>&1 &
send_pid=$!
sleep 6
kill -HUP "$SERVE_PID"
rc=0
wait "$SERVE_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "mot serve exited $rc after SIGHUP"
wait "$send_pid" || true
[ "$(grep -c '"event":"final"' sighup.jsonl)" -eq 1 ] || fail "SIGHUP: no final verdict logged"

# Under nohup (SIGHUP ignored) it stays ignored.
(trap '' HUP; exec "$MOT_BIN" serve --audiosocket 127.0.0.1:0 --http off 2>nohup.err) &
SERVE_PID=$!
SERVE_PIDS+=("$SERVE_PID")
for _ in $(seq 100); do grep -qs 'AudioSocket on' nohup.err && break; sleep 0.05; done
kill -HUP "$SERVE_PID"
sleep 0.5
kill -0 "$SERVE_PID" 2>/dev/null || fail "mot serve under nohup ended on SIGHUP"
stop_serve

# --- a stdout nobody reads does not keep SIGTERM from ending the server ---------
# 80 calls' event lines overfill the pipe (64 KB), held open and never read.
mkfifo stuck.fifo
exec 7<>stuck.fifo
"$MOT_BIN" serve --audiosocket 127.0.0.1:0 --http off --log stuck.jsonl >stuck.fifo 2>stuck.err &
SERVE_PID=$!
SERVE_PIDS+=("$SERVE_PID")
for _ in $(seq 100); do grep -qs 'AudioSocket on' stuck.err && break; sleep 0.05; done
AS=$(sed -n 's/.*AudioSocket on \([^,]*\),.*/\1/p' stuck.err)
for i in $(seq 80); do mot send --speed 0 --to "$AS" dull.wav >/dev/null || fail "call $i"; done
kill -TERM "$SERVE_PID"
# While it waits on stdout (2 s), the AudioSocket port is already closed.
sleep 0.5
kill -0 "$SERVE_PID" 2>/dev/null || fail "mot serve did not wait on its unread stdout"
mot send --to "$AS" dull.wav >/dev/null 2>&1 && fail "a call was taken after SIGTERM"
for _ in $(seq 100); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SERVE_PID" 2>/dev/null && fail "mot serve still running 10 s after SIGTERM, stdout unread"
rc=0
wait "$SERVE_PID" || rc=$?
[ "$rc" -eq 0 ] || fail "mot serve exited $rc after SIGTERM, stdout unread"
grep -q 'stdout is not read' stuck.err || fail "no word of the dropped lines: $(cat stuck.err)"
[ "$(wc -l <stuck.jsonl)" -eq 80 ] || fail "$(wc -l <stuck.jsonl) calls logged, wanted 80"
exec 7<&-

# --- kill -9 loses nothing logged ---------------------------------------------
start_serve s3 --log killed.jsonl --http off
for f in bright.wav dull.wav low.wav; do mot send --speed 0 --to "$AS" "$f" >/dev/null; done
mot send --to "$AS" bright.wav >/dev/null 2>&1 &   # in progress when killed
send_pid=$!
sleep 1
kill -9 "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null || true
wait "$send_pid" || true
[ "$(wc -l <killed.jsonl)" -eq 3 ] || fail "kill -9: $(wc -l <killed.jsonl) lines logged, wanted 3"
python3 -c 'import json; [json.loads(l) for l in open("killed.jsonl")]' || fail "kill -9: a torn line"
echo "parity: $(grep -c ^OK parity.txt) calls equal to mot analyze; SIGTERM, SIGHUP and kill -9 keep verdicts"
