#!/usr/bin/env bash
# The command line and the record contract: usage and exit codes, the keys
# and their order in JSON Lines and CSV, channel choice, the pitch CSV.
source "$(dirname "$0")/lib.sh"

gen speech speech.wav                 # 0.5 s silence, then syllables around 150 Hz
gen speech long.wav 8000 150 40       # longer than any analysis window
sox -n -r 8000 -b 16 tone.wav synth 3 sine 200
sox -n -r 8000 -b 16 silent.wav trim 0 6.5
sox -M silent.wav speech.wav stereo.wav # channel 0 silent, channel 1 speech

# --- usage, help, version ---------------------------------------------------
usage_error() { # usage_error ARGS...: exit 2, a message on stderr, nothing on stdout
    expect_rc 2 mot "$@" >out 2>err
    [ ! -s out ] || fail "stdout not empty for: $*"
    [ -s err ] || fail "no message on stderr for: $*"
}
usage_error
usage_error frobnicate
grep -q "unknown command 'frobnicate'" err || fail "unknown command not named"
usage_error analyze
usage_error analyze --format xml speech.wav
usage_error analyze --jobs 0 speech.wav
usage_error analyze --jobs x speech.wav
usage_error analyze --channel -1 speech.wav
usage_error analyze --channel left speech.wav
usage_error analyze --window 0.5 speech.wav
usage_error analyze --window nan speech.wav
usage_error analyze --window 0x10 speech.wav
usage_error analyze --window " 4" speech.wav
usage_error analyze --bogus speech.wav
usage_error pitch
usage_error pitch speech.wav tone.wav
usage_error help frobnicate

for args in "--help" "help" "-h"; do
    expect_rc 0 mot $args >out
    grep -q '^usage: mot COMMAND' out || fail "mot $args: no usage on stdout"
done
expect_rc 0 mot analyze --help >out
grep -q '^usage: mot analyze' out || fail "analyze --help"
expect_rc 0 mot help pitch >out
grep -q '^usage: mot pitch' out || fail "help pitch"
expect_rc 0 mot --version >out
grep -Eqx 'mot [0-9]+\.[0-9]+\.[0-9]+' out || fail "version: $(cat out)"

# The live front ends come from mot-frontends.so beside the binary: "help"
# reaches into it, and a binary copied away from it still does batch work
# and says what is missing for the rest (unless an installed module exists).
expect_rc 0 mot help live >out
grep -q '^usage: mot live' out || fail "help live (front-end module)"
mkdir alone && cp "$MOT_BIN" alone/mot
expect_rc 0 timeout 120 alone/mot analyze speech.wav >alone.jsonl
[ "$(check_records jsonl alone.jsonl speech.wav)" = ok ] || fail "copied binary: analyze"
rc=0
timeout 120 alone/mot serve --help >out 2>err || rc=$?
if [ "$rc" -ne 0 ]; then
    [ "$rc" -eq 1 ] || fail "copied binary, no module: exit $rc"
    grep -q "mot serve: cannot load the live front ends from .*alone/mot-frontends.so" err ||
        fail "copied binary, no module: $(cat err)"
fi

# --- the record contract ----------------------------------------------------
expect_rc 0 mot analyze speech.wav tone.wav >a.jsonl
[ "$(check_records jsonl a.jsonl speech.wav tone.wav | tr '\n' ' ')" = "ok ok " ] ||
    fail "jsonl records"
expect_rc 0 mot analyze --format csv speech.wav tone.wav >a.csv
[ "$(check_records csv a.csv speech.wav tone.wav | tr '\n' ' ')" = "ok ok " ] ||
    fail "csv records"
[ "$(head -n 1 a.csv)" = "file,duration_s,sample_rate_hz,channels,channel_used,window_start_s,window_end_s,speech_s,f0_median_hz,f0_sd_st,f0_range_st,energy_mean_dbfs,energy_sd_db,syllable_rate_hz,articulation_rate_hz,pause_ratio,dull_score,dull,reasons,error" ] ||
    fail "csv header: $(head -n 1 a.csv)"

# Both sinks write the same values, and the speech stand-in reads as speech.
python3 - a.jsonl a.csv <<'PY'
import csv, json, sys
js = [json.loads(l) for l in open(sys.argv[1])]
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
for j, r in zip(js, rows):
    for k, v in j.items():
        c = r[k]
        want = ("" if v is None else "true" if v is True else "false" if v is False
                else ";".join(v) if isinstance(v, list) else str(v))
        if k not in ("file",) and isinstance(v, float):
            assert abs(float(c) - v) < 1e-9, (k, c, v)
        else:
            assert c == want, (k, c, want)
s = js[0]
assert s["sample_rate_hz"] == 8000 and s["channels"] == 1 and s["channel_used"] == 0, s
assert abs(s["duration_s"] - 6.5) < 1e-9, s
assert abs(s["window_start_s"] - 0.5) <= 0.1, s          # onset after the lead silence
assert abs(s["f0_median_hz"] / 150 - 1) < 0.05, s        # glides +-2 st around 150 Hz
assert s["speech_s"] > 3 and s["dull"] is False, s
PY

# --window sets the window length (the provisional point is clamped to it).
expect_rc 0 mot analyze --window 2 long.wav >w.jsonl
python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert abs(r["window_end_s"] - r["window_start_s"] - 2) < 0.05, r' w.jsonl
expect_rc 0 mot analyze long.wav >w.jsonl
python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert abs(r["window_end_s"] - r["window_start_s"] - 14) < 0.05, r' w.jsonl

# --- channels ---------------------------------------------------------------
expect_rc 0 mot analyze speech.wav >mono.jsonl
expect_rc 0 mot analyze --channel 1 stereo.wav >c1.jsonl
expect_rc 0 mot analyze stereo.wav >c0.jsonl
expect_rc 0 mot analyze --channel mix stereo.wav >cm.jsonl
expect_rc 1 mot analyze --channel 2 stereo.wav >c2.jsonl 2>err
python3 - mono.jsonl c1.jsonl c0.jsonl cm.jsonl c2.jsonl <<'PY'
import json, sys
mono, c1, c0, cm, c2 = (json.loads(open(p).read()) for p in sys.argv[1:])
# Channel 1 holds the very samples of speech.wav: the same analysis.
assert c1["channel_used"] == 1 and c1["channels"] == 2, c1
for k in mono:
    if k not in ("file", "channels", "channel_used"):
        assert c1[k] == mono[k], (k, c1[k], mono[k])
assert c0["channel_used"] == 0 and c0["f0_median_hz"] is None and c0["speech_s"] == 0, c0
# The mix is speech at half amplitude: same pitch, 6 dB quieter.
assert cm["channel_used"] == "mix", cm
assert abs(cm["f0_median_hz"] / mono["f0_median_hz"] - 1) < 0.01, cm
assert abs(cm["energy_mean_dbfs"] - (mono["energy_mean_dbfs"] - 6.02)) < 0.5, cm
assert c2["error"] == "stereo.wav: channel 2 requested but the file has 2 channel(s), numbered from 0", c2
# What the file holds is known and given; what was not measured is null.
assert c2["channels"] == 2 and c2["sample_rate_hz"] == 8000 and c2["duration_s"] > 0, c2
assert c2["speech_s"] is None and c2["dull"] is None and c2["reasons"] is None, c2
PY
grep -q "stereo.wav: channel 2 requested" err || fail "no error line on stderr"

# --- pitch ------------------------------------------------------------------
expect_rc 0 mot pitch tone.wav >p.csv
python3 - p.csv 3 200 <<'PY'
import csv, statistics, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["time_s", "f0_hz", "voicing"], rows[0]
t = [float(r[0]) for r in rows[1:]]
f0 = [float(r[1]) for r in rows[1:]]
v = [float(r[2]) for r in rows[1:]]
dur = float(sys.argv[2])
assert abs(len(t) - dur / 0.01) <= 2, len(t)                     # every 10 ms frame
assert all(abs(b - a - 0.01) < 1e-6 for a, b in zip(t, t[1:]))   # evenly spaced
assert all(0 <= x <= 1 for x in v) and all(x >= 0 for x in f0)
voiced = [x for x in f0 if x > 0]
assert len(voiced) > 0.8 * len(f0), len(voiced)
assert abs(statistics.median(voiced) / float(sys.argv[3]) - 1) < 0.01, statistics.median(voiced)
PY
# The pitch track covers the whole file, not just the analysis window.
expect_rc 0 mot pitch long.wav >p.csv
python3 -c '
import sys
last = open(sys.argv[1]).read().split()[-1].split(",")
assert float(last[0]) > 40.4, last' p.csv
expect_rc 0 mot pitch --channel 1 stereo.wav >p1.csv
expect_rc 0 mot pitch speech.wav >pm.csv
cmp -s p1.csv pm.csv || fail "pitch --channel 1 differs from the mono file"
expect_rc 1 mot pitch missing.wav >p.csv 2>err
grep -q "missing.wav: cannot open" err || fail "pitch error: $(cat err)"
[ ! -s p.csv ] || fail "pitch wrote CSV for a file it could not open"
echo PASS
