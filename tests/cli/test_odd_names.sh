#!/usr/bin/env bash
# File names are data: spaces, quotes, commas, control characters, a newline
# and bytes that are not UTF-8 must come back exactly (CSV) or as valid JSON
# with the documented mapping (a stray byte 0xXY becomes the escape \udcXY,
# PEP 383, which os.fsencode() turns back into the byte).
source "$(dirname "$0")/lib.sh"

gen speech a.wav 8000 150 2
names=(
    "with space.wav"
    'quo"ted.wav'
    "it's.wav"
    "comma,semi;colon.wav"
    $'new\nline.wav'
    $'tab\tand\x01ctl.wav'
    'back\slash.wav'
    $'caf\xc3\xa9.wav'             # UTF-8: unchanged
    $'\xff\xfe bytes \xc3.wav'     # not UTF-8
    $'\xed\xa0\x80surrogate.wav'   # an encoded surrogate is not UTF-8 either
    "-dash.wav"
)
for n in "${names[@]}"; do cp -- a.wav "$n"; done
missing=$'gone \xff\n"x".wav'
all=("${names[@]}" "$missing")

expect_rc 1 mot analyze -- "${all[@]}" >out.jsonl 2>err
[ "$(check_records jsonl out.jsonl "${all[@]}" | tally)" = "error=1 ok=11" ] || fail "jsonl"
# One stderr line per failed file, even when its name holds a newline.
[ "$(wc -l <err)" -eq 1 ] || fail "stderr: $(cat -v err)"

expect_rc 1 mot analyze --jobs 2 --format csv -- "${all[@]}" >out.csv 2>/dev/null
check_records csv out.csv "${all[@]}" >/dev/null

# The same names through --files-from (one per line, so not the newline one).
listed=()
for n in "${names[@]}"; do [[ $n == *$'\n'* ]] || listed+=("$n"); done
printf '%s\n' "${listed[@]}" >list
expect_rc 0 mot analyze --files-from - <list >list.jsonl
[ "$(check_records jsonl list.jsonl "${listed[@]}" | tally)" = "ok=10" ] || fail "list"

# NUL-terminated (find -print0): every name, the newline one too, exactly.
printf '%s\0' "${names[@]}" >nul.list
expect_rc 0 mot analyze --files-from - <nul.list >nul.jsonl
[ "$(check_records jsonl nul.jsonl "${names[@]}" | tally)" = "ok=11" ] || fail "NUL list"

# A list holding a NUL anywhere is NUL-terminated, even when its first name
# holds a newline (find -print0 lists it so when it sorts first).
printf 'new\nline.wav\0-dash.wav\0' >nl-first.list
expect_rc 0 mot analyze --files-from nl-first.list >nl-first.jsonl
[ "$(check_records jsonl nl-first.jsonl $'new\nline.wav' "-dash.wav" | tally)" = "ok=2" ] ||
    fail "NUL list whose first name holds a newline"

# The JSON escapes are the standard ones, and the file decodes as UTF-8.
python3 - out.jsonl <<'PY'
import json, os, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")
recs = [json.loads(l) for l in raw.splitlines()]
assert recs[4]["file"] == "new\nline.wav"
assert recs[8]["file"] == "\udcff\udcfe bytes \udcc3.wav"
assert b'"file":"\\udcff\\udcfe bytes \\udcc3.wav"' in raw
assert os.fsencode(recs[9]["file"]) == b"\xed\xa0\x80surrogate.wav"
assert recs[7]["file"] == "caf\u00e9.wav"
assert b'"file":"new\\nline.wav"' in raw and b'"file":"quo\\"ted.wav"' in raw
assert b'\\u0001ctl' in raw and b'"back\\\\slash.wav"' in raw
assert recs[11]["error"].startswith("gone \udcff\n\"x\".wav: cannot open")
PY
echo PASS
