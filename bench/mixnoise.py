#!/usr/bin/env python3
"""Add white Gaussian noise to a 16-bit PCM WAV at a given SNR re the active speech level.

    python3 bench/mixnoise.py IN.wav OUT.wav SNR_DB [--seed N] [--noise NOISE.wav]

--noise: add that recording instead (16-bit mono at IN's rate, looped from its start;
its RMS over the whole length taken as its level), e.g. babble of other talkers.

Speech level: RMS over the "active" 20 ms frames, those whose RMS is within 30 dB of the
loudest 5 % of frames (a simple stand-in for ITU-T P.56), so leading silence and pauses
do not lower the level the SNR refers to. Noise RMS = speech RMS / 10^(SNR/20), over the
whole file. The seed is fixed by default, so the same input gives the same noisy file,
and the same file is then given to every tracker. Stdlib only. Prints one line:
speech_dbfs noise_dbfs active_fraction clipped_samples.
"""
import argparse
import array
import math
import random
import sys
import wave


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("snr_db", type=float)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--noise")
    a = ap.parse_args()

    with wave.open(a.inp, "rb") as w:
        if w.getsampwidth() != 2:
            sys.exit(f"mixnoise: {a.inp}: need 16-bit PCM")
        nch, fs, n = w.getnchannels(), w.getframerate(), w.getnframes()
        x = array.array("h")
        x.frombytes(w.readframes(n))
    if sys.byteorder == "big":
        x.byteswap()

    # Level from channel 1 (the channel both trackers analyse); noise goes on all channels.
    ch0 = x[0::nch]
    flen = max(1, int(0.020 * fs))
    frames = []
    for i in range(0, len(ch0) - flen + 1, flen):
        s = 0
        for v in ch0[i:i + flen]:
            s += v * v
        frames.append(s / flen)
    if not frames or max(frames) == 0:
        sys.exit(f"mixnoise: {a.inp}: silent")
    ordered = sorted(frames)
    loud = ordered[int(0.95 * (len(ordered) - 1))]
    thr = loud * 10 ** (-30 / 10)
    active = [e for e in frames if e >= thr]
    speech_rms = math.sqrt(sum(active) / len(active))
    noise_rms = speech_rms / 10 ** (a.snr_db / 20)

    if a.noise:
        with wave.open(a.noise, "rb") as w:
            if w.getsampwidth() != 2 or w.getnchannels() != 1 or w.getframerate() != fs:
                sys.exit(f"mixnoise: {a.noise}: need 16-bit mono at {fs} Hz")
            rec = array.array("h")
            rec.frombytes(w.readframes(w.getnframes()))
        if sys.byteorder == "big":
            rec.byteswap()
        level = math.sqrt(sum(v * v for v in rec) / max(1, len(rec)))
        if level == 0:
            sys.exit(f"mixnoise: {a.noise}: silent")
        gain = noise_rms / level
        noise = lambda i: gain * rec[(i // nch) % len(rec)]
    else:
        rng = random.Random(a.seed)
        noise = lambda i: rng.gauss(0.0, noise_rms)
    y = array.array("h", bytes(2 * len(x)))
    clipped = 0
    for i, v in enumerate(x):
        s = v + noise(i)
        s = int(round(s))
        if s > 32767:
            s, clipped = 32767, clipped + 1
        elif s < -32768:
            s, clipped = -32768, clipped + 1
        y[i] = s
    if sys.byteorder == "big":
        y.byteswap()
    with wave.open(a.out, "wb") as w:
        w.setnchannels(nch)
        w.setsampwidth(2)
        w.setframerate(fs)
        w.writeframes(y.tobytes())

    db = lambda r: 20 * math.log10(r / 32768)
    print(f"{db(speech_rms):.1f} {db(noise_rms):.1f} {len(active) / len(frames):.2f} {clipped}")


if __name__ == "__main__":
    main()
