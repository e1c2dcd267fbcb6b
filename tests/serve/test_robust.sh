#!/usr/bin/env bash
# mot serve under abuse: 1000 malformed AudioSocket streams (random bytes,
# wrong lengths, truncated headers, 64 KB payloads, idle clients, a byte
# now and then, ...)
# interleaved with good calls: every bad one is closed with a reason, the
# server lives on and the good calls' verdicts equal mot analyze's.
# Then --max-calls, the token rules and agent labels.
source "$(dirname "$0")/lib.sh"

gen speech bright.wav 8000 150 16
gen speech low.wav 8000 100 16
make_dull dull.wav 16
expect_rc 0 mot analyze bright.wav low.wav dull.wav >batch.jsonl

# --- 1000 malformed streams among good calls ------------------------------------
start_serve s1 --log good.jsonl --idle 1 --max-calls 64 --http 127.0.0.1:0
as_tool abuse "$AS" 1000 7 >abuse.json &
abuse_pid=$!
pairs=()
for round in 0 1 2; do
    for f in bright.wav low.wav dull.wav; do
        u=$(printf '00000000-0000-4000-8000-%06d%06d' "$round" "${#pairs[@]}")
        pairs+=("$u=$f")
        mot send --speed 0 --uuid "$u" --to "$AS" "$f" >/dev/null || fail "good call $u failed"
    done
    sleep 1
done
wait "$abuse_pid" || fail "the abuse client failed"
kill -0 "$SERVE_PID" || fail "mot serve died under abuse"
[ "$(curl -s "http://$HTTP/healthz")" = '{"ok":true,"calls":0}' ] || fail "healthz after abuse"
# Without a token only a loopback Host is served: a page whose name was
# rebound to 127.0.0.1 must not read the calls.
hc() { curl -s -o /dev/null -w '%{http_code}' -H "Host: $1" "http://$HTTP/api/calls"; }
for h in attacker.example "attacker.example:${HTTP##*:}" 127.0.0.1.attacker.example \
    localhost.attacker.example "[::1]x" "127.0.0.1:80x"; do
    [ "$(hc "$h")" = 403 ] || fail "Host $h served without a token"
done
for h in "127.0.0.1:${HTTP##*:}" 127.0.0.1 "localhost:${HTTP##*:}" LOCALHOST. "[::1]:8092" \
    app.localhost; do
    [ "$(hc "$h")" = 200 ] || fail "Host $h refused"
done
stop_serve
python3 - <<'EOF' || fail "malformed streams not all closed by the server: $(cat abuse.json)"
import json
counts = json.load(open("abuse.json"))
assert sum(counts.values()) == 1000, counts
assert all(k.endswith(":closed") for k in counts), counts
assert len(counts) == 11, counts   # every kind of abuse was tried
EOF
n_reasons=$(grep -c ': closed: ' s1.err || true)
[ "$n_reasons" -ge 1000 ] || fail "$n_reasons reasons on stderr for 1000 bad streams"
grep -q 'over the limit' s1.err || fail "no reason given for the 64 KB payload"
grep -q 'no complete message for 1 s' s1.err || fail "no reason given for idle clients"
grep '00000000-0000-4000-8000-' s1.err && fail "a good call was closed"
as_tool parity batch.jsonl good.jsonl "${pairs[@]}" >parity.txt || fail "$(cat parity.txt)"
[ "$(wc -l <good.jsonl)" -eq 9 ] || fail "verdicts logged for bad streams: $(wc -l <good.jsonl) lines"

# --- --max-calls: the calls over the limit are refused, the others carry on -----
start_serve s2 --max-calls 3 --idle 5 --http off
as_tool hold "$AS" 5 2 >hold.json
python3 -c '
import json; h = json.load(open("hold.json"))
assert h["closed_index"] == [3, 4], h' || fail "--max-calls 3: $(cat hold.json)"
[ "$(grep -c 'already at --max-calls' s2.err)" -eq 2 ] || fail "refusals not reported"
stop_serve

# --- a port past 65535 is refused, not taken modulo 65536 ------------------------
expect_rc 1 "$MOT_BIN" serve --audiosocket 127.0.0.1:83628 --http off 2>err
grep -q 'the port is not a number 0..65535' err || fail "port 83628: $(cat err)"
for speed in 1e-300 0.001 -1 1001 x; do
    expect_rc 2 mot send --speed "$speed" --to 127.0.0.1:9 bright.wav 2>err
    grep -q -- '--speed' err || fail "--speed $speed: $(cat err)"
done
expect_rc 1 mot send --to 127.0.0.1:65536 bright.wav 2>err
grep -q 'the port is not a number 0..65535' err || fail "send to port 65536: $(cat err)"

# --- listening beyond loopback needs a token --------------------------------------
expect_rc 2 "$MOT_BIN" serve --audiosocket 0.0.0.0:0 --http off 2>err
grep -q 'token-file' err || fail "no hint at --token-file: $(cat err)"
expect_rc 2 "$MOT_BIN" serve --audiosocket 127.0.0.1:0 --http 0.0.0.0:0 2>err
echo short >short.token
expect_rc 2 "$MOT_BIN" serve --audiosocket 127.0.0.1:0 --token-file short.token 2>err
grep -q 'shorter than 16' err || fail "short token accepted: $(cat err)"
head -c 2000 /dev/zero | tr '\0' x >long.token
expect_rc 2 "$MOT_BIN" serve --audiosocket 127.0.0.1:0 --token-file long.token 2>err
grep -q 'longer than 1022' err || fail "a 2000-character token was not refused: $(cat err)"

# 300 characters: more than the 255 a token was once cut to, unannounced.
TOKEN=s3cret-token-for-the-test-$(head -c 274 /dev/zero | tr '\0' 7)
echo "$TOKEN" >tok
start_serve s3 --http 0.0.0.0:0 --token-file tok --log labelled.jsonl
port=${HTTP##*:}
url=http://127.0.0.1:$port
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "$url/api/calls")" = 401 ] || fail "API open without the token"
[ "$(code "$url/")" = 401 ] || fail "page open without the token"
[ "$(code -H "Authorization: Bearer wrong" "$url/api/calls")" = 401 ] || fail "wrong token taken"
[ "$(code -H "Authorization: Bearer $TOKEN" "$url/api/calls")" = 200 ] || fail "bearer token refused"
[ "$(code "$url/?token=$TOKEN")" = 200 ] || fail "?token= refused"
[ "$(code "$url/healthz")" = 200 ] || fail "healthz needs no token"
[ "$(code -H "Host: mot.example" -H "Authorization: Bearer $TOKEN" "$url/api/calls")" = 200 ] ||
    fail "with a token, another Host name was refused"

# --- agent labels -----------------------------------------------------------------
u=00000000-0000-4000-8000-00000000abcd
mot send --speed 2 --uuid "$u" --to "$AS" bright.wav >/dev/null &
send_pid=$!
sleep 1
post() { curl -s -o post.out -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "$2" "$url/api/calls/$1"; }
[ "$(post 00000000-0000-4000-8000-999999999999 '{"agent":"x"}')" = 404 ] || fail "unknown call labelled"
[ "$(post "$u" 'not json')" = 400 ] || fail "bad JSON taken"
# A form or text/plain POST (what another site's page may send unasked) is refused.
[ "$(code -X POST -H "Authorization: Bearer $TOKEN" --data-binary '{"agent":"x"}' \
    "$url/api/calls/$u")" = 415 ] || fail "a label without application/json taken"
[ "$(post "$u" "{\"agent\":\"$(printf 'a%.0s' {1..65})\"}")" = 400 ] || fail "long label taken"
[ "$(post "$u" '{"agent":"tab\there"}')" = 400 ] || fail "control character taken"
[ "$(post "$u" '{"agent":"Zoë \"Z\" Ng"}')" = 200 ] || fail "label refused: $(cat post.out)"
curl -s -H "Authorization: Bearer $TOKEN" "$url/api/calls" | grep -q '"agent":"Zoë \\"Z\\" Ng"' ||
    fail "label not on /api/calls"
wait "$send_pid" || fail "labelled call failed"
stop_serve
python3 -c '
import json; e = json.loads(open("labelled.jsonl").readline())
assert e["agent"] == "Zoë \"Z\" Ng", e' || fail "label not in the log: $(cat labelled.jsonl)"

# --- mot send does not claim a call a server threw away ------------------------
# A server that closes without reading once the whole call, hangup and
# all, waits in its socket (the call unread: a reset). The call is short
# enough for the socket's buffers: every send succeeds, and only the hangup
# can tell.
# fake_server NAME <<'PY' ... PY: the Python on stdin run in the background
# as a one-call server, `c` being the connection it accepted; its port is
# in NAME.port once this returns, its pid in $server_pid.
fake_server() {
    { printf '%s\n' 'import socket, time' \
          's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)' \
          'print(s.getsockname()[1], flush=True)' 'c, _ = s.accept()'
      cat; } >"$1.py"
    python3 "$1.py" >"$1.port" &
    server_pid=$!
    for _ in $(seq 100); do [ -s "$1.port" ] && break; sleep 0.05; done
}
gen speech short.wav 8000 150 1.5
fake_server drop <<'PY'
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    b, at = c.recv(1 << 20, socket.MSG_PEEK), 0
    while at + 3 <= len(b) and b[at] != 0:   # AudioSocket: kind, 2-byte length
        at += 3 + int.from_bytes(b[at + 1:at + 3], "big")
    if at + 3 <= len(b):                     # kind 0: the hangup is queued
        break
    time.sleep(0.02)
c.close()
PY
drop_pid=$server_pid
expect_rc 1 mot send --speed 0 --to "127.0.0.1:$(cat drop.port)" short.wav 2>err
grep -q 'the server dropped the connection before the hangup was read' err ||
    fail "send to a server that dropped the call: $(cat err)"
wait "$drop_pid" || true

# A server that reads the whole call, hangup and all, but keeps the line
# open: the call went out, so exit 0, with a warning after 10 s.
fake_server keep <<'PY'
c.settimeout(30)
while c.recv(1 << 16):   # until mot send shuts its side after the hangup
    pass
time.sleep(15)
c.close()
PY
keep_pid=$server_pid
expect_rc 0 mot send --speed 0 --to "127.0.0.1:$(cat keep.port)" short.wav 2>err
grep -q 'the server had not ended the call 10 s after the hangup' err ||
    fail "send to a server that keeps the line: $(cat err)"
kill "$keep_pid" 2>/dev/null || true
wait "$keep_pid" 2>/dev/null || true
echo "robust: $(cat abuse.json)"
