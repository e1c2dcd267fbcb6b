# f0-stats.praat: one line of F0 statistics, used by make-samples.sh to check its output.
#
#   praat --run f0-stats.praat /abs/path/FILE.wav
#
# Prints: median_hz sd_st p10_p90_st voiced_frames
#   sd_st       standard deviation of F0 in semitones (Praat's own), all voiced frames
#   p10_p90_st  12*log2(q90/q10): the spread of the middle 80 % of voiced frames; unlike
#               the SD it ignores the few frames where Praat itself jumps an octave, so a
#               PSOLA-flattened file reads ~0.2 here even when sd_st shows stray frames.
# Pitch: To Pitch (ac), 10 ms step, 75-600 Hz, Praat's other defaults.

form F0 statistics
	sentence Input_file in.wav
endform

sound = Read from file: input_file$
pitch = To Pitch (ac): 0.01, 75, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 600
nv = Count voiced frames
median = Get quantile: 0, 0, 0.5, "Hertz"
q10 = Get quantile: 0, 0, 0.1, "Hertz"
q90 = Get quantile: 0, 0, 0.9, "Hertz"
sd = Get standard deviation: 0, 0, "semitones"
removeObject: sound, pitch
if nv < 2
	writeInfoLine: "0 0 0 ", nv
else
	writeInfoLine: fixed$ (median, 1), " ", fixed$ (sd, 2), " ", fixed$ (12 * log2 (q90 / q10), 2), " ", nv
endif
