#!/usr/bin/env bash
# mot report pages in headless Chromium (playwright-core, installed with npm
# on demand into the build directory): the verdict and every measure match
# mot analyze, the plots have one point per frame / voiced frame / nucleus,
# the playhead follows the audio and a click seeks, nothing is fetched from
# outside, the page stays under 300 KB. Screenshots go to the build
# directory: report-lively.png, report-flat.png, report-index.png,
# report-side-by-side.png (a dull and a lively call), and
# report-sample-{bright,dull}.png when samples/ has been made.
source "$(dirname "$0")/lib.sh"

PLAYWRIGHT_VERSION=1.65.1
NODE_DIR=$ARTEFACTS/node
command -v node >/dev/null || fail "node is not installed (apt-get install nodejs npm)"
[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium (apt-get install chromium)"
if [ ! -f "$NODE_DIR/node_modules/playwright-core/package.json" ]; then
    mkdir -p "$NODE_DIR"
    if ! timeout 300 npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-save \
        "playwright-core@$PLAYWRIGHT_VERSION" >npm.log 2>&1; then
        echo "SKIP: npm cannot install playwright-core (is the npm registry reachable?):"
        tail -n 5 npm.log
        exit 77
    fi
fi

gen_call lively.wav lively
gen_call flat.wav flat
gen_call hi.wav lively 16000 8         # resampled audio
gen_call short.wav lively 8000 2.5     # ends inside the window
sox -n -r 8000 -b 16 -c 1 silent.wav trim 0 5   # no speech: no window
echo "not audio" >bad.txt
calls=(lively.wav flat.wav hi.wav short.wav silent.wav)
samples=()
# Copies, so that the derived files (pitch tracks) stay in the scratch dir.
for s in bright-allison dull-allison; do
    [ -s "$ROOT/samples/$s.wav" ] && cp "$ROOT/samples/$s.wav" . && samples+=("$s.wav")
done

expect_rc 0 mot report -o lively.html lively.wav
expect_rc 0 mot report -o flat.html flat.wav
size=$(stat -c %s lively.html)
[ "$size" -le "$PAGE_MAX_BYTES" ] || fail "page of a 14 s opening is $size bytes"
expect_rc 1 mot report --jobs 2 -o calls "${calls[@]}" bad.txt 2>/dev/null
mot analyze "${calls[@]}" "${samples[@]}" >analyze.jsonl
for f in "${calls[@]}" "${samples[@]}"; do
    mot pitch "$f" >"$f.pitch.csv"
done

shots=(--shot report-lively lively.html --shot report-flat flat.html)
for s in "${samples[@]}"; do
    name=$(basename "$s" .wav)
    expect_rc 0 mot report -o "$name.html" "$s"
    shots+=(--shot "report-sample-${name%%-*}" "$name.html")
done
# The README's picture: a dull and a lively call side by side (the samples'
# real speech when they have been made, else the stand-ins).
pair=(--pair report-side-by-side flat.html lively.html)
if [ ${#samples[@]} -eq 2 ]; then
    pair=(--pair report-side-by-side dull-allison.html bright-allison.html)
else
    echo "note: samples/*.wav not made (samples/make-samples.sh): stand-ins in the side-by-side picture"
fi

node "$REPORT_HERE/check_report.cjs" "$NODE_DIR" "$ARTEFACTS" analyze.jsonl \
    "${shots[@]}" calls/[0-9]*.html --index calls/index.html 6 "${pair[@]}" ||
    fail "browser checks"
for png in report-lively report-flat report-index report-side-by-side; do
    [ -s "$ARTEFACTS/$png.png" ] || fail "no screenshot $png.png"
done
echo "report browser: ok; screenshots in $ARTEFACTS"
