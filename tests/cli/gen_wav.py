#!/usr/bin/env python3
"""Write the WAV files the CLI tests need (stdlib only).

  gen_wav.py speech OUT [RATE] [F0_HZ] [SECONDS]  voiced syllables, 16-bit mono
  gen_wav.py nonfinite OUT                        32-bit float with NaN/Inf samples
  gen_wav.py datalen OUT VALUE                    16-bit, data size field set to VALUE
  gen_wav.py truncated OUT                        header claims 3 s, body cut short
  gen_wav.py one-sample OUT                       a single 16-bit sample
  gen_wav.py huge OUT                             32-bit float, samples of +-1e30
  gen_wav.py intscaled OUT                        32-bit float holding int16 values
  gen_wav.py hot OUT                              32-bit float peaking at +6 dB
  gen_wav.py spike OUT                            the same with one sample at 100
                                                  near the end
  gen_wav.py badchannel OUT                       stereo float: speech, then int16
                                                  values on channel 1
  gen_wav.py rate0 OUT                            header says 0 Hz
  gen_wav.py endless OUT                          streaming header, speech forever
                                                  (OUT "-" is stdout)

"speech" is a stand-in for a voice: a harmonic-rich pulse train whose F0
glides +-2 semitones around F0_HZ, cut into ~4 syllables a second with a
pause every 5 syllables, so the analysis has onset, voicing, nuclei and pauses.
"""
import math
import struct
import sys


def header(rate, channels, bits, fmt_tag, n_bytes, data_size=None, riff_size=None):
    block = channels * bits // 8
    if data_size is None:
        data_size = n_bytes
    if riff_size is None:
        riff_size = (36 + data_size) & 0xFFFFFFFF
    return (b"RIFF" + struct.pack("<I", riff_size) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, fmt_tag, channels, rate,
                                    rate * block, block, bits)
            + b"data" + struct.pack("<I", data_size))


def pcm16(samples):
    return b"".join(struct.pack("<h", max(-32767, min(32767, int(round(s * 32767)))))
                    for s in samples)


def speech(rate=8000, f0=150.0, seconds=6.0, lead_s=0.5):
    out = [0.0] * int(lead_s * rate)
    phase = 0.0
    n = int(seconds * rate)
    for i in range(n):
        t = i / rate
        syl = int(t * 4.0)
        in_pause = syl % 5 == 4
        env = 0.0 if in_pause else math.sin(math.pi * ((t * 4.0) % 1.0)) ** 2
        f = f0 * 2 ** ((2.0 * math.sin(2 * math.pi * 0.7 * t)) / 12.0)
        phase += 2 * math.pi * f / rate
        # Ten harmonics with 1/k roll-off: a crude glottal source.
        s = sum(math.sin(k * phase) / k for k in range(1, 11))
        out.append(0.25 * env * s)
    return out


def main(argv):
    kind, path = argv[1], argv[2]
    if kind == "endless":
        out = sys.stdout.buffer if path == "-" else open(path, "wb")
        block = pcm16(speech(8000, 150.0, 5.0, 0.0))
        try:
            out.write(header(8000, 1, 16, 1, 0, 0xFFFFFFFF, 0xFFFFFFFF))
            while True:
                out.write(block)
        except BrokenPipeError:
            # The reader stopped, as it should: leave quietly.
            sys.stderr.close()
        return
    if kind == "speech":
        rate = int(argv[3]) if len(argv) > 3 else 8000
        f0 = float(argv[4]) if len(argv) > 4 else 150.0
        secs = float(argv[5]) if len(argv) > 5 else 6.0
        body = pcm16(speech(rate, f0, secs))
        data = header(rate, 1, 16, 1, len(body)) + body
    elif kind == "nonfinite":
        s = speech(8000, 150.0, 3.0)
        for i in range(0, len(s), 97):
            s[i] = (math.nan, math.inf, -math.inf)[(i // 97) % 3]
        body = b"".join(struct.pack("<f", x) for x in s)
        data = header(8000, 1, 32, 3, len(body)) + body
    elif kind == "datalen":
        body = pcm16(speech(8000, 150.0, 3.0))
        size = int(argv[3], 0)
        data = header(8000, 1, 16, 1, len(body), data_size=size, riff_size=size) + body
    elif kind == "truncated":
        body = pcm16(speech(8000, 150.0, 3.0))
        data = (header(8000, 1, 16, 1, len(body)) + body)[:44 + 1601]
    elif kind in ("huge", "intscaled", "hot", "spike"):
        s = speech(8000, 150.0, 3.0)
        scale = {"huge": 1e30, "intscaled": 32767.0}.get(kind, 2.0 / max(map(abs, s)))
        s = [x * scale for x in s]
        if kind == "spike":
            # In the short last block the reader hands over (4096 frames a
            # block), where one sample is a large share.
            s += [0.0] * ((50 - len(s)) % 4096)
            s[-5] = 100.0
        body = b"".join(struct.pack("<f", x) for x in s)
        data = header(8000, 1, 32, 3, len(body)) + body
    elif kind == "badchannel":
        s = speech(8000, 150.0, 3.0)
        body = b"".join(struct.pack("<ff", x, x * 32767.0) for x in s)
        data = header(8000, 2, 32, 3, len(body)) + body
    elif kind == "rate0":
        body = pcm16(speech(8000, 150.0, 1.0))
        data = header(0, 1, 16, 1, len(body)) + body
    elif kind == "one-sample":
        data = header(8000, 1, 16, 1, 2) + pcm16([0.5])
    else:
        sys.exit("unknown kind " + kind)
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv)
