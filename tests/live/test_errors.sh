#!/usr/bin/env bash
# `mot devices` lists the capture device; bad devices and options give one
# clear sentence and exit 2 (usage) or 1 (failure).
source "$(dirname "$0")/lib.sh"

# --- mot devices ---------------------------------------------------------------
expect_rc 0 mot devices >devices 2>err
[ ! -s err ] || fail "devices wrote to stderr (host library chatter?): $(cat err)"
grep -Eq '^ +[0-9]+ mot_capture +ALSA +[0-9]+ +16000 Hz$' devices || fail "devices: $(cat devices)"
grep -Eq '^\* +[0-9]+ default +ALSA' devices || fail "default not marked: $(cat devices)"
head -1 devices | grep -q '# name .*host API .*inputs .*default rate' || fail "header: $(head -1 devices)"
expect_rc 2 mot devices extra 2>err
expect_rc 0 mot devices --help >help
expect_rc 0 mot help live >help
grep -q -- "--gap S" help || fail "mot help live"

# No input device at all (this machine's own ALSA set-up, when it has no
# sound card and no JACK server): nothing to list, nothing to record.
# (PortAudio 19.6 aborts on an ALSA configuration without the standard
# definitions, so the test cannot make an empty one.)
rc=0
env -u ALSA_CONFIG_PATH "$MOT_BIN" devices >out 2>err || rc=$?
if [ "$rc" -eq 1 ]; then
    [ "$(cat err)" = "mot devices: PortAudio finds no input device" ] || fail "no devices: $(cat err)"
    (unset ALSA_CONFIG_PATH && expect_rc 1 mot live --duration 1 >out 2>err)
    [ "$(cat err)" = "mot live: there is no default input device ('mot devices' lists them)" ] ||
        fail "no default: $(cat err)"
else
    [ "$rc" -eq 0 ] || fail "mot devices with the system's ALSA set-up: exit $rc"
    echo "this machine has input devices: the no-device messages are not checked"
fi

# --- devices that are not there ---------------------------------------------------
expect_rc 2 mot live --device nosuch --duration 1 >out 2>err
[ "$(cat err)" = "mot live: no input device is named 'nosuch' ('mot devices' lists them)" ] ||
    fail "unknown name: $(cat err)"
[ ! -s out ] || fail "stdout: $(cat out)"
expect_rc 2 mot live --device 99 --duration 1 >out 2>err
grep -q "there is no input device number 99" err || fail "unknown number: $(cat err)"
expect_rc 2 mot live --device mot_ --duration 1 >out 2>err
grep -q "'mot_' matches [0-9] input devices (.*'mot_capture'.*): give the full name or the number" err ||
    fail "ambiguous: $(cat err)"
# An empty name is a part of every name, not a choice of one.
expect_rc 2 mot live --device '' --duration 1 >out 2>err
[ "$(cat err)" = "mot live: an empty device name matches no input device ('mot devices' lists them)" ] ||
    fail "empty name: $(cat err)"
# A unique part of a name will do; case does not matter.
silence 1 one.wav
as_stream one.wav 16000 one
MOT_TEST_INFILE=one.f32 expect_rc 0 mot live --device CAPTURE_RAW --duration 0.5 -q >out 2>err
[ ! -s err ] || fail "by part of its name: $(cat err)"
expect_rc 2 mot live --device mot_capture --channel 500 --duration 1 >out 2>err
grep -q "cannot open input device [0-9]* 'mot_capture': channel 500 requested but it has [0-9]* input channels" err ||
    fail "channel: $(cat err)"

# --- options ---------------------------------------------------------------------------
for bad in "--rate 4000" "--rate x" "--rate 8000.5" "--channel -1" "--gap 0" "--duration 0" "--format xml" \
           "--window 0.5" "--window 61" "--bogus" "a.wav"; do
    # shellcheck disable=SC2086
    expect_rc 2 mot live $bad >out 2>err
    [ -s err ] && [ ! -s out ] || fail "$bad: no message"
done
grep -q "takes no FILE (that is 'mot analyze'), not 'a.wav'" err || fail "FILE: $(cat err)"
expect_rc 1 mot live --model missing.json --duration 1 >out 2>err
grep -q "^mot live: cannot load model missing.json: " err || fail "model: $(cat err)"
# stdout closed under it: one sentence, exit 1 (not killed by SIGPIPE, 141),
# and no call counted as judged that was never told.
allison_call call.wav
as_stream call.wav 8000 call
rc=0
live_from call 8000 2>err | head -c 0 || rc=${PIPESTATUS[0]}
[ "$rc" -eq 1 ] || fail "stdout closed: exit $rc, wanted 1"
[ "$(grep -c 'cannot write standard output' err)" -eq 1 ] || fail "stdout closed: $(cat err)"
grep -q "0 calls judged" err || fail "stdout closed: a call counted as told: $(cat err)"
# stdout not read at all (a pipe filled before mot starts): a stop still
# ends mot within a few seconds, saying the events were dropped.
cat >hold.py <<'PY'
import fcntl, os, signal, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: the smallest pipe, one page...
os.write(w, b"x" * 4096)    # ...and full
p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=open("err", "w"))
os.close(w)
time.sleep(3)  # the file plays far faster than real time: stdout is full by now
p.send_signal(signal.SIGTERM)
try:
    print(p.wait(15))
except subprocess.TimeoutExpired:
    p.kill()
    print("hung")
PY
rc=$(MOT_TEST_INFILE=call.f32 MOT_TEST_RATE=8000 python3 hold.py "$MOT_BIN" live \
     --device mot_capture --rate 8000 --format jsonl --duration "$(duration_of call 8000)")
[ "$rc" = 1 ] || fail "unread stdout, then SIGTERM: $rc ($(cat err))"
grep -q "standard output is not read: the last events were dropped" err ||
    fail "unread stdout: $(cat err)"
echo "errors ok"
