#!/usr/bin/env python3
"""How far `mot analyze`'s pace and pause features move when the same speech is degraded.

    python3 bench/feature_drift.py MANIFEST

MANIFEST: the sd-manifest of bench/accuracy.sh, tab-separated lines
  condition  label  praat.csv  analyze.jsonl
of which only the condition, the label and the record are read. For each label with a
`clean` record, each other condition's record is compared with it: syllable_rate_hz and
articulation_rate_hz as ratios (1 = unchanged), pause_ratio as a difference. The
default 14 s window, as users get it. Information only: the truth for pauses is not
known, but clean studio prompts (allison30 and the held-out voices) are near it.
"""
import json
import statistics
import sys


def main():
    records = {}
    for line in open(sys.argv[1]):
        cond, label, _, path = line.rstrip("\n").split("\t")
        try:
            records[(cond, label)] = json.loads(open(path).readline())
        except (OSError, ValueError):
            continue
    conds = sorted({c for c, _ in records if c != "clean"})
    labels = sorted({l for c, l in records if c == "clean"})
    head = f"{'file':<20} {'pause':>6} {'art_hz':>6}"
    for c in conds:
        head += f"  {c + ' syl':>12} {'art':>6} {'d_pause':>7}"
    print(head)
    drift = {c: [] for c in conds}
    for label in labels:
        base = records[("clean", label)]
        if "error" in base or not base.get("syllable_rate_hz"):
            continue
        row = f"{label:<20} {base['pause_ratio']:6.3f} {base['articulation_rate_hz']:6.2f}"
        for c in conds:
            r = records.get((c, label))
            if not r or "error" in r or not r.get("syllable_rate_hz"):
                row += f"  {'-':>12} {'-':>6} {'-':>7}"
                continue
            syl = r["syllable_rate_hz"] / base["syllable_rate_hz"]
            art = r["articulation_rate_hz"] / base["articulation_rate_hz"]
            dp = r["pause_ratio"] - base["pause_ratio"]
            drift[c].append((abs(syl - 1), abs(art - 1), abs(dp)))
            row += f"  {syl:12.3f} {art:6.3f} {dp:+7.3f}"
        print(row)
    for c in conds:
        if drift[c]:
            m = [statistics.mean(x[i] for x in drift[c]) for i in range(3)]
            print(f"{c:<8} mean |syllable ratio - 1| {m[0]:.3f}   mean |articulation ratio - 1| "
                  f"{m[1]:.3f}   mean |d pause_ratio| {m[2]:.3f}   ({len(drift[c])} files)")


if __name__ == "__main__":
    main()
