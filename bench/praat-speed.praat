# praat-speed.praat: the Praat side of bench/speed.sh. Pitch of the first SECONDS of every
# WAV file in FOLDER matching PATTERN (or the one file named), in one Praat process;
# nothing written.
#
#   praat --run bench/praat-speed.praat /abs/FOLDER PATTERN SECONDS
#
# Reads only the first SECONDS of each file (Open long sound file + Extract part), as mot
# analyze stops reading once its window is complete, then To Pitch (ac) with the same
# settings as bench/praat-pitch.praat (0.01 s, 75-600 Hz, Praat defaults otherwise).
# Prints: files voiced_frames (so the work cannot be skipped).

form Praat pitch speed
	sentence Folder /tmp
	sentence Pattern *.wav
	positive Seconds 15
endform

if index (pattern$, "*") > 0
	list = Create Strings as file list: "list", folder$ + "/" + pattern$
else
	# one named file (a file list needs a wildcard)
	list = Create Strings from tokens: "list", pattern$, " "
endif
n = Get number of strings
voiced = 0
for i to n
	selectObject: list
	name$ = Get string: i
	long = Open long sound file: folder$ + "/" + name$
	dur = Get total duration
	part = Extract part: 0, min (seconds, dur), "no"
	pitch = To Pitch (ac): 0.01, 75, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 600
	voiced += Count voiced frames
	removeObject: long, part, pitch
endfor
removeObject: list
writeInfoLine: n, " ", voiced
