#!/usr/bin/env python3
"""f0_sd_st of `mot analyze` against Praat's over the same window.

    python3 bench/sd_window.py MANIFEST

MANIFEST: tab-separated lines  condition  label  praat.csv  analyze.jsonl
  praat.csv      time_s,f0_hz (bench/praat-pitch.praat; 0 = unvoiced)
  analyze.jsonl  one `mot analyze` record for the same file

Praat's figure is the SD (n-1) of 12*log2(f0) over Praat's voiced frames whose time lies
in [window_start_s, window_end_s) of mot's record: the window mot judged, measured by
both. d_sd = f0_sd_st(mot) - f0_sd_st(Praat). Target: |d_sd| <= 0.3 per file.
"""
import csv
import json
import math
import statistics
import sys


def praat_sd(path, t0, t1):
    st = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            t, f0 = float(row["time_s"]), float(row["f0_hz"])
            if f0 > 0 and t0 <= t < t1:
                st.append(12 * math.log2(f0))
    return statistics.stdev(st) if len(st) > 1 else float("nan")


def main():
    rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
    by_cond = {}
    print(f"{'condition':9} {'file':18} {'window_s':>13} {'sd_mot':>7} {'sd_praat':>8} {'d_sd':>6}")
    for cond, label, praat, jsonl in rows:
        rec = json.loads(open(jsonl).readline())
        t0, t1, sd_m = rec["window_start_s"], rec["window_end_s"], rec["f0_sd_st"]
        if t0 is None or sd_m is None:
            print(f"{cond:9} {label:18} no window or no voiced frame in mot's record")
            continue
        sd_p = praat_sd(praat, t0, t1)
        d = sd_m - sd_p
        by_cond.setdefault(cond, []).append(d)
        print(f"{cond:9} {label:18} {t0:6.2f}-{t1:6.2f} {sd_m:7.2f} {sd_p:8.2f} {d:+6.2f}")
    print()
    for cond, ds in by_cond.items():
        ok = sum(abs(d) <= 0.3 for d in ds)
        print(f"{cond:9} files with |d_sd| <= 0.3: {ok}/{len(ds)}   "
              f"median |d_sd| {statistics.median(abs(d) for d in ds):.2f}   max {max(abs(d) for d in ds):.2f}")


if __name__ == "__main__":
    main()
