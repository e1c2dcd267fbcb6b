# praat-pitch.praat: the reference F0 track, one row per Praat frame.
#
#   praat --run bench/praat-pitch.praat /abs/IN.wav /abs/OUT.csv 0.01 75 600
# (Praat wants every form field on the command line: time step, floor, ceiling.)
#
# Praat "To Pitch (ac)": time step 0.01 s, floor 75 Hz, ceiling 600 Hz, and Praat's
# defaults for the rest: 15 candidates, very accurate off, silence threshold 0.03,
# voicing threshold 0.45, octave cost 0.01, octave-jump cost 0.35, voiced/unvoiced 0.14.
# Writes CSV "time_s,f0_hz" (frame centre; f0_hz 0 = unvoiced). A multi-channel file is
# analysed on channel 1 (as `mot pitch` does without --channel).
# Praat resolves relative paths against this script's folder: pass absolute paths.

form Reference pitch track
	sentence Input_file in.wav
	sentence Output_file out.csv
	positive Time_step 0.01
	positive Floor 75
	positive Ceiling 600
endform

sound = Read from file: input_file$
nch = Get number of channels
if nch > 1
	one = Extract one channel: 1
	removeObject: sound
	sound = one
endif
pitch = To Pitch (ac): time_step, floor, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, ceiling
n = Get number of frames
table = Create Table with column names: "track", n, "time_s f0_hz"
for i to n
	selectObject: pitch
	t = Get time from frame number: i
	f = Get value in frame: i, "Hertz"
	if f = undefined
		f = 0
	endif
	selectObject: table
	Set numeric value: i, "time_s", round (t * 1e6) / 1e6
	Set numeric value: i, "f0_hz", round (f * 1000) / 1000
endfor
selectObject: table
Save as comma-separated file: output_file$
removeObject: sound, pitch, table
