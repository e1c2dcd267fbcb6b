#!/usr/bin/env python3
"""Write a stand-in call opening as a 16-bit mono WAV (stdlib only).

  gen_call.py OUT lively|flat [RATE] [SECONDS]

Both are a harmonic-rich pulse train (a crude voice) cut into syllables,
four a second, with a pause every fifth one, after 0.6 s of quiet, so that
the analysis finds an onset, voicing, syllable nuclei and pauses.
"lively" glides +-5 semitones around 170 Hz and stresses every other
syllable by 8 dB; "flat" stays on 170 Hz at one level, which the default
model calls dull for its flat pitch.
"""
import math
import struct
import sys
import wave


def voice(kind, rate, seconds, lead_s=0.6):
    lively = kind == "lively"
    out = [0.0] * int(lead_s * rate)
    phase = 0.0
    for i in range(int(seconds * rate)):
        t = i / rate
        syl = int(t * 4.0)
        env = 0.0 if syl % 5 == 4 else math.sin(math.pi * ((t * 4.0) % 1.0)) ** 2
        if lively and syl % 2 == 0:
            env *= 10 ** (-8 / 20)
        glide = 5.0 * math.sin(2 * math.pi * 0.6 * t) if lively else 0.0
        f0 = 170.0 * 2 ** (glide / 12.0)
        phase += 2 * math.pi * f0 / rate
        # Harmonics up to 3.4 kHz with 1/k roll-off, as on a phone line.
        n = max(1, min(12, int(3400 / f0)))
        out.append(0.22 * env * sum(math.sin(k * phase) / k for k in range(1, n + 1)))
    return out


def main(argv):
    path, kind = argv[1], argv[2]
    rate = int(argv[3]) if len(argv) > 3 else 8000
    seconds = float(argv[4]) if len(argv) > 4 else 16.0
    if kind not in ("lively", "flat"):
        sys.exit("gen_call.py: kind is lively or flat")
    samples = voice(kind, rate, seconds)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", max(-32767, min(32767, round(s * 32767))))
                               for s in samples))


if __name__ == "__main__":
    main(sys.argv)
