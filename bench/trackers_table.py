#!/usr/bin/env python3
"""One table of several pitch trackers against Praat, from compare_pitch.py's --tsv files.

    python3 bench/trackers_table.py NAME=results.tsv [NAME=results.tsv ...]

A file's conditions may carry their tracker as a prefix ("rapt-bl"); NAME is used for the
conditions that do not (mot's own results.tsv). Per tracker and condition (clean, bl,
noise15, gsm, and bl / noise15 against Praat on the clean file): GPE % pooled over the
pairs voiced in both, voicing agreement % pooled over all pairs, and how many files have
|d_sd| <= 0.3 st.
"""
import csv
import sys

CONDITIONS = ("clean", "bl", "bl-vs-clean", "noise15", "noise15-vs-clean", "gsm")


def main(args):
    if not args or any("=" not in a for a in args):
        sys.exit(__doc__)
    rows = {}
    for arg in args:
        name, path = arg.split("=", 1)
        with open(path, newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                cond = r["condition"]
                tracker = name
                if cond not in CONDITIONS and "-" in cond:
                    tracker, cond = cond.split("-", 1)
                if cond not in CONDITIONS:
                    continue
                rows.setdefault((tracker, cond), []).append(r)
    trackers = list(dict.fromkeys(t for t, _ in rows))
    print(f"{'tracker':<8} {'condition':<16} {'GPE %':>7} {'VA %':>7} {'|d_sd|<=0.3':>12}")
    for cond in CONDITIONS:
        for t in trackers:
            rs = rows.get((t, cond))
            if not rs:
                continue
            # a file with no pair voiced in both has no GPE ("nan"), nor one without pairs a VA
            voiced = sum(int(r["voiced_both"]) for r in rs)
            pairs = sum(int(r["pairs"]) for r in rs)
            gpe = sum(float(r["gpe_pct"]) * int(r["voiced_both"]) for r in rs if int(r["voiced_both"]))
            va = sum(float(r["va_pct"]) * int(r["pairs"]) for r in rs if int(r["pairs"]))
            near = sum(1 for r in rs if abs(float(r["d_sd_st"] or "nan")) <= 0.3)
            g = f"{gpe / voiced:7.2f}" if voiced else f"{'-':>7}"
            v = f"{va / pairs:7.1f}" if pairs else f"{'-':>7}"
            print(f"{t:<8} {cond:<16} {g} {v} {f'{near}/{len(rs)}':>12}")


if __name__ == "__main__":
    main(sys.argv[1:])
