#!/usr/bin/env bash
# `mot live --to`: a sound card streamed to `mot serve` as one AudioSocket
# call. The server's logged verdict equals `mot analyze` on the same audio
# (quantised to 16-bit on the wire: features within 1 %), and mot live
# judges it locally as before.
source "$(dirname "$0")/lib.sh"
source "$LIVE/../serve/lib.sh"

flat_call flat.wav
as_stream flat.wav 8000 f8
start_serve srv --log log.jsonl
expect_rc 0 live_from f8 8000 --to "$AS" --format jsonl >live.jsonl 2>err
grep -q "streaming to $AS as call [0-9a-f-]\{36\}" err || fail "stderr: $(cat err)"
uuid=$(sed -n 's/.*as call \([0-9a-f-]\{36\}\).*/\1/p' err)
stop_serve
expect_rc 0 mot analyze f8.wav >batch.jsonl
compare live.jsonl batch.jsonl || fail "the local verdict differs from mot analyze"
python3 - log.jsonl batch.jsonl "$uuid" <<'PY' || fail "the served verdict differs from mot analyze"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
b = json.loads(open(sys.argv[2]).read())
assert len(lines) == 1 and lines[0]["uuid"] == sys.argv[3], lines
s = lines[0]
assert s["dull"] == b["dull"] and s["reasons"] == b["reasons"], (s, b)
for k in ["window_start_s", "speech_s", "f0_median_hz", "f0_sd_st", "energy_sd_db",
          "syllable_rate_hz", "articulation_rate_hz", "pause_ratio", "dull_score"]:
    assert abs(s[k] - b[k]) <= 0.01 * abs(b[k]) + 1e-3, (k, s[k], b[k])
PY

# A rate AudioSocket cannot carry is refused before anything is sent.
start_serve srv2
MOT_TEST_INFILE=f8.f32 MOT_TEST_RATE=11025 expect_rc 2 mot live --device mot_capture \
    --rate 11025 --duration 1 --to "$AS" --format jsonl >/dev/null 2>err2
grep -q "AudioSocket cannot carry 11025 Hz" err2 || fail "stderr: $(cat err2)"
stop_serve
echo "live --to: ok"
