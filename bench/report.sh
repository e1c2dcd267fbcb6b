#!/usr/bin/env bash
# report.sh: how fast and how big `mot report` is.
#
#   bench/report.sh            (MOT=/path/to/mot, RUNS=N single reports timed, default 50,
#                               CALLS=N calls in the batch, default 1000)
#
# Calls: four real-speech openings (Allison prompts joined with 0.25-0.4 s pauses, after
# 0.5 s of quiet, cut to 16 s: a full 14 s window plus context), 8 kHz 16-bit mono; the
# batch is CALLS hard links to them in turn.
# Figures (targets from issue 5 in brackets; nothing is asserted):
#   CPU (user+sys, /usr/bin/time) of one `mot report -o page.html call.wav`, as the mean of
#     RUNS runs in a row (one run alone is below /usr/bin/time's 10 ms resolution)   [< 50 ms]
#   the page's size                                                                  [<= 300 KB]
#   wall and CPU time of `mot report --jobs 2 -o DIR` on the CALLS calls (index + pages),
#     and of `mot analyze --jobs 2` on the same calls, for the share the page costs  [< 10 s]
set -euo pipefail
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_pkgs /usr/bin/sox sox
ensure_pkgs "$ALLISON/hello.wav" asterisk-core-sounds-en-wav
ensure_pkgs /usr/bin/time time
need_mot
RUNS=${RUNS:-50}
CALLS=${CALLS:-1000}

out=$BENCH/out/report
mkdir -p "$out/calls"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- inputs -------------------------------------------------------------------------------
"${SOX[@]}" -n "${FMT8[@]}" "$tmp/lead.wav" trim 0 0.5
pauses=(0.25 0.3 0.35 0.4)
for i in 0 1 2 3; do
	f=$out/calls/opening$i.wav
	[[ -s $f ]] && continue
	allison_concat "$tmp/speech.wav" $((8 + i)) "${pauses[i]}"
	"${SOX[@]}" "$tmp/lead.wav" "$tmp/speech.wav" "${FMT8[@]}" "$f" trim 0 16
done
batch=$out/batch$CALLS
if [[ ! -d $batch ]]; then
	mkdir -p "$batch.tmp"
	for ((i = 0; i < CALLS; i++)); do
		ln "$out/calls/opening$((i % 4)).wav" "$(printf '%s/call%05d.wav' "$batch.tmp" "$i")"
	done
	mv "$batch.tmp" "$batch"
fi
one=$out/calls/opening0.wav

# cpu CMD...: "user+sys wall" seconds of CMD, from /usr/bin/time.
cpu() {
	/usr/bin/time -f '%U %S %e' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
		[[ $? -eq 1 ]] || die "failed: $* ($(head -c 300 "$tmp/err"))"
	awk '{printf "%.2f %.2f\n", $1 + $2, $3}' "$tmp/t"
}

# --- one report ---------------------------------------------------------------------------
"$MOT" report -o "$out/one.html" "$one" || die "mot report failed on $one"
page_bytes=$(stat -c %s "$out/one.html")
single=$(cpu "$MOT" report -o "$out/one.html" "$one")
loop=$(cpu bash -c 'for ((i = 0; i < $2; i++)); do "$1" report -o "$3" "$4" || exit 1; done' \
	_ "$MOT" "$RUNS" "$out/one.html" "$one")
analyze_loop=$(cpu bash -c 'for ((i = 0; i < $2; i++)); do "$1" analyze "$3" >/dev/null || exit 1; done' \
	_ "$MOT" "$RUNS" "$one")

# --- a batch with its index ---------------------------------------------------------------
rm -rf "$out/batch-report"
batch_report=$(cpu "$MOT" report --jobs 2 -o "$out/batch-report" "$batch"/call*.wav)
batch_analyze=$(cpu "$MOT" analyze --jobs 2 -o "$out/batch.jsonl" "$batch"/call*.wav)
n_pages=$(find "$out/batch-report" -name '*.html' ! -name index.html | wc -l)
folder_kb=$(du -sk "$out/batch-report" | cut -f1)

read -r single_cpu _ <<<"$single"
read -r loop_cpu _ <<<"$loop"
read -r analyze_cpu _ <<<"$analyze_loop"
read -r br_cpu br_wall <<<"$batch_report"
read -r ba_cpu ba_wall <<<"$batch_analyze"
cat <<REPORT
mot report figures ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $MOT)

one 16 s call ($one, 14 s window):
  page size                          $page_bytes bytes ($((page_bytes / 1024)) KB)      [target <= 300 KB]
  CPU, one run (/usr/bin/time %U+%S) ${single_cpu} s
  CPU, mean of $RUNS runs              $(awk -v c="$loop_cpu" -v n="$RUNS" 'BEGIN{printf "%.1f", 1000 * c / n}') ms         [target < 50 ms]
  CPU of mot analyze, mean of $RUNS    $(awk -v c="$analyze_cpu" -v n="$RUNS" 'BEGIN{printf "%.1f", 1000 * c / n}') ms (the analysis alone)

batch of $CALLS calls, --jobs 2:
  mot report  (pages + index.html)   wall ${br_wall} s, CPU ${br_cpu} s, $n_pages pages, ${folder_kb} KB   [target < 10 s]
  mot analyze (JSON Lines)           wall ${ba_wall} s, CPU ${ba_cpu} s
REPORT
