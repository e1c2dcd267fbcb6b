#!/usr/bin/env bash
# `mot live` recording a call gives the verdict and features `mot analyze`
# gives on the very same samples: a natural opening at 16 kHz (through the
# engine's resampler) and a flat, dull one at 8 kHz (without).
source "$(dirname "$0")/lib.sh"

# --- natural speech, 16 kHz ----------------------------------------------------
allison_call allison.wav
as_stream allison.wav 16000 a16
expect_rc 0 live_from a16 16000 --format jsonl >live.jsonl 2>err
expect_rc 0 mot analyze a16.wav >batch.jsonl
[ "$(events live.jsonl)" = "provisional1 final1" ] || fail "events: $(events live.jsonl)"
compare live.jsonl batch.jsonl || fail "natural call at 16 kHz differs from mot analyze"
grep -q "listening to [0-9]* 'mot_capture' (ALSA) at 16000 Hz" err || fail "stderr: $(cat err)"
grep -q "stopped after .* 1 call judged, 0 samples dropped" err || fail "stderr: $(cat err)"

# The provisional event is the opening's first provisional_s (4 s) of window,
# formed shortly after that mark was heard.
expect_rc 0 mot analyze --window 4 a16.wav >batch4.jsonl
python3 - live.jsonl batch4.jsonl <<'PY' || fail "provisional event"
import json, sys
prov = json.loads(open(sys.argv[1]).readline())
b = json.loads(open(sys.argv[2]).read())
assert prov["event"] == "provisional", prov
assert abs(prov["window_end_s"] - prov["window_start_s"] - 4) < 0.05, prov
for k in ["f0_median_hz", "f0_range_st", "energy_mean_dbfs", "articulation_rate_hz"]:
    assert abs(prov[k] - b[k]) <= 0.05 * abs(b[k]), (k, prov[k], b[k])
# Formed within a second of the 4 s mark, with the call's own clock.
assert 0 <= prov["time_s"] - prov["window_end_s"] < 1.0, prov
assert prov["duration_s"] == prov["time_s"], prov
PY

# --- a flat, dull call, 8 kHz; jsonl is the default off a terminal -------------
flat_call flat.wav
as_stream flat.wav 8000 f8
expect_rc 0 live_from f8 8000 --quiet >flive.jsonl 2>err
[ ! -s err ] || fail "--quiet wrote to stderr: $(cat err)"
expect_rc 0 mot analyze f8.wav >fbatch.jsonl
compare flive.jsonl fbatch.jsonl || fail "flat call at 8 kHz differs from mot analyze"
grep -q '"dull":true,"reasons":\["flat_pitch"\]' fbatch.jsonl || fail "the flat call is not dull"

# --- one channel of a two-channel device -----------------------------------------
# mot_capture_stereo reads the file as interleaved pairs: the flat call on
# the left, the natural one on the right; --channel 1 takes the right.
as_stream allison.wav 8000 a8
"${SOX[@]}" -M f8.wav a8.wav stereo.wav
"${SOX[@]}" stereo.wav -t raw stereo.f32
MOT_TEST_INFILE=stereo.f32 MOT_TEST_RATE=8000 expect_rc 0 mot live --device mot_capture_stereo \
    --rate 8000 --channel 1 --duration "$(soxi -D stereo.wav)" --quiet >right.jsonl
grep -q '"file":"mot_capture_stereo","duration_s":[0-9.]*,"sample_rate_hz":8000,"channels":2,"channel_used":1' \
    right.jsonl || fail "channel 1: $(cat right.jsonl)"
expect_rc 0 mot analyze --channel 1 stereo.wav >rbatch.jsonl
compare right.jsonl rbatch.jsonl >/dev/null || fail "channel 1 differs from mot analyze --channel 1"
echo "parity ok"
