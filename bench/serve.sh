#!/usr/bin/env bash
# serve.sh: how many real-time AudioSocket calls one `mot serve` keeps up with.
#
#   bench/serve.sh [N ...]          (default: 50 100 200 400; MOT=/path/to/mot,
#                                    SECONDS_PER_CALL=20, RAMP=5)
#
# For each N: a fresh `mot serve` on loopback (log to a file, stdout discarded,
# the dashboard on), N calls of SECONDS_PER_CALL s each sent in real time by
# bench/serve_load.py (python3 asyncio, one pacing task; call starts spread
# over RAMP s, as calls arrive in life), an event-stream reader on /api/events.
# Figures per N:
#   calls with a provisional / final event (every call should have both)
#   latency p50 / p99 / max, ms: event arrival on /api/events - sending of the
#     message that completed the verdict's audio (what serve adds)
#   behind: verdict time in audio - (window start + 4 s / 14 s), median (the
#     engine's look-ahead, the same for any load)
#   server CPU: (utime + stime) from /proc/PID/stat over the run / wall time,
#     in cores; RSS: VmHWM (peak) from /proc/PID/status, MB, and per call
#   client pacing lag (max), so that a late client is not blamed on the server
#     ("client late" when over 100 ms: the load generator itself was starved)
# Then the largest N with every event, p99 <= 200 ms for both and CPU < 1 core.
# Bounded: each N takes SECONDS_PER_CALL + RAMP + ~3 s. Prints figures, asserts
# nothing.
set -euo pipefail
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need_mot
command -v sox >/dev/null || ensure_pkgs /usr/bin/sox sox
COUNTS=("${@:-50}")
[ $# -gt 0 ] || COUNTS=(50 100 200 400)
SECONDS_PER_CALL=${SECONDS_PER_CALL:-20}
RAMP=${RAMP:-5}

out=$BENCH/out/serve
mkdir -p "$out"
# Two voices, one lively, one flat, so that verdicts of both kinds flow.
[ -s "$out/lively.wav" ] || python3 "$ROOT/tests/cli/gen_wav.py" speech "$out/lively.wav" 8000 150 20
[ -s "$out/flat.wav" ] || "${SOX[@]}" -n "${FMT8[@]}" "$out/flat.wav" synth 20 sawtooth 130 \
    gain -10 sinc 300-3400 tremolo 4 90 pad 0.5 0

ticks=$(getconf CLK_TCK)
page_kb=$(($(getconf PAGESIZE) / 1024))
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true' EXIT

printf '%6s %9s %9s %22s %22s %9s %6s %8s %9s %8s\n' calls prov final \
    'prov p50/p99/max ms' 'final p50/p99/max ms' 'behind s' 'CPU' 'RSS MB' 'KB/call' 'lag ms'
best=0
for n in "${COUNTS[@]}"; do
    rm -f "$out/serve.err" "$out/verdicts.jsonl"
    "$MOT" serve --audiosocket 127.0.0.1:0 --http 127.0.0.1:0 --max-calls $((n + 16)) \
        --log "$out/verdicts.jsonl" --quiet 2>"$out/serve.err" &
    server=$!
    for _ in $(seq 100); do grep -qs 'AudioSocket on' "$out/serve.err" && break; sleep 0.05; done
    as=$(sed -n 's/.*AudioSocket on \([^,]*\),.*/\1/p' "$out/serve.err")
    http=$(sed -n 's|.*dashboard on http://\([^/]*\)/.*|\1|p' "$out/serve.err")
    rss0_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status")
    c0=$(cpu_ticks "$server")
    t0=$(date +%s.%N)
    timeout $((SECONDS_PER_CALL * 2 + 60)) python3 "$BENCH/serve_load.py" --to "$as" --http "$http" \
        --calls "$n" --seconds "$SECONDS_PER_CALL" --ramp "$RAMP" \
        "$out/lively.wav" "$out/flat.wav" >"$out/load-$n.json"
    c1=$(cpu_ticks "$server")
    t1=$(date +%s.%N)
    hwm_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
    kill -TERM "$server"
    wait "$server" || true
    server=
    python3 - "$out/load-$n.json" "$c0" "$c1" "$t0" "$t1" "$ticks" "$hwm_kb" "$rss0_kb" "$n" \
        >"$out/row-$n.txt" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
c0, c1, t0, t1, ticks, hwm, rss0, n = map(float, sys.argv[2:])
cpu = (c1 - c0) / ticks / (t1 - t0)
p, f = r["provisional"], r["final"]
f3 = lambda x: "-" if x is None else "%.0f" % x
ok = (p["calls_with_event"] == n and f["calls_with_event"] == n and p["latency_p99_ms"] is not None
      and p["latency_p99_ms"] <= 200 and f["latency_p99_ms"] <= 200 and cpu < 1.0)
print("%6d %9d %9d %22s %22s %9s %6.2f %8.1f %9.0f %8.0f %s" % (
    n, p["calls_with_event"], f["calls_with_event"],
    "/".join(f3(p[k]) for k in ("latency_p50_ms", "latency_p99_ms", "latency_max_ms")),
    "/".join(f3(f[k]) for k in ("latency_p50_ms", "latency_p99_ms", "latency_max_ms")),
    "%.2f/%.2f" % (p["behind_mark_p50_s"] or 0, f["behind_mark_p50_s"] or 0),
    cpu, hwm / 1024, (hwm - rss0) / n, 1000 * r["pacer_lag_max_s"],
    ("ok" if ok else "MISSED") + (" (client late)" if r["pacer_lag_max_s"] > 0.1 else "")))
EOF
    cat "$out/row-$n.txt"
    python3 -c 'import json, sys; [print("  sender failed:", e) for e in json.load(open(sys.argv[1]))["sender_errors"]]' \
        "$out/load-$n.json"
    grep -q ' ok' "$out/row-$n.txt" && [ "$n" -gt "$best" ] && best=$n
done
echo "largest count with every verdict, p99 <= 200 ms and CPU < 1 core: ${best:-none}"
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
