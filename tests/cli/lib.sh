# Sourced by every tests/cli/test_*.sh. Usage: test_X.sh MOT_BINARY SCRATCH_DIR
# Leaves the caller in a fresh SCRATCH_DIR with helpers defined.
set -euo pipefail

MOT_BIN=$(realpath "$1")
SCRATCH=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
cd "$SCRATCH"

# Under AddressSanitizer a finding exits 1 by default, which would pass for
# mot's own "a file failed"; make it unmistakable.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"

fail() { echo "FAIL: $*" >&2; exit 1; }

# Every run has a deadline: a hang is a failure, not a stuck test suite.
mot() { timeout 120 "$MOT_BIN" "$@"; }

# expect_rc CODE CMD...: run CMD, fail unless it exits with CODE. A crash
# (signal) or timeout (124) is never an expected code here.
expect_rc() {
    local want=$1 rc=0
    shift
    "$@" || rc=$?
    [ "$rc" -eq "$want" ] || fail "exit $rc, wanted $want: $*"
}

gen() { python3 "$HERE/gen_wav.py" "$@"; }

# check_records FORMAT OUTPUT FILE...: contract check, prints ok/error per record.
check_records() { python3 "$HERE/check_records.py" "$@"; }

# tally: "error=N ok=M" from check_records' lines (only the kinds present).
tally() { sort | uniq -c | awk '{ printf "%s%s=%s", sep, $2, $1; sep = " " } END { print "" }'; }
