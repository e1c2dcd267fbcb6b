# Sourced by every tests/serve/test_*.sh. Usage: test_X.sh MOT_BINARY SCRATCH_DIR
# The CLI tests' helpers (fail, expect_rc, gen, mot with a deadline), plus a
# server to start and stop. Everything listens on 127.0.0.1, port 0 (free).
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
SERVE_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

as_tool() { timeout 120 python3 "$SERVE_HERE/as_tool.py" "$@"; }

SERVE_PIDS=() # killed on exit; ctest's TIMEOUT bounds the whole test
stop_all() {
    for pid in "${SERVE_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

# start_serve NAME ARGS...: mot serve in the background, stdout NAME.out,
# stderr NAME.err; sets SERVE_PID, AS (HOST:PORT) and HTTP (HOST:PORT or "").
start_serve() {
    local name=$1
    shift
    "$MOT_BIN" serve --audiosocket 127.0.0.1:0 "$@" >"$name.out" 2>"$name.err" &
    SERVE_PID=$!
    SERVE_PIDS+=("$SERVE_PID")
    for _ in $(seq 100); do
        grep -qs 'AudioSocket on' "$name.err" && break
        kill -0 "$SERVE_PID" 2>/dev/null || fail "mot serve $* did not start: $(cat "$name.err")"
        sleep 0.05
    done
    AS=$(sed -n 's/.*AudioSocket on \([^,]*\),.*/\1/p' "$name.err")
    HTTP=$(sed -n 's|.*dashboard on http://\([^/]*\)/.*|\1|p' "$name.err")
    [ -n "$AS" ] || fail "no AudioSocket address in $name.err"
}

# stop_serve: SIGTERM, and the server must exit 0 within 10 s.
stop_serve() {
    local rc=0
    kill -TERM "$SERVE_PID"
    wait "$SERVE_PID" || rc=$?
    [ "$rc" -eq 0 ] || fail "mot serve exited $rc after SIGTERM"
}

# A flat (monotone) call: a 130 Hz buzz in syllable-like bursts, 8 kHz.
make_dull() { # make_dull OUT SECONDS [RATE]
    sox -R -n -r "${3:-8000}" -b 16 -c 1 "$1" synth "$2" sawtooth 130 gain -10 \
        sinc 300-3400 tremolo 4 90 pad 0.5 0
}
