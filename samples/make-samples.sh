#!/usr/bin/env bash
# make-samples.sh: build the example call openings in samples/ from Debian-packaged speech.
#
#   samples/make-samples.sh [-v]
#
# Writes (8 kHz, mono, 16-bit WAV, each starting with ~0.5 s of quiet):
#   bright-allison.wav      Allison Smith (asterisk-core-sounds-en-wav), eight prompts joined
#                           with short pauses, a faint line-noise floor under it (~17 s)
#   bright-ve9qrp.wav       VE9QRP, male, HF radio (codec2-examples ve9qrp.raw), first 17.6 s
#   dull-allison.wav        bright-allison made monotone: Praat PSOLA, flat pitch at her median
#   dull-ve9qrp.wav         bright-ve9qrp, same treatment
#   dull-allison-slow.wav   dull-allison, also slowed to 85 % (sox tempo -s) and levelled
#                           (4:1 compressor above -40 dBFS)
# No audio is committed (.gitignore has /samples/*.wav); run this script to get them.
# Output is deterministic (sox -R), so re-running rewrites identical files.
# Each file is checked with Praat's pitch tracker: bright files must have a wide F0 spread,
# dull ones a flat F0. -v prints those figures. Exits non-zero on any failure.
set -euo pipefail

verbose=0
[[ ${1:-} == -v ]] && verbose=1

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { if ((verbose)); then echo "$@"; fi; }
die() { echo "make-samples: $*" >&2; exit 1; }

# --- dependencies (Debian packages) -------------------------------------------------------
ensure_pkgs() { # ensure_pkgs test-path package...
	local probe=$1; shift
	[[ -e $probe ]] && return 0
	if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
		apt-get update -qq >/dev/null 2>&1 || true
		apt-get install -y -qq "$@" >/dev/null 2>&1 || die "cannot install $*"
	fi
	[[ -e $probe ]] || die "$* installed but $probe is missing"
}
ensure_pkgs /usr/bin/praat praat
ensure_pkgs /usr/bin/sox sox
ensure_pkgs /usr/share/codec2/raw/ve9qrp.raw codec2-examples
ALLISON=/usr/share/asterisk/sounds/en_US_f_Allison
ensure_pkgs "$ALLISON/hello.wav" asterisk-core-sounds-en-wav

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

SOX=(sox -R -V1)            # repeatable dither/noise, errors only
FMT=(-r 8000 -c 1 -b 16 -e signed-integer)

praat_run() { # praat_run script args...: Praat's own errors go to stderr, its result to stdout
	praat --run "$@" || die "praat failed: $*"
}

# Silence (digital zero) of a given length.
silence() { "${SOX[@]}" -n "${FMT[@]}" "$1" trim 0 "$2"; }

# --- bright-allison.wav -------------------------------------------------------------------
# A greeting-like run of prompts; pauses between them vary like a speaker's would.
prompts=(hello dir-welcome one-moment-please pls-hold-while-try info-about-last-call
	if-correct-press vm-reachoper queue-thankyou)
pauses=(0.25 0.35 0.30 0.45 0.20 0.40 0.30)
parts=()
silence "$tmp/lead.wav" 0.4     # the prompts themselves start with ~0.1 s of quiet
parts+=("$tmp/lead.wav")
for i in "${!prompts[@]}"; do
	f=$ALLISON/${prompts[$i]}.wav
	[[ -f $f ]] || die "missing prompt $f"
	parts+=("$f")
	if ((i < ${#pauses[@]})); then
		silence "$tmp/p$i.wav" "${pauses[$i]}"
		parts+=("$tmp/p$i.wav")
	fi
done
silence "$tmp/tail.wav" 0.3
parts+=("$tmp/tail.wav")
"${SOX[@]}" "${parts[@]}" "${FMT[@]}" "$tmp/allison-clean.wav"
# A real line is never digitally silent: add a faint white-noise floor (~ -73 dBFS RMS).
dur=$(soxi -D "$tmp/allison-clean.wav")
"${SOX[@]}" -n "${FMT[@]}" "$tmp/floor.wav" synth "$dur" whitenoise vol 0.0004
"${SOX[@]}" -m "$tmp/allison-clean.wav" "$tmp/floor.wav" "${FMT[@]}" "$tmp/bright-allison.wav"

# --- bright-ve9qrp.wav --------------------------------------------------------------------
# The recording opens with 0.6 s of band noise before he speaks; cut at the pause at 17.6 s.
"${SOX[@]}" -t raw "${FMT[@]}" /usr/share/codec2/raw/ve9qrp.raw "${FMT[@]}" "$tmp/bright-ve9qrp.wav" trim 0 17.6

# --- dull-*: PSOLA-flattened at the speaker's median --------------------------------------
for name in allison ve9qrp; do
	praat_run "$here/pitch-scale.praat" "$tmp/bright-$name.wav" "$tmp/flat-$name.wav" 0 >/dev/null
	# Praat writes the same format; pass through sox so the header is plain 16-bit PCM.
	"${SOX[@]}" "$tmp/flat-$name.wav" "${FMT[@]}" "$tmp/dull-$name.wav"
done
# Slower and levelled: tempo 0.85 (WSOLA, pitch unchanged), 4:1 compression above -40 dBFS.
"${SOX[@]}" "$tmp/dull-allison.wav" "${FMT[@]}" "$tmp/dull-allison-slow.wav" \
	tempo -s 0.85 compand 0.01,0.20 -70,-70,-40,-24,0,-14 -1 -90 0.01

# --- check with Praat, then publish -------------------------------------------------------
outputs=(bright-allison bright-ve9qrp dull-allison dull-ve9qrp dull-allison-slow)
for name in "${outputs[@]}"; do
	f=$tmp/$name.wav
	read -r median sd spread nv < <(praat_run "$here/f0-stats.praat" "$f")
	d=$(soxi -D "$f")
	log "$(printf '%-22s %5.1f s  median %6s Hz  sd %5s st  p10-p90 %5s st  voiced frames %s' \
		"$name.wav" "$d" "$median" "$sd" "$spread" "$nv")"
	case $name in
	bright-*) awk -v s="$spread" 'BEGIN{exit !(s > 3)}' || die "$name: F0 spread $spread st, expected > 3" ;;
	dull-*) awk -v s="$spread" 'BEGIN{exit !(s < 1)}' || die "$name: F0 spread $spread st, expected < 1 (not flat)" ;;
	esac
	awk -v d="$d" 'BEGIN{exit !(d >= 14 && d <= 22)}' || die "$name: duration $d s out of range"
done
for name in "${outputs[@]}"; do
	mv -f "$tmp/$name.wav" "$here/$name.wav"
done
