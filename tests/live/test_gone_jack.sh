#!/usr/bin/env bash
# A sound device that goes away mid-call (its JACK server stopped): `mot
# live`, `mot practice` and `mot play` each say so and exit 1 at once,
# instead of hanging in PortAudio (which then asserts) or, for play,
# reporting a normal end. Needs jackd2 (tests/setup.sh installs it).
source "$(dirname "$0")/lib.sh"
command -v jackd >/dev/null && command -v jack_lsp >/dev/null ||
    fail "jackd2 is not installed (tests/setup.sh installs it)"
export JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1
# The stream of a device that went away is left to the end of the process
# on purpose (closing it hangs: io/device.h), so LeakSanitizer would count it.
export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
"${SOX[@]}" -n -r 16000 -c 1 -b 16 tone.wav synth 10 sine 200

# gone NAME WANT_ERR ARGS...: mot ARGS on a server of its own, stopped 2 s
# in; mot must then exit 1 within 3 s, saying WANT_ERR.
gone() {
    local name=$1 want=$2 jackd pid rc=0 t0 ms
    shift 2
    export JACK_DEFAULT_SERVER=mot-gone-$$-$name
    jackd -r -n "$JACK_DEFAULT_SERVER" -d dummy -r 16000 -p 320 -C 1 -P 1 >"$name.jackd" 2>&1 &
    jackd=$!
    for _ in $(seq 200); do jack_lsp >/dev/null 2>&1 && break; sleep 0.05; done
    jack_lsp >/dev/null 2>&1 || fail "jackd would not start: $(cat "$name.jackd")"
    mot "$@" >"$name.out" 2>"$name.err" </dev/null &
    pid=$!
    sleep 2
    kill -TERM "$jackd"
    t0=$(date +%s%N)
    { wait "$jackd"; } 2>/dev/null || true
    wait "$pid" || rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
    [ "$rc" -eq 1 ] && [ "$ms" -lt 3000 ] && grep -q "$want" "$name.err" ||
        fail "$name with its device gone: exit $rc after $ms ms: $(cat "$name.err")"
}
gone live "the input device stopped delivering audio" live --device system --format jsonl
gone practice "the input device stopped delivering audio" practice --device system --takes .
gone play "the output device stopped playing" play --device system tone.wav
echo "gone ok"
