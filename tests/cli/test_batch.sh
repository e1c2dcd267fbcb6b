#!/usr/bin/env bash
# Batches: exit status 0/1, input order with several jobs, records written as
# each file completes, --files-from, -o written atomically, early stop.
source "$(dirname "$0")/lib.sh"

gen speech a.wav 8000 150 3
gen speech b.wav 16000 120 4
gen speech c.wav 8000 220 2
# A slow first file (96 kHz, a 60 s window): later files finish before it.
gen speech slow8k.wav 8000 130 65
sox slow8k.wav -r 96000 slow.wav

# --- exit status, order -----------------------------------------------------
expect_rc 0 mot analyze a.wav b.wav >out 2>err
[ ! -s err ] || fail "stderr not empty: $(cat err)"
expect_rc 1 mot analyze a.wav missing.wav b.wav >out 2>err
[ "$(check_records jsonl out a.wav missing.wav b.wav | tr '\n' ' ')" = "ok error ok " ] ||
    fail "a failed file stops the batch"
[ "$(wc -l <err)" -eq 1 ] && grep -q '^mot analyze: missing.wav: cannot open' err ||
    fail "stderr: $(cat err)"
expect_rc 1 mot analyze --quiet a.wav missing.wav >out 2>err
[ ! -s err ] || fail "--quiet still wrote: $(cat err)"

order=(slow.wav a.wav b.wav missing.wav c.wav a.wav b.wav c.wav)
expect_rc 1 mot analyze --jobs 2 --window 60 -q "${order[@]}" >j2.jsonl
[ "$(check_records jsonl j2.jsonl "${order[@]}" | tr '\n' ' ')" = \
  "ok ok ok error ok ok ok ok " ] || fail "--jobs 2 order"
expect_rc 1 mot analyze --jobs 1 --window 60 -q "${order[@]}" >j1.jsonl
cmp -s j1.jsonl j2.jsonl || fail "--jobs 2 output differs from --jobs 1"
expect_rc 1 mot analyze --jobs 3 --window 60 -q --format csv "${order[@]}" >j3.csv
check_records csv j3.csv "${order[@]}" >/dev/null
# By default, one job per processor the process may use (at most 8), the same records.
expect_rc 1 mot analyze --window 60 -q "${order[@]}" >jd.jsonl
cmp -s j1.jsonl jd.jsonl || fail "the default jobs' output differs from --jobs 1"
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
    taskset -c 0 "$MOT_BIN" analyze --help | grep -q 'at most 8; 1 here' ||
        fail "one allowed processor is not one default job: $(taskset -c 0 "$MOT_BIN" analyze --help | grep -A1 -- --jobs)"
fi

# --- each record is out as soon as its file is done -------------------------
# The second input is a FIFO nobody writes to yet: the first record must
# still appear, since the writer cannot know how long the second will take.
mkfifo pending.wav
# Run without `timeout`, so that $! is mot itself.
"$MOT_BIN" analyze a.wav pending.wav >stream.jsonl &
pid=$!
for _ in $(seq 200); do [ -s stream.jsonl ] && break; sleep 0.05; done
[ "$(wc -l <stream.jsonl)" -eq 1 ] || fail "first record not written before the second file"
cat a.wav >pending.wav
wait "$pid" || fail "streaming run failed"
check_records jsonl stream.jsonl a.wav pending.wav >/dev/null

# --- reading stops once the window is complete --------------------------------
# An endless stream (a WAV header with the streaming length) must end.
expect_rc 0 mot analyze --window 5 <(gen endless -) >endless.jsonl
python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert r["duration_s"] is None, r                    # a pipe: length unknown
assert abs(r["window_end_s"] - r["window_start_s"] - 5) < 0.05, r' endless.jsonl

# --- --files-from -------------------------------------------------------------
printf 'b.wav\nmissing.wav\n\nc.wav\r\n' | mot analyze -q --files-from - a.wav >ff.jsonl ||
    true
[ "$(check_records jsonl ff.jsonl a.wav b.wav missing.wav c.wav | tr '\n' ' ')" = \
  "ok ok error ok " ] || fail "--files-from -"
printf 'a.wav\n' >list.txt
expect_rc 0 mot analyze --files-from list.txt >ff.jsonl
check_records jsonl ff.jsonl a.wav >/dev/null
expect_rc 1 mot analyze --files-from no-such-list.txt >out 2>err
grep -q "cannot open file list no-such-list.txt: No such file or directory" err ||
    fail "missing list: $(cat err)"
# Every --files-from, in order, after the files given.
printf 'c.wav\n' >list2.txt
expect_rc 0 mot analyze -q --files-from list.txt b.wav -F list2.txt -F list.txt >ff2.jsonl
check_records jsonl ff2.jsonl b.wav a.wav c.wav a.wav >/dev/null || fail "several --files-from"
# -o onto an input (directly, through a symbolic link, or the list) is refused.
cp a.wav victim.wav
ln -sf victim.wav victim-link.wav
for o in victim.wav victim-link.wav; do
    expect_rc 2 mot analyze -o "$o" a.wav victim.wav >out 2>err
    grep -q "is also an input (victim.wav)" err || fail "-o $o: $(cat err)"
done
expect_rc 2 mot analyze -F list.txt -o list.txt 2>err
cmp -s victim.wav a.wav && [ "$(cat list.txt)" = a.wav ] || fail "-o replaced an input"
: >empty-list.txt
expect_rc 2 mot analyze --files-from empty-list.txt >out 2>err

# Thousands of names: one record each, in order.
sox -n -r 8000 -b 16 short.wav synth 0.3 sine 200
many=()
for i in $(seq 3000); do many+=(short.wav); done
printf '%s\n' "${many[@]}" >many.txt
expect_rc 0 mot analyze --jobs 2 --files-from many.txt -o many.jsonl
[ "$(check_records jsonl many.jsonl "${many[@]}" | tally)" = "ok=3000" ] ||
    fail "3000 files"

# --- output failures and --model -------------------------------------------
if [ -w /dev/full ]; then
    expect_rc 1 mot analyze a.wav >/dev/full 2>err
    grep -q "cannot write standard output" err || fail "full disk: $(cat err)"
    expect_rc 1 mot pitch a.wav >/dev/full 2>err
    grep -q "cannot write standard output" err || fail "pitch, full disk: $(cat err)"
fi
expect_rc 0 mot analyze a.wav b.wav >builtin.jsonl
expect_rc 0 mot analyze --model "$HERE/../../models/default.json" a.wav b.wav >loaded.jsonl
cmp -s builtin.jsonl loaded.jsonl || fail "--model models/default.json differs from the built-in"

# --- -o: atomic output --------------------------------------------------------
mkdir out.d
expect_rc 0 mot analyze a.wav b.wav >expected.jsonl
expect_rc 0 mot analyze -o out.d/res.jsonl a.wav b.wav >stdout
[ ! -s stdout ] || fail "-o also wrote stdout"
cmp -s expected.jsonl out.d/res.jsonl || fail "-o content"
[ "$(ls -A out.d)" = "res.jsonl" ] || fail "left over: $(ls -A out.d)"
# Failed files are records like any other: the output is still put in place.
expect_rc 1 mot analyze -q -o out.d/res.jsonl a.wav missing.wav
check_records jsonl out.d/res.jsonl a.wav missing.wav >/dev/null
# A run that fails leaves the old file untouched and no temporary file.
echo old >out.d/res.jsonl
expect_rc 1 mot analyze --model no-such-model.json -o out.d/res.jsonl a.wav 2>err
grep -q "cannot load model no-such-model.json" err || fail "model error: $(cat err)"
[ "$(cat out.d/res.jsonl)" = old ] && [ "$(ls -A out.d)" = "res.jsonl" ] ||
    fail "failed run touched the output"
expect_rc 1 mot analyze -o no-such-dir/res.jsonl a.wav 2>err
grep -q "no-such-dir/res.jsonl" err || fail "unwritable output: $(cat err)"
# Targets that cannot take a file are refused before any file is analysed.
expect_rc 1 mot analyze -o out.d a.wav slow.wav --window 60 2>err >stdout
grep -q "cannot write to out.d: it is a directory" err || fail "-o directory: $(cat err)"
[ ! -s stdout ] && [ "$(ls -A out.d)" = "res.jsonl" ] || fail "-o directory left output"
expect_rc 1 mot analyze -o "" a.wav 2>err
grep -q "output file name is empty" err || fail "-o '': $(cat err)"
# A FIFO is written to, not replaced: its reader gets the records.
mkfifo out.fifo
cat out.fifo >from-fifo.jsonl &
reader=$!
expect_rc 0 mot analyze -o out.fifo a.wav b.wav
wait "$reader"
[ -p out.fifo ] || fail "-o replaced the FIFO"
cmp -s expected.jsonl from-fifo.jsonl || fail "-o FIFO content"
# Through a symbolic link the file it names is replaced and the link stays;
# a link to nothing yet creates its file.
echo old >linked.jsonl
ln -s linked.jsonl link.jsonl
ln -s created.jsonl dangling.jsonl
expect_rc 0 mot analyze -o link.jsonl a.wav b.wav
expect_rc 0 mot analyze -o dangling.jsonl a.wav b.wav
[ -L link.jsonl ] && [ -L dangling.jsonl ] || fail "-o replaced a symbolic link"
cmp -s expected.jsonl linked.jsonl && cmp -s expected.jsonl created.jsonl ||
    fail "-o through a symbolic link"

# /dev/stdout and /dev/fd/N are written where the shell opened them: an
# appending redirection keeps what was there.
echo before >appended.jsonl
expect_rc 0 mot analyze -o /dev/stdout a.wav b.wav >>appended.jsonl
expect_rc 0 mot analyze -o /dev/fd/3 a.wav 3>>appended.jsonl
[ "$(head -1 appended.jsonl)" = before ] && [ "$(wc -l <appended.jsonl)" -eq 4 ] ||
    fail "-o /dev/stdout, /dev/fd/3: $(cut -c1-40 appended.jsonl)"
# A target name as long as a name can be still leaves room for the temporary one.
long=$(printf 'n%.0s' $(seq 249)).jsonl  # 255 bytes, NAME_MAX
expect_rc 0 mot analyze -o "$long" a.wav b.wav
cmp -s expected.jsonl "$long" || fail "-o with a 255-byte name"

# --- the progress bar on a terminal -----------------------------------------
# With the records on the same terminal (script gives both a pty), the bar's
# line is cleared before each record: what the terminal shows after the last
# carriage return of each record's line is the record itself.
script -qec "$MOT_BIN analyze a.wav b.wav c.wav" /dev/null >tty.out </dev/null
python3 - tty.out <<'PY'
import sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
records = [l for l in lines if b'{"file"' in l]
assert len(records) == 3, lines
for l in records:
    shown = l.rstrip(b"\r").split(b"\r")[-1].replace(b"\x1b[K", b"")  # the pty ends lines \r\n
    assert shown.startswith(b'{"file"'), l
assert any(b"files/s" in l for l in lines), "no progress bar on a terminal"
PY
[ $? -eq 0 ] || fail "progress bar in front of a record"

# Killed part-way (the second input blocks): the temporary file goes too.
rm -f pending.wav
mkfifo pending.wav
"$MOT_BIN" analyze -o out.d/res.jsonl a.wav pending.wav &
pid=$!
for _ in $(seq 200); do
    tmp=$(find out.d -name '.res.jsonl.*' -size +0) && [ -n "$tmp" ] && break
    sleep 0.05
done
[ -n "$tmp" ] || fail "no temporary file with the first record"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 143 ] || fail "killed run exited $rc"
[ "$(cat out.d/res.jsonl)" = old ] && [ "$(ls -A out.d)" = "res.jsonl" ] ||
    fail "killed run left: $(ls -A out.d)"
echo PASS
