#!/usr/bin/env bash
# Hostile and odd inputs: each gives a sound analysis or an error record,
# never a crash, a hang or a NaN, and the batch goes on past it.
source "$(dirname "$0")/lib.sh"

gen speech speech.wav 8000 150 3
gen truncated truncated.wav             # header claims 3 s, 0.1 s present
gen one-sample one-sample.wav
gen nonfinite nonfinite.wav             # float samples with NaN, +Inf, -Inf
gen huge huge.wav                       # float samples far beyond full scale
gen intscaled intscaled.wav             # int16 values stored as float
gen hot hot.wav                         # a float mix 6 dB over full scale
gen spike spike.wav                     # ... with one stray sample at 100
gen badchannel badchannel.wav           # int16 values as float on channel 1 only
gen datalen datalen-0.wav 0             # streaming writers leave 0 ...
gen datalen datalen-ff.wav 0xFFFFFFFF   # ... or 0xFFFFFFFF as the data size
gen rate0 rate0.wav
: >empty.wav
echo "this is not audio" >text.wav
mkdir dir.wav
sox -n -r 8000 -b 16 silence.wav trim 0 3
sox -n -r 8000 -b 16 tone.wav synth 3 sine 200
sox speech.wav -r 192000 ch8.wav channels 8
sox speech.wav -r 4000 rate-4k.wav      # below what the engine takes
sox speech.wav -r 8000 -e floating-point -b 64 double.wav
sox speech.wav speech.flac
head -c 6000 speech.flac >cut.flac      # FLAC decoding fails part-way

# As a recorder leaves a file before it writes the lengths (both 0): a
# 24-bit WAV (sox writes WAVE_FORMAT_EXTENSIBLE), and an empty data chunk
# followed by a LIST chunk, with a RIFF length that is right: no samples.
sox speech.wav -b 24 s24.wav
python3 - s24.wav s24-unsized.wav <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
b[4:8] = bytes(4)
at = 12
while b[at:at + 4] != b"data":
    at += 8 + struct.unpack("<I", b[at + 4:at + 8])[0]
b[at + 4:at + 8] = bytes(4)
open(sys.argv[2], "wb").write(b)
fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
info = b"INFOISFT" + struct.pack("<I", 4) + b"mot\0"
body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", 0) \
    + b"LIST" + struct.pack("<I", len(info)) + info
open("tagged-empty.wav", "wb").write(b"RIFF" + struct.pack("<I", len(body)) + body)
PY

# name:expected, expected being ok, error or either (both are sound).
cases=(
    speech.wav:ok missing.wav:error empty.wav:error text.wav:error
    dir.wav:error truncated.wav:either one-sample.wav:ok silence.wav:ok
    tone.wav:ok ch8.wav:ok nonfinite.wav:ok huge.wav:error intscaled.wav:error
    hot.wav:ok spike.wav:ok badchannel.wav:ok double.wav:ok
    datalen-0.wav:ok datalen-ff.wav:ok rate0.wav:error rate-4k.wav:error
    speech.flac:ok cut.flac:error s24.wav:ok s24-unsized.wav:ok tagged-empty.wav:error
    speech.wav:ok
)
files=() want=()
for c in "${cases[@]}"; do files+=("${c%%:*}"); want+=("${c##*:}"); done

compare() { # compare OUTPUT_STATUS_FILE: each record as expected
    mapfile -t got <"$1"
    [ "${#got[@]}" -eq "${#files[@]}" ] || fail "${#got[@]} records for ${#files[@]} files"
    for i in "${!files[@]}"; do
        case "${want[$i]}" in
        either) ;;
        *) [ "${got[$i]}" = "${want[$i]}" ] || fail "${files[$i]}: ${got[$i]}, wanted ${want[$i]}" ;;
        esac
    done
}

for jobs in 1 3; do
    expect_rc 1 mot analyze --jobs "$jobs" "${files[@]}" >out.jsonl 2>err
    check_records jsonl out.jsonl "${files[@]}" >status
    compare status
    [ "$(wc -l <err)" -eq "$(grep -c error status)" ] || fail "stderr lines: $(cat err)"
    expect_rc 1 mot analyze --jobs "$jobs" --format csv -q "${files[@]}" >out.csv
    check_records csv out.csv "${files[@]}" >status
    compare status
done
grep -qi 'nan\|inf' out.jsonl out.csv && fail "non-finite text in output"

# The error sentences say what is wrong.
python3 - out.jsonl <<'PY'
import json, re, sys
err = {r["file"]: r.get("error") for r in map(json.loads, open(sys.argv[1]))}
assert err["missing.wav"] == "missing.wav: cannot open: No such file or directory", err
assert err["empty.wav"] == "empty.wav: file is empty (0 bytes)", err
assert "not a recognised audio format" in err["text.wav"], err
assert err["dir.wav"] == "dir.wav: is a directory", err
assert err["rate-4k.wav"] == "rate-4k.wav: cannot analyse at 4000 Hz (mot takes 8000 to 192000 Hz)", err
assert err["cut.flac"].startswith("cut.flac: reading failed part-way: "), err
# A recorder that writes the lengths on closing left 0 in both: the samples
# that follow are read as if the header said 0xFFFFFFFF.
rec = {r["file"]: r for r in map(json.loads, open(sys.argv[1]))}
zero, ff = dict(rec["datalen-0.wav"]), dict(rec["datalen-ff.wav"])
zero.pop("file"), ff.pop("file")
assert zero == ff and zero["duration_s"] > 3.0, (zero, ff)
s24, s24u = dict(rec["s24.wav"]), dict(rec["s24-unsized.wav"])
s24.pop("file"), s24u.pop("file")
assert s24 == s24u, (s24, s24u)
assert err["tagged-empty.wav"] == "tagged-empty.wav: the header declares no samples", err
assert re.fullmatch(r"intscaled\.wav: float samples reach [0-9.e+]+ times full scale .*",
                    err["intscaled.wav"]), err
PY

# Through a pipe, libsndfile cannot read FLAC (it seeks): the error says so;
# the WAV it can read goes on being read.
expect_rc 1 mot analyze <(cat speech.flac) <(cat speech.wav) >pipe.jsonl 2>/dev/null
python3 - pipe.jsonl <<'PY'
import json, sys
flac, wav = map(json.loads, open(sys.argv[1]))
assert flac["error"].endswith("not a recognised audio format through a pipe (FLAC and GSM 6.10 "
                              "need a seekable file: save the stream to a file first)"), flac
assert "error" not in wav and wav["f0_median_hz"] > 0, wav
PY

# A WAV past 4 GiB (speech.wav, then silence: a sparse file) whose lengths
# were cut to 0xFFFFFFFF or wrapped: its duration comes from its size.
python3 - speech.wav <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
at = 12
while b[at:at + 4] != b"data":
    at += 8 + struct.unpack("<I", b[at + 4:at + 8])[0]
size = 5 << 30
for name, riff, data in (("big-cut.wav", 0xFFFFFFFF, 0xFFFFFFFF),
                         ("big-wrapped.wav", (size - 8) & 0xFFFFFFFF, (size - at - 8) & 0xFFFFFFFF)):
    b[4:8], b[at + 4:at + 8] = struct.pack("<I", riff), struct.pack("<I", data)
    with open(name, "wb") as f:
        f.write(b)
        f.truncate(size)
PY
expect_rc 0 mot analyze speech.wav big-cut.wav big-wrapped.wav >big.jsonl
rm big-cut.wav big-wrapped.wav
python3 - big.jsonl <<'PY'
import json, sys
small, cut, wrapped = map(json.loads, open(sys.argv[1]))
for r in cut, wrapped:
    assert abs(r["duration_s"] - (5 << 30) / 16000) < 0.01, r
    assert r["f0_median_hz"] == small["f0_median_hz"] and r["speech_s"] == small["speech_s"], (r, small)
PY

# Only the channel read is judged: channel 1 of badchannel.wav is refused.
expect_rc 1 mot analyze --channel 1 badchannel.wav >bad1.jsonl
grep -q 'float samples reach' bad1.jsonl || fail "channel 1: $(cat bad1.jsonl)"

# All channels of an 8-channel 192 kHz file carry speech.wav: any channel,
# and their mean, gives speech.wav's pitch.
expect_rc 0 mot analyze speech.wav >mono.jsonl
for ch in 7 mix; do
    expect_rc 0 mot analyze --channel "$ch" ch8.wav >ch.jsonl
    cat mono.jsonl >>ch.jsonl
    python3 -c '
import json, sys
a, b = map(json.loads, open(sys.argv[1]))
assert a["sample_rate_hz"] == 192000 and a["channels"] == 8, a
assert abs(a["f0_median_hz"] / b["f0_median_hz"] - 1) < 0.02, (a, b)' ch.jsonl
done

# NaN/Inf samples count as silence: the rest still analyses as speech.
python3 - out.jsonl <<'PY'
import json, sys
r = {x["file"]: x for x in map(json.loads, open(sys.argv[1]))}
assert r["nonfinite.wav"]["speech_s"] > 1.5 and r["nonfinite.wav"]["f0_median_hz"] > 0, r["nonfinite.wav"]
PY

# pitch on every input: exit 0 or 1, finite numbers only.
for f in "${files[@]}"; do
    rc=0
    mot pitch "$f" >p.csv 2>/dev/null || rc=$?
    [ "$rc" -le 1 ] || fail "pitch $f exited $rc"
    grep -qi 'nan\|inf' p.csv && fail "pitch $f: non-finite output"
done
echo PASS
