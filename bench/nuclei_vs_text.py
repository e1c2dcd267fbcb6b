#!/usr/bin/env python3
"""Syllable nuclei that `mot analyze` finds against the syllables of the prompts' text.

    python3 bench/nuclei_vs_text.py LANG VOICE [N]      (MOT=/path/to/mot, default build/mot;
                                                         SOUNDS=DIR: VOICE's prompts from DIR/VOICE;
                                                         TEMPO=F: the prompts put through
                                                         sox tempo F first, kept in
                                                         bench/out/nuclei-tempoF/;
                                                         JOIN=K: K prompts at a time
                                                         joined with 0.3 s pauses, as
                                                         in a call's opening)
    e.g.  python3 bench/nuclei_vs_text.py it it_IT_m_Carlo
          python3 bench/nuclei_vs_text.py es es_MX_f_Allison
          python3 bench/nuclei_vs_text.py en en_US_f_Allison
          python3 bench/nuclei_vs_text.py ru ru_RU_f_IvrvoiceRU

The asterisk-core-sounds-LANG package ships the text of each prompt
(/usr/share/doc/asterisk-core-sounds-LANG/core-sounds-LANG.txt.gz). N prompts (default
150, spread over the list; prompts with digits or markup left out) of
/usr/share/asterisk/sounds/VOICE are analysed whole (--window 60); nuclei = syllable_rate_hz
x the window's length. Syllables come from the spelling: groups of vowel letters, a group
counting once per strong vowel (a, e, o) in it/es, once in en less a silent final e;
in ru every vowel letter is one. A
rough count (a few % either way), the same for every build: use it to compare builds and
voices, not as an absolute truth. Languages: en, es, it, ru.
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata

VOWELS = {"it": "aeiouàèéìíòóùú", "es": "aeiouáéíóúü", "en": "aeiouy", "ru": "аеёиоуыэюя"}


def syllables(text, lang):
    text = re.sub(r"[^a-zàèéìíòóùúáéíóúüñа-яё ]", " ", text.lower())
    n = 0
    for word in text.split():
        groups = re.findall(f"[{VOWELS[lang]}]+", word)
        if not groups:
            continue
        if lang == "ru":  # every vowel letter is a syllable
            c = sum(len(g) for g in groups)
        elif lang == "en":
            c = len(groups)
            if word.endswith("e") and c > 1 and not word.endswith(("le", "ee")):
                c -= 1
        else:
            c = sum(max(1, sum(1 for ch in g if unicodedata.normalize("NFD", ch)[0] in "aeo"))
                    for g in groups)
        n += max(1, c)
    return n


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in VOWELS:
        sys.exit(__doc__)
    lang, voice = sys.argv[1], sys.argv[2]
    want = int(sys.argv[3]) if len(sys.argv) > 3 else 150
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    mot = os.environ.get("MOT", os.path.join(root, "build", "mot"))
    doc = f"/usr/share/doc/asterisk-core-sounds-{lang}/core-sounds-{lang}.txt.gz"
    sounds = os.path.join(os.environ.get("SOUNDS", "/usr/share/asterisk/sounds"), voice)
    tempo = os.environ.get("TEMPO")
    try:
        join = int(os.environ.get("JOIN", "1"))
    except ValueError:
        join = 0
    if join < 1:
        sys.exit(f"nuclei_vs_text.py: JOIN must be a whole number of prompts, 1 or more "
                 f"(not {os.environ.get('JOIN')!r})")
    if not os.path.exists(doc) or ((tempo or join > 1) and not shutil.which("sox")):
        # The text comes in asterisk-core-sounds-LANG, the prompts in its -wav package.
        pkgs = [f"asterisk-core-sounds-{lang}", f"asterisk-core-sounds-{lang}-wav", "sox"]
        subprocess.run(["apt-get", "install", "-y", "-q"] + pkgs, check=False,
                       stdout=subprocess.DEVNULL)
        if not os.path.exists(doc):
            sys.exit(f"nuclei_vs_text.py: {doc} is missing and apt-get could not install "
                     f"{pkgs[0]}")
    items = []
    with gzip.open(doc, "rt", encoding="utf-8-sig") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9_\-/]+):\s*(.+)$", line.strip())
            if not m or re.search(r"[\d\[<]", m.group(2)):
                continue
            path = f"{sounds}/{m.group(1)}.wav"
            if os.path.exists(path):
                items.append((path, syllables(m.group(2), lang)))
    items = items[:: max(1, len(items) // want)][:want]
    if tempo:
        out_dir = os.path.join(root, "bench", "out", f"nuclei-tempo{tempo}", voice)
        os.makedirs(out_dir, exist_ok=True)
        changed = []
        for path, syl in items:
            dst = os.path.join(out_dir, os.path.basename(path))
            if not os.path.exists(dst):
                subprocess.run(["sox", "-V1", path, dst, "tempo", tempo], check=True)
            changed.append((dst, syl))
        items = changed
    if join > 1:
        # One file per K prompts: the detector's syllable period then settles
        # as it does over a call's opening (a prompt alone is 1.5-4 s).
        out_dir = os.path.join(root, "bench", "out", f"nuclei-join{join}" +
                               (f"-tempo{tempo}" if tempo else ""), voice)
        os.makedirs(out_dir, exist_ok=True)
        joined = []
        # The prompts left over after the last full group are left out.
        for i in range(0, len(items) - join + 1, join):
            group = items[i:i + join]
            dst = os.path.join(out_dir, f"{i // join:03d}.wav")
            sources = "".join(f"{path}\n" for path, _ in group)
            listing = dst + ".txt"  # what the file was made of: rebuilt when that changes
            if (not os.path.exists(dst) or not os.path.exists(listing)
                    or open(listing).read() != sources):
                # Each prompt with 0.3 s of silence after it.
                pieces = []
                for j, (path, _) in enumerate(group):
                    piece = f"{dst}.{j}.wav"
                    subprocess.run(["sox", "-V1", path, piece, "pad", "0", "0.3"], check=True)
                    pieces.append(piece)
                subprocess.run(["sox", "-V1"] + pieces + [dst], check=True)
                for piece in pieces:
                    os.remove(piece)
                with open(listing, "w") as f:
                    f.write(sources)
            joined.append((dst, sum(syl for _, syl in group)))
        items = joined
    out = subprocess.run([mot, "analyze", "--quiet", "--window", "60"] + [p for p, _ in items],
                         capture_output=True, text=True, check=False).stdout
    n_text = n_nuclei = used = 0
    speech_s = 0.0
    for (path, syl), line in zip(items, out.splitlines()):
        r = json.loads(line)
        if "error" in r or r.get("syllable_rate_hz") is None:
            continue
        if r["window_end_s"] < r["duration_s"] - 0.5:
            # The 60 s window ended before the speech did: its text would count
            # syllables the nuclei were not looked for in.
            print(f"left out (longer than the 60 s window): {path}", file=sys.stderr)
            continue
        used += 1
        n_text += syl
        n_nuclei += round(r["syllable_rate_hz"] * (r["window_end_s"] - r["window_start_s"]))
        speech_s += r["speech_s"]
    print(f"{lang} {voice}{f' tempo {tempo}' if tempo else ''}"
          f"{f' joined {join} at a time' if join > 1 else ''}: {used} files, {n_text} "
          f"syllables in the text, {n_nuclei} nuclei: {n_nuclei / max(1, n_text):.2f} nuclei per "
          f"syllable; per second of speech {n_text / max(speech_s, 1e-9):.2f} syllables, "
          f"{n_nuclei / max(speech_s, 1e-9):.2f} nuclei")


if __name__ == "__main__":
    main()
