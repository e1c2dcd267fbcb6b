# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts
# common.sh: shared set-up for the bench scripts (sourced, not run).
# Sets ROOT (repository), BENCH, MOT (absolute), and helpers to install Debian packages,
# make the real-speech sources, and run Praat with absolute paths.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
MOT=${MOT:-build/mot}
case $MOT in /*) ;; *) MOT=$ROOT/$MOT ;; esac

CODEC2=/usr/share/codec2/raw
ALLISON=/usr/share/asterisk/sounds/en_US_f_Allison
SOX=(sox -R -V1)
FMT8=(-r 8000 -c 1 -b 16 -e signed-integer)

die() { echo "${0##*/}: $*" >&2; exit 1; }

ensure_pkgs() { # ensure_pkgs test-path package...
	local probe=$1; shift
	[[ -e $probe ]] && return 0
	echo "installing $* ..." >&2
	if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
		apt-get update -qq >/dev/null 2>&1 || true
		apt-get install -y -qq "$@" >/dev/null 2>&1 || die "cannot install $*"
	fi
	[[ -e $probe ]] || die "$* installed but $probe is missing"
}

ensure_tools() {
	ensure_pkgs /usr/bin/praat praat
	ensure_pkgs /usr/bin/sox sox
	ensure_pkgs "$CODEC2/ve9qrp.raw" codec2-examples
	ensure_pkgs "$ALLISON/hello.wav" asterisk-core-sounds-en-wav
	command -v python3 >/dev/null || ensure_pkgs /usr/bin/python3 python3
}

need_mot() {
	[[ -x $MOT ]] || die "no mot binary at $MOT (build it, or set MOT=/path/to/mot)"
}

praat_run() { praat --run "$@" || die "praat failed: $*"; }

# Three other pitch trackers packaged in Debian, as the benches run them on 8 kHz files:
# 60-500 Hz where they take a range, 10 ms hop.
ensure_other_trackers() {
	ensure_pkgs /usr/bin/aubiopitch aubio-tools
	ensure_pkgs /usr/libexec/sptk/bin/pitch sptk
}
aubio_pitch() { aubiopitch -i "$1" -r 8000 -B 512 -H 80 -p yinfft; } # WAV: "time_s f0_hz" lines
sptk_pitch() { /usr/libexec/sptk/bin/pitch -a "$1" -s 8 -p 80 -L 60 -H 500 -o 1 "$2"; } # ALG (0 RAPT, 1 SWIPE') F32: float F0s
# sptk_input WAV F32: SPTK reads raw float samples on the 16-bit scale (RAPT finds
# nothing voiced at +-1).
sptk_input() { "${SOX[@]}" "$1" -t raw -e signed-integer -b 16 - | /usr/libexec/sptk/bin/x2x +sf >"$2"; }

raw2wav() { "${SOX[@]}" -t raw "${FMT8[@]}" "$1" "${FMT8[@]}" "$2" "${@:3}"; }

# Real speech in codec2-examples, one file per recording. Left out: hts1, hts1a, hts2,
# hts2a (pieces of hts.raw), ve9qrp_10s (the start of ve9qrp.raw), f2400/m2400 (forig and
# morig after the codec2 2400 vocoder), and the modem/tone test files 700d_end_over,
# testframes_700d, test_datac1_006, sine1k_*.
CODEC2_SPEECH=(big_dog cq_ref cross forig g3plx hts kristoff mmt1 morig ve9qrp vk5qi)

# prompts_concat DIR OUT N [PAUSE_S]: N asterisk prompts from DIR, 1.5-4 s long (no
# tones), spread evenly over the alphabetical list, joined with PAUSE_S of digital
# silence. Deterministic.
prompts_concat() {
	local dir=$1 out=$2 n=$3 pause=${4:-0.3} tmpd
	tmpd=$(mktemp -d)
	local -a all=() pick=() parts=()
	local f d
	for f in "$dir"/*.wav; do
		[[ -e $f ]] || continue # no match: the pattern itself
		case ${f##*/} in *tone* | beep* | *jingle* | confbridge-join* | confbridge-leave.wav) continue ;; esac
		d=$(soxi -D "$f")
		awk -v d="$d" 'BEGIN{exit !(d >= 1.5 && d <= 4)}' && all+=("$f")
	done
	((${#all[@]} >= n)) || die "only ${#all[@]} prompts of 1.5-4 s in $dir"
	local i
	for ((i = 0; i < n; i++)); do pick+=("${all[i * ${#all[@]} / n]}"); done
	"${SOX[@]}" -n "${FMT8[@]}" "$tmpd/gap.wav" trim 0 "$pause"
	for f in "${pick[@]}"; do parts+=("$f" "$tmpd/gap.wav"); done
	"${SOX[@]}" "$tmpd/gap.wav" "${parts[@]}" "${FMT8[@]}" "$out"
	rm -rf "$tmpd"
}
allison_concat() { prompts_concat "$ALLISON" "$@"; }

# set_babble SET OUT: make_babble OUT from voices not in SET (unless OUT exists): the
# held-out asterisk voices for the dev and linphone sets, English and Spanish Allison
# for the held-out set.
set_babble() {
	local set=$1 out=$2 i
	[[ -s $out ]] && return 0
	local -a dirs=()
	if [[ $set == heldout ]]; then
		ensure_pkgs /usr/share/asterisk/sounds/es_MX_f_Allison/vm-goodbye.wav asterisk-core-sounds-es-wav
		dirs=("$ALLISON" /usr/share/asterisk/sounds/es_MX_f_Allison)
	else
		for i in "${!HELDOUT[@]}"; do
			ensure_pkgs "/usr/share/asterisk/sounds/${HELDOUT[i]}/vm-goodbye.wav" "${HELDOUT_PKGS[i]}"
			dirs+=("/usr/share/asterisk/sounds/${HELDOUT[i]}")
		done
	fi
	make_babble "$out" "${dirs[@]}"
}

# make_babble OUT DIR...: 60 s of babble, other talkers on a call-centre floor: two
# streams of prompts from each DIR (different prompts, 0.1 s apart), summed.
make_babble() {
	local out=$1 tmpd d i=0
	shift
	tmpd=$(mktemp -d)
	local -a streams=()
	for d in "$@"; do
		for n in 24 29; do
			prompts_concat "$d" "$tmpd/s$i.wav" "$n" 0.1
			streams+=("$tmpd/s$i.wav")
			i=$((i + 1))
		done
	done
	"${SOX[@]}" -m "${streams[@]}" "${FMT8[@]}" "$out" trim 0 60 norm -3
	rm -rf "$tmpd"
}

# A second set of voices (SET=heldout in bench/accuracy.sh and verdict.sh): the other
# asterisk-core-sounds languages, one speaker each, first run after the tracker was built
# (see bench/README.md for what was checked on them since). es-mx is Allison again.
HELDOUT_PKGS=(asterisk-core-sounds-fr-wav asterisk-core-sounds-it-wav asterisk-core-sounds-ru-wav)
HELDOUT=(fr_CA_f_June it_IT_m_Carlo ru_RU_f_IvrvoiceRU)

# A third set (SET=heldout2), first run on 2026-12-07 after every setting was chosen: the
# asterisk-prompt voices, one speaker each. Colombian Spanish and French (Armelle
# Desjardins) ship raw GSM 06.10 files (.gsm, as PBXs keep their prompts); Italian
# (Menardi) ships WAV.
HELDOUT2_PKGS=(asterisk-prompt-es-co asterisk-prompt-fr-armelle asterisk-prompt-it-menardi-wav)
HELDOUT2=(es_CO fr_armelle it_IT_f_Menardi)
HELDOUT2_DIRS=(es fr it_IT_f_Menardi)
HELDOUT2_PROBES=(agent-pass.gsm agent-pass.gsm vm-goodbye.wav)

# A fourth set (SET=heldout3), first run on 2026-12-07 after every setting was chosen:
# real acted dialogue, not prompts: the two fish of the game Fish Fillets NG in its Czech
# dubbing (fillets-ng-data-cs, OGG Vorbis at 22.05 kHz), a man around 110-140 Hz (the
# lines named *-v-*) and a woman around 250-330 Hz (*-m-*). Babble: the HELDOUT voices.
HELDOUT3=(fillets_cs_v fillets_cs_m)
# A fifth set (SET=heldout4), first run on 2026-12-07 after every setting was chosen: the
# same two parts in the game's Dutch dubbing (fillets-ng-data-nl), two other actors.
HELDOUT4=(fillets_nl_v fillets_nl_m)
# Both dubbings ship as fillets-ng-data-LANG, one directory per level with a LANG/ inside.
FILLETS_DIR=/usr/share/games/fillets-ng/sound

# prompt_dir VOICE: a directory of the voice's prompts as WAV (a voice of HELDOUT,
# HELDOUT2, HELDOUT3 or HELDOUT4), installing its package; GSM prompts and the OGG
# dialogue lines are decoded once into bench/out/prompts/.
prompt_dir() {
	local voice=$1 i dir='' pkg probe f
	if [[ $voice =~ ^fillets_(cs|nl)_([vm])$ ]]; then
		local wavs=$BENCH/out/prompts/$voice lang=${BASH_REMATCH[1]} who=${BASH_REMATCH[2]}
		ensure_pkgs "$FILLETS_DIR/start/$lang/1st-m-diky.ogg" "fillets-ng-data-$lang"
		if [[ ! -e $wavs/.done ]]; then
			mkdir -p "$wavs"
			for f in "$FILLETS_DIR"/*/"$lang"/*-"$who"-*.ogg; do
				"${SOX[@]}" "$f" "${FMT8[@]}" "$wavs/$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f" .ogg).wav"
			done
			touch "$wavs/.done"
		fi
		echo "$wavs"
		return 0
	fi
	for i in "${!HELDOUT[@]}"; do
		[[ ${HELDOUT[i]} == "$voice" ]] || continue
		dir=/usr/share/asterisk/sounds/$voice pkg=${HELDOUT_PKGS[i]} probe=vm-goodbye.wav
	done
	for i in "${!HELDOUT2[@]}"; do
		[[ ${HELDOUT2[i]} == "$voice" ]] || continue
		dir=/usr/share/asterisk/sounds/${HELDOUT2_DIRS[i]} pkg=${HELDOUT2_PKGS[i]} probe=${HELDOUT2_PROBES[i]}
	done
	[[ -n $dir ]] || die "unknown voice $voice"
	ensure_pkgs "$dir/$probe" "$pkg"
	if compgen -G "$dir/*.wav" >/dev/null; then
		echo "$dir"
		return 0
	fi
	local wavs=$BENCH/out/prompts/$voice
	if [[ ! -e $wavs/.done ]]; then
		mkdir -p "$wavs"
		for f in "$dir"/*.gsm; do "${SOX[@]}" "$f" "${FMT8[@]}" "$wavs/$(basename "$f" .gsm).wav"; done
		touch "$wavs/.done"
	fi
	echo "$wavs"
}

now() { date +%s.%N; }
