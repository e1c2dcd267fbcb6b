# Sourced by every tests/report/test_*.sh (after tests/cli/lib.sh, whose
# helpers they share). Usage: test_X.sh MOT_BINARY SCRATCH_DIR BUILD_DIR
REPORT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$REPORT_HERE/../.." && pwd)
# shellcheck source=tests/cli/lib.sh
source "$REPORT_HERE/../cli/lib.sh"
ARTEFACTS=$(realpath "$3")

# gen_call OUT lively|flat [RATE] [SECONDS]: a stand-in call opening.
gen_call() { python3 "$REPORT_HERE/gen_call.py" "$@"; }

# page_value PAGE ID: the text of the element with that id (no markup in it).
page_value() { sed -n "s/.*id=\"$2\"[^>]*>\([^<]*\)<.*/\1/p" "$1" | head -n 1; }

# json_value JSONL KEY: the text of KEY's value in the first record.
json_value() { sed -n "1s/.*\"$2\":\([^,}]*\).*/\1/p" "$1"; }

# Largest page allowed for a 14 s opening at 8 kHz.
PAGE_MAX_BYTES=$((300 * 1024))
