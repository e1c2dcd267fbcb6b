#!/usr/bin/env bash
# `mot play` off a terminal: it plays the call to the output device (the
# ALSA file plugin writes what it gets to a WAV) sample for sample, and
# prints the verdict `mot analyze` gives; --channel picks what is heard;
# `mot devices --output` lists the outputs; bad devices, files and options
# give one sentence and exit 2 (usage) or 1 (failure).
source "$(dirname "$0")/lib.sh"

# play_to RATE OUT.wav ARGS...: `mot play` to mot_playback, the device
# running at RATE; what it played goes to OUT.wav.
play_to() {
    local rate=$1 out=$2
    shift 2
    MOT_TEST_OUTFILE=$out MOT_TEST_RATE=$rate mot play --device mot_playback "$@"
}
# raw IN OUT.f32 [RATE]: IN's samples as raw float32 (at RATE).
raw() { "${SOX[@]}" "$1" -t raw -e floating-point -b 32 -c 1 ${3:+-r "$3"} "$2"; }
# same_verdict OUT FILE [ARGS]: OUT is "FILE: <the verdict of mot analyze ARGS FILE>".
same_verdict() {
    local out=$1 file=$2
    shift 2
    record "$file" "$@" >rec.jsonl
    [ "$(cat "$out")" = "$file: $(verdict_of rec.jsonl)" ] ||
        fail "$file $*: played '$(cat "$out")', analyze '$(verdict_of rec.jsonl)'"
}

# --- devices --------------------------------------------------------------------
expect_rc 0 mot devices --output >devices 2>err
[ ! -s err ] || fail "devices --output wrote to stderr: $(cat err)"
head -1 devices | grep -q '# name .*host API .*outputs .*default rate' || fail "header: $(head -1 devices)"
grep -Eq '^ +[0-9]+ mot_playback +ALSA +[0-9]+ +16000 Hz$' devices || fail "devices: $(cat devices)"
grep -Eq '^\* +[0-9]+ default +ALSA' devices || fail "default output not marked: $(cat devices)"

# --- a flat call at 8 kHz, 16-bit: played bit for bit ------------------------------
flat_call flat.wav
expect_rc 0 play_to 8000 flat-out.wav flat.wav >out 2>err
[ ! -s err ] || fail "stderr: $(cat err)"
same_verdict out flat.wav
grep -q ': DULL, score 0\.99: flat pitch$' out || fail "the flat call: $(cat out)"
raw flat.wav flat.f32
python3 "$PLAY/compare_wav.py" flat.f32 flat-out.wav || fail "the flat call was not played as it is"

# --- natural speech at 16 kHz, float: within one 16-bit step --------------------------
allison_call a8.wav
as_stream a8.wav 16000 a16
expect_rc 0 play_to 16000 a16-out.wav a16.wav >out
same_verdict out a16.wav
python3 "$PLAY/compare_wav.py" a16.f32 a16-out.wav || fail "the 16 kHz call was not played as it is"

# --- the device at another rate: the plug converts, the sound is the same -----------
expect_rc 0 play_to 16000 a8-out.wav a8.wav >out
same_verdict out a8.wav
raw a8.wav a8to16.f32 16000
python3 "$PLAY/compare_wav.py" a8to16.f32 a8-out.wav --converted || fail "8 kHz played at 16 kHz"

# --- the channel analysed is the channel heard ------------------------------------------
"${SOX[@]}" -M flat.wav a8.wav stereo.wav # flat left, natural right (the longer)
expect_rc 0 play_to 8000 right.wav --channel 1 stereo.wav >out
same_verdict out stereo.wav --channel 1
"${SOX[@]}" stereo.wav -t raw -e floating-point -b 32 right.f32 remix 2
python3 "$PLAY/compare_wav.py" right.f32 right.wav || fail "--channel 1 did not play the right channel"
expect_rc 0 play_to 8000 mix.wav --channel mix stereo.wav >out
same_verdict out stereo.wav --channel mix
"${SOX[@]}" stereo.wav -t raw -e floating-point -b 32 mix.f32 remix 1v0.5,2v0.5
python3 "$PLAY/compare_wav.py" mix.f32 mix.wav || fail "--channel mix did not play the mean"

# --- errors: one sentence, nothing played --------------------------------------------------
usage_error() { # usage_error ARGS...: exit 2, a message on stderr, nothing on stdout
    expect_rc 2 play_to 8000 none.wav "$@" >out 2>err
    [ -s err ] && [ ! -s out ] || fail "$*: no message, or output"
}
usage_error
usage_error flat.wav a8.wav
usage_error --window 0.5 flat.wav
usage_error --channel left flat.wav
usage_error --bogus flat.wav
expect_rc 2 mot play --device nosuch flat.wav >out 2>err
[ "$(cat err)" = "mot play: no output device is named 'nosuch' ('mot devices --output' lists them)" ] ||
    fail "unknown device: $(cat err)"
expect_rc 2 mot play --device 99 flat.wav >out 2>err
grep -q "there is no output device number 99" err || fail "unknown number: $(cat err)"
expect_rc 1 play_to 8000 none.wav missing.wav >out 2>err
grep -q '^mot play: missing.wav: cannot open' err || fail "missing file: $(cat err)"
expect_rc 1 play_to 8000 none.wav --channel 3 flat.wav >out 2>err
grep -q "flat.wav: channel 3 requested but the file has 1 channel" err || fail "channel: $(cat err)"
expect_rc 1 play_to 8000 none.wav --model missing.json flat.wav >out 2>err
grep -q "^mot play: cannot load model missing.json: " err || fail "model: $(cat err)"
[ ! -e none.wav ] || fail "an error played something"
expect_rc 0 mot help play >out
grep -q '^usage: mot play' out || fail "help play"
echo "output ok"
