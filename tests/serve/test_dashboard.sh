#!/usr/bin/env bash
# The dashboard in headless Chromium: two calls come in through mot send, the
# dull one is highlighted in red and announced, the bright one is not; the
# page makes no request beyond mot serve. Leaves dashboard.png in the scratch
# directory. Needs node and /usr/bin/chromium; playwright-core is installed
# with npm next to the scratch directory (exit 77, skipped, if npm cannot).
source "$(dirname "$0")/lib.sh"

command -v node >/dev/null && [ -x /usr/bin/chromium ] || { echo "SKIP: no node or chromium"; exit 77; }
NODE_DIR=$(dirname "$SCRATCH")/node   # kept between runs
if [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
    mkdir -p "$NODE_DIR"
    timeout 240 npm install --prefix "$NODE_DIR" --no-audit --no-fund --silent playwright-core@1 \
        >npm.log 2>&1 || { echo "SKIP: npm install playwright-core failed: $(tail -3 npm.log)"; exit 77; }
fi
export NODE_PATH=$NODE_DIR/node_modules

make_dull dull.wav 40
gen speech bright.wav 8000 150 40
DULL=d0110000-0000-4000-8000-000000000001
BRIGHT=b7160000-0000-4000-8000-000000000002

start_serve s1 --http 127.0.0.1:0
timeout 120 node "$SERVE_HERE/dashboard.cjs" "http://$HTTP/" "$DULL" "$BRIGHT" \
    "$SCRATCH/dashboard.png" >browser.out 2>browser.err &
browser_pid=$!
for _ in $(seq 200); do
    grep -q ready browser.out && break
    kill -0 "$browser_pid" 2>/dev/null || fail "browser: $(cat browser.err)"
    sleep 0.1
done
grep -q ready browser.out || fail "the page never opened its event stream"
mot send --speed 4 --uuid "$DULL" --to "$AS" dull.wav >/dev/null &
mot send --speed 4 --uuid "$BRIGHT" --to "$AS" bright.wav >/dev/null &
wait "$browser_pid" || fail "browser: $(cat browser.err)"
stop_serve

tail -1 browser.out | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print(json.dumps(r, indent=1, ensure_ascii=False))
assert r["label_status"] == 200, "label"
assert "dull" in r["dull_class"].split() and r["bright_class"] in (None, ""), "classes"
red = [int(v) for v in r["dull_bg"][r["dull_bg"].index("(") + 1:-1].split(",")[:3]]
assert red[0] > 240 and red[1] < 240 and red[2] < 240, "dull row not red: %s" % r["dull_bg"]
assert r["bright_bg"] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), r["bright_bg"]
assert r["first_banner"].startswith("Dull opening (at 4 s)"), r["first_banner"]
assert len(r["banners"]) == 1 and "Dull opening (confirmed): Dana" in r["banners"][0] and "flat pitch" in r["banners"][0], r["banners"]
assert "final" in r["dull_row_text"] and "flat pitch" in r["dull_row_text"], r["dull_row_text"]
assert r["spark_paths"] == 2, "sparklines"
assert "dull" in r["ended_text"], r["ended_text"]
assert not r["errors"] and not r["offsite"], (r["errors"], r["offsite"])
' || fail "dashboard check: $(tail -1 browser.out)"
[ "$(head -c 4 "$SCRATCH/dashboard.png" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "no screenshot"
echo "dashboard: dull call highlighted and announced; screenshot $SCRATCH/dashboard.png"
