#!/usr/bin/env bash
# mot report without a browser: usage and exit codes, one page or a folder,
# the page's size and audio (format, length, and alignment with the file),
# the same verdict as mot analyze under the same options, and pages that do
# not depend on the number of jobs.
source "$(dirname "$0")/lib.sh"

gen_call lively.wav lively             # 0.6 s quiet, then 16 s of syllables
gen_call flat.wav flat
gen_call hi.wav lively 16000 8         # resampled for the page's audio
sox -n -r 8000 -b 16 -c 1 quiet.wav trim 0 16.6
sox -M quiet.wav flat.wav stereo.wav   # channel 0 quiet, channel 1 the call
echo "not audio" >bad.txt

# --- usage ---------------------------------------------------------------
usage_error() { # usage_error ARGS...: exit 2, a message on stderr, nothing written
    expect_rc 2 mot report "$@" >out 2>err
    [ ! -s out ] || fail "stdout not empty for: $*"
    [ -s err ] || fail "no message on stderr for: $*"
}
usage_error
usage_error lively.wav
usage_error -o out.html
usage_error -o out.html --jobs 0 lively.wav
usage_error -o out.html --window 0.5 lively.wav
usage_error -o out.html --channel left lively.wav
usage_error -o out.html --bogus lively.wav
[ ! -e out.html ] || fail "a usage error wrote out.html"
# -o onto an input (the page, the folder's index or a page in it) or the
# model is refused, and nothing is written.
cp lively.wav victim.wav
usage_error -o victim.wav victim.wav
cmp -s lively.wav victim.wav || fail "-o onto the input replaced it"
mkdir -p clash
cp lively.wav clash/index.html
usage_error -o clash/ clash/index.html flat.wav
cmp -s lively.wav clash/index.html || fail "the folder's index replaced an input"
cp lively.wav clash/1-flat.html # flat.wav's page, and the second input
usage_error -o clash flat.wav clash/1-flat.html
cmp -s lively.wav clash/1-flat.html || fail "a page replaced an input"
cp "$(dirname "$0")/../../models/default.json" model.json
usage_error -o model.json --model model.json lively.wav
grep -q 'is also an input' err || fail "no word of the clash: $(cat err)"
rm -rf clash victim.wav model.json
expect_rc 0 mot report --help >out
grep -q '^usage: mot report' out || fail "report --help"
expect_rc 0 mot help report >out
grep -q '^usage: mot report' out || fail "help report"

# --- one file: one page, or nothing ----------------------------------------
expect_rc 1 mot report -o none.html missing.wav 2>err
grep -q 'missing.wav' err || fail "the error does not name the file: $(cat err)"
[ ! -e none.html ] || fail "a failed report left none.html"
expect_rc 1 mot report -o none.html bad.txt 2>err
grep -q 'bad.txt: not a recognised audio format' err || fail "bad.txt: $(cat err)"

expect_rc 0 mot report -o lively.html lively.wav
size=$(stat -c %s lively.html)
[ "$size" -le "$PAGE_MAX_BYTES" ] || fail "page of a 14 s opening is $size bytes"
expect_rc 0 mot report -o - lively.wav >stdout.html
cmp -s lively.html stdout.html || fail "-o - differs from the page file"

# --- the page says what mot analyze says, with the same options ------------
same_verdict() { # same_verdict FILE OPTIONS...
    local file=$1
    shift
    mot analyze "$@" "$file" >a.jsonl
    expect_rc 0 mot report "$@" -o p.html "$file"
    [ "$(page_value p.html dull-score)" = "$(json_value a.jsonl dull_score)" ] ||
        fail "$file $*: page score $(page_value p.html dull-score), analyze $(json_value a.jsonl dull_score)"
    grep -q "data-key=\"window_end_s\"><td><code>window_end_s</code></td><td class=\"num\">$(json_value a.jsonl window_end_s)<" p.html ||
        fail "$file $*: window_end_s differs from analyze"
}
same_verdict lively.wav
same_verdict flat.wav
same_verdict flat.wav --window 4
same_verdict hi.wav
same_verdict stereo.wav --channel 1
same_verdict stereo.wav --channel mix
[ "$(json_value a.jsonl channel_used)" = '"mix"' ] || fail "stereo mix: $(cat a.jsonl)"
[ "$(page_value lively.html verdict-word)" = "Lively opening" ] || fail "lively.wav verdict"
expect_rc 0 mot report -o flat.html flat.wav
[ "$(page_value flat.html verdict-word)" = "Dull opening" ] || fail "flat.wav verdict"
grep -q 'data-code="flat_pitch"' flat.html || fail "flat.wav: no flat_pitch reason"

# The window's marks: 4 s and the end, one mark when they coincide.
expect_rc 0 mot report -o w4.html --window 4 lively.wav
[ "$(grep -c 'id="mark-provisional"' lively.html) $(grep -c 'id="mark-end"' lively.html)" = "1 1" ] ||
    fail "lively.html: the 4 s and 14 s marks"
[ "$(grep -c 'id="mark-provisional"' w4.html) $(grep -c 'id="mark-end"' w4.html)" = "0 1" ] ||
    fail "--window 4: one mark at 4 s"
# A file too short for a frame still gets a page that says so.
python3 "$HERE/gen_wav.py" one-sample one.wav
expect_rc 0 mot report -o one.html one.wav
grep -q 'No speech was found' one.html || fail "one-sample page"

# --- the audio: 8 kHz mu-law, the span of the plots, lined up with the file --
check_audio() { # check_audio PAGE SOURCE
    python3 - "$1" "$2" <<'PY' || fail "audio of $1"
import base64, re, subprocess, sys
page, source = sys.argv[1], sys.argv[2]
html = open(page).read()
wav = base64.b64decode(re.search(r'data:audio/wav;base64,([^"]+)"', html).group(1))
open(page + ".wav", "wb").write(wav)
t0 = float(re.search(r'data-t0="([0-9.]+)"', html).group(1))
t1 = float(re.search(r'data-t1="([0-9.]+)"', html).group(1))
info = subprocess.run(["soxi", page + ".wav"], capture_output=True, text=True).stdout
assert "Sample Rate    : 8000" in info and "u-law" in info and "Channels       : 1" in info, info
def pcm(args):
    raw = subprocess.run(["sox"] + args + ["-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", "-"],
                         capture_output=True, check=True).stdout
    return [int.from_bytes(raw[i:i + 2], "little", signed=True) for i in range(0, len(raw), 2)]
got = pcm([page + ".wav"])
want = pcm([source])[round(t0 * 8000):round(t1 * 8000)]
assert abs(len(got) - round((t1 - t0) * 8000)) <= 1, (len(got), t0, t1)
def corr(lag):
    pairs = [(got[i], want[i + lag]) for i in range(max(0, -lag), min(len(got), len(want) - lag))]
    num = sum(a * b for a, b in pairs)
    den = (sum(a * a for a, _ in pairs) * sum(b * b for _, b in pairs)) ** 0.5
    return num / den if den else 0.0
best = max(range(-8, 9), key=corr)
assert abs(best) <= 1 and corr(best) > 0.98, (best, corr(best))
PY
}
check_audio lively.html lively.wav
expect_rc 0 mot report -o hi.html hi.wav
check_audio hi.html hi.wav

# --- several files: a folder with the pages and the index --------------------
expect_rc 1 mot report -o calls lively.wav flat.wav bad.txt hi.wav 2>err
[ "$(grep -c . err)" = 1 ] && grep -q 'bad.txt' err || fail "folder errors: $(cat err)"
for page in 1-lively.html 2-flat.html 4-hi.html index.html; do
    [ -s "calls/$page" ] || fail "no calls/$page: $(ls calls)"
done
[ ! -e calls/3-bad.html ] || fail "a page for the file that failed"
grep -q 'bad.txt: not a recognised audio format' calls/index.html || fail "index lacks the error"
grep -q 'href="1-lively.html"' calls/index.html || fail "index lacks the link"
grep -q 'href="index.html"' calls/2-flat.html || fail "page lacks the link to the index"

# Pages do not depend on the number of jobs, and a page in the folder is the
# single-file page with a link back to the index.
expect_rc 1 mot report --jobs 3 -o calls3/ lively.wav flat.wav bad.txt hi.wav 2>/dev/null
for page in 1-lively.html 2-flat.html 4-hi.html index.html; do
    cmp -s "calls/$page" "calls3/$page" || fail "$page differs with --jobs 3"
done
diff <(grep -v 'class="kicker"' lively.html) <(grep -v 'class="kicker"' calls/1-lively.html) >/dev/null ||
    fail "the folder's page differs from the single page"

# One file into a folder (a trailing slash or an existing folder).
expect_rc 0 mot report -o takes/ lively.wav
[ -s takes/1-lively.html ] && [ -s takes/index.html ] || fail "one file into takes/"
# Names that are not safe in a URL are made safe.
cp lively.wav 'a call #1?.wav'
expect_rc 0 mot report -o odd 'a call #1?.wav' flat.wav
[ -s 'odd/1-a_call__1_.html' ] || fail "odd names: $(ls odd)"
# A name that is not UTF-8 (Latin-1 "é") still gives pages that are.
latin=$(printf 'caf\xe9.wav')
cp lively.wav "$latin"
expect_rc 0 mot report -o latin "$latin" flat.wav
python3 - latin/1-caf_.html latin/index.html <<'PY'
import sys
for name in sys.argv[1:]:
    text = open(name, "rb").read().decode("utf-8")  # strict: raises on a stray byte
    assert "caf\ufffd.wav" in text, name
PY
echo "report cli: ok"
