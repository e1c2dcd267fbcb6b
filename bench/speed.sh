#!/usr/bin/env bash
# speed.sh: how fast is `mot analyze`, against Praat and against itself; how much memory.
#
#   bench/speed.sh              (MOT=/path/to/mot, RUNS=N timed runs per figure, default 5)
#
# Calls: 40 one-minute files, each 0.5 s of silence + 60 s cut at a different offset from
# a reel of real speech (every codec2-examples recording + 30 Allison prompts, looped).
# Figures (wall clock; median and minimum of RUNS runs after one untimed warm-up; hyperfine
# if installed; the load average is printed, as a busy machine skews sub-second runs):
#   mot analyze --jobs 1 on the 40 calls
#   Praat To Pitch (ac) on the first 15 s of each call: one Praat process looping over the
#     40 files (bench/praat-speed.praat), as it runs (Praat 6.3 analyses on every core: its
#     CPU time is printed beside its wall time) and pinned to one core (taskset), and one
#     Praat process per file
#   three other trackers packaged in Debian, on the same first 15 s, one process per call:
#     aubio's aubiopitch (yinfft, its default) and SPTK's pitch (RAPT and SWIPE'), 60-500 Hz,
#     10 ms hop; they read a 15 s copy of each call made beforehand (untimed), as they
#     cannot stop reading by themselves
#   ratio Praat / mot and other / mot (how many times faster mot is; mot also does energy,
#     syllables, verdict): like for like, Praat on one core against --jobs 1 and Praat on
#     every core against --jobs 2 (on 2 cores); and Praat on every core against --jobs 1
#   mot analyze --jobs 2 vs --jobs 1
#   peak RSS (/usr/bin/time -v "Maximum resident set size") and wall time of mot analyze on
#     a 20 s call and on a 1-hour call (the window is the same, so both should be alike)
# Prints figures only; timings are never asserted.
set -euo pipefail
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
ensure_pkgs /usr/bin/time time
ensure_pkgs /usr/bin/taskset util-linux
ensure_other_trackers
need_mot
RUNS=${RUNS:-5}

out=$BENCH/out/speed
calls=$out/calls
mkdir -p "$calls"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- inputs -------------------------------------------------------------------------------
reel=$out/reel.wav
if [[ ! -s $reel ]]; then
	"${SOX[@]}" -n "${FMT8[@]}" "$tmp/gap.wav" trim 0 0.3
	parts=()
	for name in "${CODEC2_SPEECH[@]}"; do
		raw2wav "$CODEC2/$name.raw" "$tmp/$name.wav"
		parts+=("$tmp/$name.wav" "$tmp/gap.wav")
	done
	allison_concat "$tmp/allison.wav" 30 0.3
	parts+=("$tmp/allison.wav")
	"${SOX[@]}" "${parts[@]}" "${FMT8[@]}" "$tmp/reel1.wav"
	# twice, so any 60 s cut from the first copy is whole
	"${SOX[@]}" "$tmp/reel1.wav" "$tmp/reel1.wav" "$reel"
fi
reel_s=$(soxi -D "$reel")
"${SOX[@]}" -n "${FMT8[@]}" "$tmp/lead.wav" trim 0 0.5
for i in $(seq -w 1 40); do
	f=$calls/call$i.wav
	[[ -s $f ]] && continue
	off=$(awk -v i="$i" -v L="$reel_s" 'BEGIN{printf "%.2f", ((i - 1) * 7.3) % (L / 2)}')
	"${SOX[@]}" "$reel" "$tmp/cut.wav" trim "$off" 60
	"${SOX[@]}" "$tmp/lead.wav" "$tmp/cut.wav" "$f"
done
call_files=("$calls"/call*.wav)
# The first 15 s of each call for aubio (WAV) and SPTK (raw float, the only input it reads).
first=$out/first15
mkdir -p "$first"
for f in "${call_files[@]}"; do
	b=${f##*/}
	b=${b%.wav}
	[[ -s $first/$b.wav ]] || "${SOX[@]}" "$f" "$first/$b.wav" trim 0 15
	[[ -s $first/$b.f32 ]] || sptk_input "$first/$b.wav" "$first/$b.f32"
done
short=$out/call-20s.wav
[[ -s $short ]] || "${SOX[@]}" "${call_files[0]}" "$short" trim 0 20.5
hour=$out/call-1h.wav
[[ -s $hour ]] || "${SOX[@]}" "${call_files[0]}" "$hour" repeat 59 trim 0 3600

# --- timing -------------------------------------------------------------------------------
# timeit CMD...: echo "median min" wall time (s) of RUNS runs after one warm-up run.
timeit() {
	if command -v hyperfine >/dev/null && [[ $(type -t "$1") == file ]]; then
		local cmd
		cmd=$(printf '%q ' "$@")
		hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$tmp/h.json" -- "$cmd" >/dev/null 2>&1 ||
			die "hyperfine failed: $cmd"
		python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.4f %.4f" % (r["median"], r["min"]))' "$tmp/h.json"
		return
	fi
	"$@" >/dev/null 2>&1 || die "failed: $*"
	local r t0 t1 ts=()
	for ((r = 0; r < RUNS; r++)); do
		t0=$(now)
		"$@" >/dev/null 2>&1 || die "failed: $*"
		t1=$(now)
		ts+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b - a}')")
	done
	printf '%s\n' "${ts[@]}" | sort -g | awk '{v[NR]=$1} END{print ((NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2), v[1]}'
}

praat_per_file() {
	local f
	for f in "${call_files[@]}"; do
		praat --run "$BENCH/praat-speed.praat" "$calls" "${f##*/}" 15 >/dev/null
	done
}

aubio_per_file() {
	local f
	for f in "$first"/call*.wav; do
		aubio_pitch "$f" >/dev/null
	done
}
sptk_per_file() { # sptk_per_file ALGORITHM (0 RAPT, 1 SWIPE')
	local f
	for f in "$first"/call*.f32; do
		sptk_pitch "$1" "$f" >/dev/null
	done
}
# Each must give a track, or its time means nothing.
f=$first/call01
n=$(aubio_pitch "$f.wav" | awk '$2 > 0' | wc -l)
((n > 100)) || die "aubiopitch gave $n voiced frames on $f.wav"
for a in 0 1; do
	n=$(sptk_pitch "$a" "$f.f32" | od -An -v -f -w4 | awk '$1 > 0' | wc -l)
	((n > 100)) || die "SPTK pitch -a $a gave $n voiced frames on $f.f32"
done

# Does mot handle them at all? (one run, output kept for inspection)
"$MOT" analyze --jobs 1 -o "$out/jobs1.jsonl" "${call_files[@]}" 2>"$out/jobs1.err" ||
	die "mot analyze failed on the calls: $(head -c 300 "$out/jobs1.err")"
n_ok=$(grep -c '"file"' "$out/jobs1.jsonl" || true)
n_err=$(grep -c '"error"' "$out/jobs1.jsonl" || true)

load_before=$(cut -d' ' -f1 /proc/loadavg)
r=$(timeit "$MOT" analyze --jobs 1 -o "$tmp/j1.jsonl" "${call_files[@]}")
read -r t_mot1 m_mot1 <<<"$r"
cores=$(nproc)
r=$(timeit "$MOT" analyze --jobs 2 -o "$tmp/j2.jsonl" "${call_files[@]}")
read -r t_mot2 m_mot2 <<<"$r"
r=$(timeit praat --run "$BENCH/praat-speed.praat" "$calls" 'call*.wav' 15)
read -r t_praat1 m_praat1 <<<"$r"
r=$(timeit taskset -c 0 praat --run "$BENCH/praat-speed.praat" "$calls" 'call*.wav' 15)
read -r t_praat1c m_praat1c <<<"$r"
# cpu_s CMD...: "user+sys elapsed" seconds of one run
cpu_s() {
	/usr/bin/time -f '%U %S %e' "$@" 2>"$tmp/cpu" >/dev/null || die "failed: $*"
	tail -n 1 "$tmp/cpu" | awk '{printf "%.3f %.3f\n", $1 + $2, $3}'
}
read -r c_praat1 w_praat1 <<<"$(cpu_s praat --run "$BENCH/praat-speed.praat" "$calls" 'call*.wav' 15)"
read -r c_mot1 w_mot1 <<<"$(cpu_s "$MOT" analyze --jobs 1 -o "$tmp/c.jsonl" "${call_files[@]}")"
r=$(timeit praat_per_file)
read -r t_praatN m_praatN <<<"$r"
r=$(timeit aubio_per_file)
read -r t_aubio m_aubio <<<"$r"
r=$(timeit sptk_per_file 0)
read -r t_rapt m_rapt <<<"$r"
r=$(timeit sptk_per_file 1)
read -r t_swipe m_swipe <<<"$r"

# --- memory -------------------------------------------------------------------------------
rss() { # rss FILE: "peak_kB wall_s"
	/usr/bin/time -v "$MOT" analyze --jobs 1 -o "$tmp/m.jsonl" "$1" 2>"$tmp/tv" >/dev/null ||
		die "mot analyze failed on $1"
	awk -F': ' '/Maximum resident set size/{k=$2} /Elapsed \(wall clock\)/{w=$2} END{
		n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print k, s}' "$tmp/tv"
}
r=$(rss "$short")
read -r rss_short wall_short <<<"$r"
r=$(rss "$hour")
read -r rss_hour wall_hour <<<"$r"

# --- report -------------------------------------------------------------------------------
timer=$(command -v hyperfine >/dev/null && echo hyperfine || echo "date +%s.%N")
awk -v m1="$t_mot1" -v m2="$t_mot2" -v p1="$t_praat1" -v pn="$t_praatN" \
	-v n1="$m_mot1" -v n2="$m_mot2" -v q1="$m_praat1" -v qn="$m_praatN" -v load="$load_before" \
	-v p1c="$t_praat1c" -v q1c="$m_praat1c" -v cp="$c_praat1" -v wp="$w_praat1" -v cm="$c_mot1" -v wm="$w_mot1" \
	-v au="$t_aubio" -v ra="$t_rapt" -v sw="$t_swipe" -v mau="$m_aubio" -v mra="$m_rapt" -v msw="$m_swipe" \
	-v rs="$rss_short" -v rh="$rss_hour" -v ws="$wall_short" -v wh="$wall_hour" \
	-v runs="$RUNS" -v cores="$cores" -v mot="$MOT" -v ok="$n_ok" -v err="$n_err" \
	-v timer="$timer" -v hs="$(soxi -D "$hour")" 'BEGIN{
	printf "mot: %s   machine: %d cores, load %s before timing   timer: %s, %d runs after a warm-up\n", mot, cores, load, timer, runs
	printf "inputs: 40 calls of 60.5 s (8 kHz mono); mot wrote %d objects (%d with \"error\")\n\n", ok, err
	printf "%-58s %10s %10s %12s\n", "run", "median s", "min s", "per call ms"
	printf "%-58s %10.3f %10.3f %12.2f\n", "mot analyze --jobs 1, 40 calls", m1, n1, 1000*m1/40
	printf "%-58s %10.3f %10.3f %12.2f\n", "mot analyze --jobs 2, 40 calls", m2, n2, 1000*m2/40
	printf "%-58s %10.3f %10.3f %12.2f\n", "Praat To Pitch (ac), first 15 s, one process for all 40", p1, q1, 1000*p1/40
	printf "%-58s %10.3f %10.3f %12.2f\n", "  the same, pinned to one core (taskset -c 0)", p1c, q1c, 1000*p1c/40
	printf "%-58s %10.3f %10.3f %12.2f\n", "Praat To Pitch (ac), first 15 s, one process per call", pn, qn, 1000*pn/40
	printf "%-58s %10.3f %10.3f %12.2f\n", "aubiopitch yinfft, first 15 s, one process per call", au, mau, 1000*au/40
	printf "%-58s %10.3f %10.3f %12.2f\n", "SPTK pitch RAPT, first 15 s, one process per call", ra, mra, 1000*ra/40
	printf "%-58s %10.3f %10.3f %12.2f\n", "SPTK pitch SWIPE, first 15 s, one process per call", sw, msw, 1000*sw/40
	print ""
	printf "%-58s %10s %10s\n", "ratio", "medians", "minima"
	printf "%-58s %10.2f %10.2f\n", "Praat (one process, one core) / mot --jobs 1", p1c/m1, q1c/n1
	printf "%-58s %10.2f %10.2f\n", sprintf("Praat (one process, %d cores) / mot --jobs 2", cores), p1/m2, q1/n2
	printf "%-58s %10.2f %10.2f\n", sprintf("Praat (one process, %d cores) / mot --jobs 1", cores), p1/m1, q1/n1
	printf "%-58s %10.2f %10.2f\n", "Praat (process per call) / mot --jobs 1", pn/m1, qn/n1
	printf "%-58s %10.2f %10.2f\n", "aubiopitch (process per call) / mot --jobs 1", au/m1, mau/n1
	printf "%-58s %10.2f %10.2f\n", "SPTK RAPT (process per call) / mot --jobs 1", ra/m1, mra/n1
	printf "%-58s %10.2f %10.2f\n", "SPTK SWIPE (process per call) / mot --jobs 1", sw/m1, msw/n1
	printf "%-58s %10.2f %10.2f   (%d cores; %d.00 = perfect scaling)\n", "mot --jobs 1 / mot --jobs 2", m1/m2, n1/n2, cores, 2
	print ""
	printf "CPU time of one run (user + sys) against its wall time: Praat (one process) %.2f s in %.2f s (%.0f %% of a core), mot --jobs 1 %.2f s in %.2f s (%.0f %%)\n", cp, wp, 100*cp/wp, cm, wm, 100*cm/wm
	print ""
	printf "%-58s %10s %12s\n", "mot analyze --jobs 1, one file", "peak RSS", "wall s"
	printf "%-58s %7.1f MB %12.3f\n", "20 s call", rs/1024, ws
	printf "%-58s %7.1f MB %12.3f\n", sprintf("1-hour call (%.0f s, %.1f MB WAV)", hs, hs*16000/1e6), rh/1024, wh
	}'
echo
echo "reproduce: MOT=$MOT RUNS=$RUNS bench/speed.sh   (from $ROOT; inputs kept in $out)"
