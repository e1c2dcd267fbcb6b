#!/usr/bin/env python3
"""compare_wav.py IN.f32 OUT.wav [--converted]

Check what `mot play` sent to mot_playback (OUT.wav, the 16-bit WAV the ALSA
file plugin wrote) against what it was to play (IN.f32: raw float32 mono at
OUT's rate).
- PortAudio primes the device with silence before the first buffer, so OUT
  starts with up to 0.5 s of digital silence and ends with the rest of the
  last buffer, also silent; both are checked to be silence.
- Without --converted every sample in between is IN's, converted to 16 bits
  (within one step of 1/32768).
- With --converted the plug device changed the rate (IN then holds the file
  resampled by sox to OUT's rate): the two must still correlate at 0.98 or
  more, over the whole length.
Prints the lag and the figures; exits 1 on the first mismatch.
"""
import array
import sys
import wave

STEP = 1.0 / 32768


def fail(msg):
    print("compare_wav: " + msg, file=sys.stderr)
    sys.exit(1)


def onset(x, level=0.01):
    return next((i for i, v in enumerate(x) if abs(v) > level), None)


def main(argv):
    converted = "--converted" in argv
    in_path, out_path = [a for a in argv[1:] if not a.startswith("--")]
    x = array.array("f", open(in_path, "rb").read())
    w = wave.open(out_path)
    if w.getsampwidth() != 2 or w.getnchannels() != 1:
        fail("%s is not 16-bit mono" % out_path)
    rate = w.getframerate()
    y = [v * STEP for v in array.array("h", w.readframes(w.getnframes()))]
    i0, j0 = onset(x), onset(y)
    if i0 is None or j0 is None:
        fail("no sound in %s" % (in_path if i0 is None else out_path))

    def error(lag, a, b):  # largest difference over x[a:b] played at lag
        return max(abs(x[i] - y[i + lag]) for i in range(a, b))

    def correlation(lag, a, b):
        sxy = sum(x[i] * y[i + lag] for i in range(a, b))
        sxx = sum(x[i] * x[i] for i in range(a, b))
        syy = sum(y[i + lag] * y[i + lag] for i in range(a, b))
        return sxy / (sxx * syy) ** 0.5

    span = (i0, min(i0 + rate // 4, len(x), len(y) - (j0 - i0) - 20))
    lags = [j0 - i0 + d for d in range(-20, 21) if j0 - i0 + d >= 0]
    lag = (min(lags, key=lambda g: error(g, *span)) if not converted
           else max(lags, key=lambda g: correlation(g, *span)))
    if not 0 <= lag <= rate // 2:
        fail("played %.3f s late" % (lag / rate))
    n = min(len(x), len(y) - lag)
    if len(x) - n > rate // 2:
        fail("%.3f s of the input were not played" % ((len(x) - n) / rate))
    before, after = max(map(abs, y[:lag]), default=0), max(map(abs, y[lag + len(x):]), default=0)
    if max(before, after) > STEP:
        fail("sound outside the input's span (%.5f before, %.5f after)" % (before, after))
    if converted:
        r = correlation(lag, 0, n)
        print("lag %.4f s, correlation %.4f over %d samples at %d Hz" % (lag / rate, r, n, rate))
        if r < 0.98:
            fail("correlation %.4f under 0.98" % r)
    else:
        e = error(lag, 0, n)
        print("lag %.4f s, largest difference %.6f over %d samples at %d Hz" % (lag / rate, e, n, rate))
        if e > 1.01 * STEP:
            fail("a sample differs by %.6f (%.1f steps of 16 bits)" % (e, e / STEP))


if __name__ == "__main__":
    main(sys.argv)
