# Sourced by every tests/play/test_*.sh, after tests/live/lib.sh (the ALSA
# file-plugin devices, test calls, fail, expect_rc, mot; leaves us in the
# scratch folder). Adds a tmux server of the test's own, JACK's dummy
# backend for real-time tests, and readers of mot's records and screens.
PLAY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$PLAY/../live/lib.sh"
use_tmux
JACKD_PID=
cleanup() {
    tmx kill-server 2>/dev/null || true
    [ -z "$JACKD_PID" ] || kill "$JACKD_PID" 2>/dev/null || true
}
trap cleanup EXIT

# ended_well NAME: mot exited 0, gave the cursor and the terminal's modes back,
# and kept every line inside the pane.
ended_well() {
    wait_for "$1" '^EXIT '
    shows "$1" '^EXIT 0$' "exit status 0"
    shows "$1" '^icanon echo ?$' "terminal modes restored (icanon echo)"
    [ "$(tmx display-message -p -t "$1" '#{cursor_flag}')" = 1 ] || fail "$1: the cursor stayed hidden"
    pane "$1" | awk 'length > 99 { bad = 1 } END { exit bad }' || fail "$1: a line wider than the pane"
}
# pane_clock NAME: the playing position the header shows, s.
pane_clock() {
    pane "$1" | sed -n 's/^mot play \([0-9][0-9]\):\([0-9][0-9]\.[0-9]\) .*/\1 \2/p' |
        awk '{ print $1 * 60 + $2 }'
}

# record FILE [ARGS]: the one record of `mot analyze ARGS FILE`.
record() { local f=$1; shift; mot analyze "$@" "$f"; }
# verdict_of JSONL: the verdict as the monitors write it ("DULL, score 0.99:
# flat pitch"), from a record.
verdict_of() {
    python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline())
v = "%s, score %.2f" % ("DULL" if r["dull"] else "not dull", r["dull_score"])
if r["reasons"]:
    v += ": " + ", ".join(x.replace("_", " ") for x in r["reasons"])
print(v)' "$1"
}
# clock_of JSONL KEY [PLUS]: KEY of a record (+ PLUS s) as mm:ss.t.
clock_of() {
    python3 -c '
import json, sys
t = json.loads(open(sys.argv[1]).readline())[sys.argv[2]] + float(sys.argv[3])
d = round(t * 10)
print("%02d:%02d.%d" % (d // 600, d // 10 % 60, d % 10))' "$1" "$2" "${3:-0}"
}

# start_jack RATE: JACK's dummy backend at RATE, real time, a server of the
# test's own; skip (77) when JACK is not installed. Its one device is
# "system" (1 in, 1 out).
start_jack() {
    local tool
    for tool in jackd jack_lsp jack_connect jack-play; do
        command -v "$tool" >/dev/null || { echo "SKIP: $tool missing (apt-get install jackd2 jack-tools)"; exit 77; }
    done
    export JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1 JACK_DEFAULT_SERVER=mot-play-$$
    jackd -r -n "$JACK_DEFAULT_SERVER" -d dummy -r "$1" -p $(($1 / 50)) -C 1 -P 1 >jackd.log 2>&1 &
    JACKD_PID=$!
    for _ in $(seq 100); do jack_lsp >/dev/null 2>&1 && return 0; sleep 0.1; done
    fail "jackd did not start: $(cat jackd.log)"
}
