# pitch-scale.praat: scale a speaker's pitch excursions around their median (PSOLA).
#
#   praat --run pitch-scale.praat IN.wav OUT.wav K
#
# Each F0 value f of the Manipulation's pitch tier becomes
#   median * (f / median)^K,   i.e. 12*log2(f'/median) = K * 12*log2(f/median),
# so K = 0 gives a flat tier at the median (monotone), 0.5 halves every excursion in
# semitones, 1 keeps the contour (but still resynthesises, so K = 1 carries the same
# PSOLA processing as the other K), 1.5 exaggerates it. Resynthesis is Praat's
# overlap-add (PSOLA); duration and loudness contour are untouched.
#
# Praat resolves relative paths against this script's folder, so pass absolute paths.
#
# The pitch range of the Manipulation is fitted to the speaker in two passes
# (floor 0.75 * q25, ceiling 1.5 * q75 of a first 75-600 Hz analysis, as De Looze & Hirst
# suggest): a fixed 75-600 Hz range lets Praat call narrowband fricatives "voiced" at
# 500-600 Hz, and scaling those spurious points (or flattening them to a 100 Hz buzz)
# would add artefacts that no real speaker makes.
#
# Prints one line: median_hz sd_in_st sd_out_st (SD of the pitch tier points, semitones).

form Scale pitch excursions around the median
	sentence Input_file in.wav
	sentence Output_file out.wav
	real K 0
endform

sound = Read from file: input_file$
# A stereo file is mixed to mono: the tools downstream all analyse one channel.
nch = Get number of channels
if nch > 1
	mono = Convert to mono
	removeObject: sound
	sound = mono
endif
fs = Get sampling frequency
peak_in = Get absolute extremum: 0, 0, "None"

# Pass 1: find the speaker's range.
selectObject: sound
pitch1 = To Pitch (ac): 0.01, 75, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 600
q25 = Get quantile: 0, 0, 0.25, "Hertz"
q75 = Get quantile: 0, 0, 0.75, "Hertz"
removeObject: pitch1
if q25 = undefined or q75 = undefined
	exitScript: "no voiced speech found in ", input_file$
endif
floor = max (50, 0.75 * q25)
ceiling = min (800, 1.5 * q75)
if ceiling < 2 * floor
	ceiling = 2 * floor
endif

# Pass 2: the speaker-fitted manipulation.
selectObject: sound
pitch2 = To Pitch (ac): 0.01, floor, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, ceiling
median = Get quantile: 0, 0, 0.5, "Hertz"
removeObject: pitch2

selectObject: sound
manip = To Manipulation: 0.01, floor, ceiling
tier = Extract pitch tier
npoints = Get number of points
if npoints = 0
	exitScript: "no pitch points in ", input_file$
endif
# Standard deviation of the points in semitones re the median, before and after.
sum_in = 0
sum2_in = 0
for i to npoints
	f = Get value at index: i
	st = 12 * log2 (f / median)
	sum_in += st
	sum2_in += st * st
endfor
Formula: "median * (self / median) ^ k"
sum_out = 0
sum2_out = 0
for i to npoints
	f = Get value at index: i
	st = 12 * log2 (f / median)
	sum_out += st
	sum2_out += st * st
endfor
sd_st_in = 0
sd_st_out = 0
if npoints > 1
	sd_st_in = sqrt (max (0, (sum2_in - sum_in * sum_in / npoints) / (npoints - 1)))
	sd_st_out = sqrt (max (0, (sum2_out - sum_out * sum_out / npoints) / (npoints - 1)))
endif

selectObject: manip
plusObject: tier
Replace pitch tier
selectObject: manip
out = Get resynthesis (overlap-add)
# Overlap-add can add a little gain at the pulses; never clip, never change level otherwise.
peak_out = Get absolute extremum: 0, 0, "None"
if peak_out > 0.999
	Scale peak: 0.99
endif
out_fs = Get sampling frequency
if out_fs <> fs
	res = Resample: fs, 50
	removeObject: out
	out = res
endif
selectObject: out
Save as WAV file: output_file$
removeObject: sound, manip, tier, out
writeInfoLine: fixed$ (median, 1), " ", fixed$ (sd_st_in, 2), " ", fixed$ (sd_st_out, 2)
