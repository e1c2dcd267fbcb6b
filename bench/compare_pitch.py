#!/usr/bin/env python3
"""Compare `mot pitch` F0 tracks with Praat's, per file and per condition.

    python3 bench/compare_pitch.py MANIFEST [--window-s 14] [--details N] [--tsv OUT]

MANIFEST: tab-separated lines  condition  label  praat.csv  mot.csv
  praat.csv  time_s,f0_hz            (bench/praat-pitch.praat; 0 = unvoiced)
  mot.csv    time_s,f0_hz,voicing    (`mot pitch`; f0_hz 0 = unvoiced)
  A missing or unreadable mot.csv is reported as such and left out of the totals.

Definitions (frame = one row of a track):
  alignment     every Praat frame is paired with the mot frame nearest in time if they
                are at most 5 ms apart (ties go to the earlier mot frame); unpaired frames
                are counted but left out of every figure below.
  voiced        f0_hz > 0.
  GPE %         over pairs voiced in both: share with |f_mot / f_praat - 1| > 0.20.
  voicing agr % over all pairs: share where both say voiced or both say unvoiced.
                (P+M- = Praat voiced, mot not; P-M+ = the reverse; % of all pairs.)
  fine cents    over pairs voiced in both without a gross error: median |1200 log2(f_mot/f_praat)|.
  f0_sd_st      standard deviation (n-1) of 12*log2(f0 / 1 Hz) over the voiced frames of
                ONE tracker whose time lies in the window [t0, t0 + 14 s), where t0 is the
                time of the first Praat frame that starts a run of >= 5 consecutive voiced
                Praat frames (>= 50 ms of voicing: one stray frame does not start speech).
                The same window is used for both trackers; each uses its own voiced frames
                (not only the paired ones). d_sd = sd_mot - sd_praat.
  d_sd* st      information only: d_sd with both SDs taken only over frames within an
                octave of Praat's median for the file (so Praat's own octave jumps and
                mot's alike drop out; what is left is the contour the two agree exists).
  GPE* %        information only: GPE over the pairs where Praat is within an octave of
                Praat's own median for the file (drops Praat's own octave jumps, such as
                the 400-600 Hz "voicing" it finds on narrowband fricatives).
Totals per condition pool the frames of all files (frame-weighted); for d_sd the total is
the mean and the max of |d_sd| over files.
A last table (information only) compares each tracker on bl / noise15 with its own track
of the clean file: Praat is no ground truth, and both trackers can make the same error.
"""
import argparse
import csv
import math
import statistics
import sys

PAIR_TOL_S = 0.005 + 1e-6
GROSS = 0.20
RUN_MIN = 5


def read_track(path, need_voicing=False):
    with open(path, newline="") as f:
        rd = csv.reader(f)
        hdr = [h.strip() for h in next(rd)]
        ti, fi = hdr.index("time_s"), hdr.index("f0_hz")
        if need_voicing and "voicing" not in hdr:
            raise ValueError(f"{path}: header {hdr} lacks 'voicing'")
        out = []
        for row in rd:
            if not row or not row[0].strip():
                continue
            t, f0 = float(row[ti]), float(row[fi])
            if math.isnan(f0) or f0 < 0:
                f0 = 0.0
            out.append((t, f0))
    out.sort()
    return out


def pair(praat, mot):
    """For each Praat frame the nearest mot frame within 5 ms, or None."""
    pairs, j, unpaired = [], 0, 0
    for t, fp in praat:
        while j + 1 < len(mot) and mot[j + 1][0] <= t:
            j += 1
        best = None
        for k in (j, j + 1):
            if 0 <= k < len(mot):
                d = abs(mot[k][0] - t)
                if d <= PAIR_TOL_S and (best is None or d < best[0]):
                    best = (d, k)
        if best is None:
            unpaired += 1
            continue
        pairs.append((t, fp, mot[best[1]][1], mot[best[1]][0] - t))
    return pairs, unpaired


def onset(praat):
    run = 0
    for i, (t, f) in enumerate(praat):
        run = run + 1 if f > 0 else 0
        if run == RUN_MIN:
            return praat[i - RUN_MIN + 1][0]
    return None


def sd_st(track, t0, t1, lo=0.0, hi=math.inf):
    st = [12 * math.log2(f) for t, f in track if f > 0 and lo < f < hi and t0 <= t < t1]
    return statistics.stdev(st) if len(st) >= 2 else float("nan")


def runs(pairs, pred, min_len):
    """Time spans (start, end, n, sample) of consecutive pairs satisfying pred."""
    out, cur = [], []
    for p in pairs:
        if pred(p):
            cur.append(p)
        else:
            if len(cur) >= min_len:
                out.append(cur)
            cur = []
    if len(cur) >= min_len:
        out.append(cur)
    return out


def analyse(praat, mot, window_s):
    pairs, unpaired = pair(praat, mot)
    both = [(t, fp, fm) for t, fp, fm, _ in pairs if fp > 0 and fm > 0]
    gross = [(t, fp, fm) for t, fp, fm in both if abs(fm / fp - 1) > GROSS]
    agree = sum(1 for _, fp, fm, _ in pairs if (fp > 0) == (fm > 0))
    p_only = sum(1 for _, fp, fm, _ in pairs if fp > 0 and fm == 0)
    m_only = sum(1 for _, fp, fm, _ in pairs if fp == 0 and fm > 0)
    cents = [abs(1200 * math.log2(fm / fp)) for t, fp, fm in both if abs(fm / fp - 1) <= GROSS]
    pv = [f for _, f in praat if f > 0]
    pmed = statistics.median(pv) if pv else float("nan")
    sane = [(t, fp, fm) for t, fp, fm in both if pmed / 2 < fp < pmed * 2]
    sane_gross = sum(1 for t, fp, fm in sane if abs(fm / fp - 1) > GROSS)
    t0 = onset(praat)
    if t0 is None:
        sdp = sdm = sdp_o = sdm_o = float("nan")
    else:
        t1 = t0 + window_s
        sdp, sdm = sd_st(praat, t0, t1), sd_st(mot, t0, t1)
        sdp_o = sd_st(praat, t0, t1, pmed / 2, pmed * 2)
        sdm_o = sd_st(mot, t0, t1, pmed / 2, pmed * 2)
    offs = [d for *_, d in pairs]
    return dict(
        n_pairs=len(pairs), unpaired=unpaired, n_both=len(both), n_gross=len(gross),
        n_agree=agree, p_only=p_only, m_only=m_only, cents=cents,
        n_sane=len(sane), n_sane_gross=sane_gross, praat_median=pmed,
        t0=t0, sd_praat=sdp, sd_mot=sdm, d_sd_oct=sdm_o - sdp_o,
        offset_ms=1000 * statistics.median(offs) if offs else float("nan"),
        pairs=pairs,
    )


def pct(a, b):
    return 100.0 * a / b if b else float("nan")


def fmt(x, spec):
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def describe_runs(pairs, label, max_items):
    """Suspicious patterns for the report: octave errors and voicing disagreement runs."""
    lines = []
    def ratio(p):
        return p[2] / p[1] if p[1] > 0 and p[2] > 0 else 1.0
    kinds = [
        ("mot octave up (x2)", lambda p: 1.8 < ratio(p) < 2.25, 2),
        ("mot octave down (x0.5)", lambda p: 0.44 < ratio(p) < 0.56, 2),
        ("other gross error", lambda p: abs(ratio(p) - 1) > GROSS and not (1.8 < ratio(p) < 2.25)
         and not (0.44 < ratio(p) < 0.56), 2),
        ("Praat voiced, mot unvoiced", lambda p: p[1] > 0 and p[2] == 0, 10),
        ("mot voiced, Praat unvoiced", lambda p: p[1] == 0 and p[2] > 0, 10),
    ]
    for name, pred, min_len in kinds:
        rs = runs(pairs, pred, min_len)
        if not rs:
            continue
        tot = sum(len(r) for r in rs)
        rs.sort(key=len, reverse=True)
        ex = ", ".join(
            f"{r[0][0]:.2f}-{r[-1][0]:.2f}s (P {statistics.median([p[1] for p in r]):.0f}"
            f" / M {statistics.median([p[2] for p in r]):.0f} Hz)" for r in rs[:max_items])
        lines.append(f"  {label}: {name}: {len(rs)} runs >= {min_len} frames, {tot} frames; longest: {ex}")
    return lines


def self_pairs(a, b):
    """Pairs of two tracks of one tracker (same frame times), as (fa, fb)."""
    pairs, _ = pair(a, b)
    return [(fa, fb) for _, fa, fb, _ in pairs]


def robustness(items, conds):
    """Each tracker on a degraded condition against the same tracker on the clean file.

    Praat is no ground truth: on band-limited speech both trackers can jump to the same
    wrong harmonic and still agree with each other. This table shows how far each one
    moves from its own clean-file track (GPE, voicing agreement, and the share of voiced
    frames above 2x the clean median, i.e. harmonic jumps up)."""
    if "clean" not in conds:
        return
    by = {(c, l): (p, m) for c, l, p, m in items}
    print()
    print("Robustness: each tracker against its own track of the clean file (pooled; information only)")
    print(f"{'condition':<8} {'tracker':<6} {'pairs':>6} {'voiced':>6} {'GPE%':>6} {'VA%':>6} {'>2x med%':>8}  worst files (GPE%)")
    for cond in conds:
        if cond == "clean":
            continue
        for who, idx in (("praat", 0), ("mot", 1)):
            n = nb = ng = na = nhi = nv = 0
            per = []
            for (c, label), paths in by.items():
                if c != cond or ("clean", label) not in by:
                    continue
                try:
                    a = read_track(by[("clean", label)][idx])
                    b = read_track(paths[idx])
                except Exception:
                    continue
                av = [f for _, f in a if f > 0]
                med = statistics.median(av) if av else math.nan
                pr = self_pairs(a, b)
                both = [(x, y) for x, y in pr if x > 0 and y > 0]
                g = sum(1 for x, y in both if abs(y / x - 1) > GROSS)
                n += len(pr)
                nb += len(both)
                ng += g
                na += sum(1 for x, y in pr if (x > 0) == (y > 0))
                v = [y for _, y in pr if y > 0]
                nv += len(v)
                nhi += sum(1 for y in v if y > 2 * med)
                per.append((pct(g, len(both)), label))
            per.sort(reverse=True)
            worst = ", ".join(f"{l} {fmt(x, '.1f')}" for x, l in per[:3])
            print(f"{cond:<8} {who:<6} {n:>6} {nb:>6} {fmt(pct(ng, nb), '6.2f')} {fmt(pct(na, n), '6.1f')} "
                  f"{fmt(pct(nhi, nv), '8.2f')}  {worst}")


def who_errs(items, conds):
    """On a degraded condition, who moved: frames voiced in Praat's clean track, in Praat's
    degraded track and in mot's degraded track, split by which of the two degraded tracks
    is more than 20 % off Praat's clean track. GPE against Praat on the same degraded file
    counts both "Praat alone off" and "mot alone off"; GPE against Praat on the clean file
    counts "mot alone off" and "both off"."""
    if "clean" not in conds:
        return
    by = {(c, l): (p, m) for c, l, p, m in items}
    print()
    print("Who moved on degraded speech (frames voiced in Praat-clean, Praat-degraded and mot-degraded; % of those):")
    print(f"{'condition':<8} {'frames':>7} {'mot alone off':>14} {'Praat alone off':>16} {'both off':>9}")
    for cond in conds:
        if cond == "clean" or cond.endswith("-vs-clean"):
            continue
        n = m_off = p_off = both = 0
        for (c, label), (pdeg, mdeg) in by.items():
            if c != cond or ("clean", label) not in by:
                continue
            try:
                pc = read_track(by[("clean", label)][0])
                # Praat's frames sit where the file's length puts them: a codec that
                # pads the file moves them, so pair by time as for mot.
                pd = {t: f for t, _, f, _ in pair(pc, read_track(pdeg))[0]}
                md, _ = pair(pc, read_track(mdeg))
            except Exception:
                continue
            for t, fc, fm, _ in md:
                fd = pd.get(t, 0.0)
                if fc > 0 and fd > 0 and fm > 0:
                    n += 1
                    mo, po = abs(fm / fc - 1) > GROSS, abs(fd / fc - 1) > GROSS
                    m_off += mo and not po
                    p_off += po and not mo
                    both += mo and po
        print(f"{cond:<8} {n:>7} {fmt(pct(m_off, n), '14.2f')} {fmt(pct(p_off, n), '16.2f')} {fmt(pct(both, n), '9.2f')}")


TARGET_GPE = {"clean": 2.0}
TARGET_GPE_OTHER = 5.0
TARGET_VA = 90.0
TARGET_DSD = 0.3


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("manifest")
    ap.add_argument("--window-s", type=float, default=14.0)
    ap.add_argument("--details", type=int, default=3, help="runs listed per pattern and file")
    ap.add_argument("--tsv", help="also write per-file figures here")
    a = ap.parse_args()

    items = []
    with open(a.manifest) as f:
        for line in f:
            if line.strip():
                items.append(line.rstrip("\n").split("\t"))

    conds, results = [], {}
    for cond, label, pcsv, mcsv in items:
        if cond not in conds:
            conds.append(cond)
        try:
            praat = read_track(pcsv)
        except Exception as e:  # a broken reference is a bench bug: say so loudly
            sys.exit(f"compare_pitch: {pcsv}: {e}")
        try:
            mot = read_track(mcsv, need_voicing=True)
            if not mot:
                raise ValueError("no frames")
            results[(cond, label)] = analyse(praat, mot, a.window_s)
        except Exception as e:
            results[(cond, label)] = dict(error=str(e))

    hdr = (f"{'condition':<8} {'file':<18} {'pairs':>6} {'voiced':>6} {'GPE%':>6} {'GPE*%':>6} "
           f"{'VA%':>6} {'P+M-%':>6} {'P-M+%':>6} {'cents':>6} {'t0_s':>5} {'sd_P':>5} {'sd_M':>5} "
           f"{'d_sd':>6} {'d_sd*':>6}  targets")
    print(hdr)
    print("-" * len(hdr))
    tsv = []
    summary = []
    details = []
    for cond in conds:
        gpe_t = TARGET_GPE.get(cond, TARGET_GPE_OTHER)
        tot = dict(n_pairs=0, n_both=0, n_gross=0, n_agree=0, p_only=0, m_only=0, n_sane=0,
                   n_sane_gross=0)
        cents_all, dsds, failed = [], [], []
        for (c, label), r in results.items():
            if c != cond:
                continue
            if "error" in r:
                print(f"{cond:<8} {label:<18} mot output unusable: {r['error']}")
                failed.append(label)
                continue
            for k in tot:
                tot[k] += r[k]
            cents_all += r["cents"]
            gpe = pct(r["n_gross"], r["n_both"])
            va = pct(r["n_agree"], r["n_pairs"])
            dsd = r["sd_mot"] - r["sd_praat"]
            if not math.isnan(dsd):
                dsds.append(abs(dsd))
            marks = "".join([
                "G" if gpe <= gpe_t else "g",
                "V" if va >= TARGET_VA else "v",
                "S" if (not math.isnan(dsd) and abs(dsd) <= TARGET_DSD) else "s",
            ])
            cmed = statistics.median(r["cents"]) if r["cents"] else float("nan")
            print(f"{cond:<8} {label:<18} {r['n_pairs']:>6} {r['n_both']:>6} {fmt(gpe, '6.2f')} "
                  f"{fmt(pct(r['n_sane_gross'], r['n_sane']), '6.2f')} {fmt(va, '6.1f')} "
                  f"{fmt(pct(r['p_only'], r['n_pairs']), '6.1f')} {fmt(pct(r['m_only'], r['n_pairs']), '6.1f')} "
                  f"{fmt(cmed, '6.1f')} {fmt(r['t0'], '5.2f')} {fmt(r['sd_praat'], '5.2f')} "
                  f"{fmt(r['sd_mot'], '5.2f')} {fmt(dsd, '+6.2f')} {fmt(r['d_sd_oct'], '+6.2f')}  {marks}")
            tsv.append([cond, label, r["n_pairs"], r["unpaired"], r["n_both"], f"{gpe:.3f}",
                        f"{va:.3f}", f"{pct(r['p_only'], r['n_pairs']):.3f}",
                        f"{pct(r['m_only'], r['n_pairs']):.3f}", f"{cmed:.2f}",
                        f"{r['sd_praat']:.3f}", f"{r['sd_mot']:.3f}", f"{dsd:.3f}", f"{r['d_sd_oct']:.3f}",
                        f"{r['offset_ms']:.2f}"])
            details += describe_runs(r["pairs"], f"{cond}/{label}", a.details)
        gpe = pct(tot["n_gross"], tot["n_both"])
        va = pct(tot["n_agree"], tot["n_pairs"])
        cmed = statistics.median(cents_all) if cents_all else float("nan")
        mean_dsd = statistics.mean(dsds) if dsds else float("nan")
        max_dsd = max(dsds) if dsds else float("nan")
        n_dsd_ok = sum(1 for d in dsds if d <= TARGET_DSD)
        print(f"{cond:<8} {'ALL':<18} {tot['n_pairs']:>6} {tot['n_both']:>6} {fmt(gpe, '6.2f')} "
              f"{fmt(pct(tot['n_sane_gross'], tot['n_sane']), '6.2f')} {fmt(va, '6.1f')} "
              f"{fmt(pct(tot['p_only'], tot['n_pairs']), '6.1f')} {fmt(pct(tot['m_only'], tot['n_pairs']), '6.1f')} "
              f"{fmt(cmed, '6.1f')} {'':>5} {'':>5} {'':>5} {fmt(mean_dsd, '6.2f')} {'':>6}  (mean |d_sd|)")
        print()
        summary.append((cond, gpe, gpe_t, va, mean_dsd, max_dsd, n_dsd_ok, len(dsds), cmed, failed))

    print("Targets (pooled frames per condition; |d_sd| per file):")
    print(f"{'condition':<8} {'GPE%':>6} {'target':>7} {'':4} {'VA%':>6} {'>=90':>5} {'':4} "
          f"{'max|d_sd|':>9} {'files<=0.3':>10} {'':4} {'cents':>6}")
    ok_all = True
    for cond, gpe, gpe_t, va, mean_dsd, max_dsd, n_ok, n, cmed, failed in summary:
        g = "PASS" if gpe <= gpe_t else "FAIL"
        v = "PASS" if va >= TARGET_VA else "FAIL"
        s = "PASS" if n and n_ok == n else "FAIL"
        ok_all &= (g == v == s == "PASS") and not failed
        extra = f"  ({len(failed)} file(s) without mot output)" if failed else ""
        print(f"{cond:<8} {fmt(gpe, '6.2f')} {'<=' + format(gpe_t, 'g'):>7} {g:4} {fmt(va, '6.1f')} "
              f"{'':>5} {v:4} {fmt(max_dsd, '9.2f')} {f'{n_ok}/{n}':>10} {s:4} {fmt(cmed, '6.1f')}{extra}")
    print("Per-file marks: G/V/S = GPE / voicing agreement / |d_sd| target met, lower case = missed.")
    print("cents = median |fine error|; GPE*, d_sd* = the same over frames where Praat is within an octave of its own median (all three: information only).")
    robustness(items, conds)
    who_errs(items, conds)
    if details:
        print()
        print("Patterns (runs of octave errors >= 2 frames, of voicing disagreement >= 10 frames):")
        print("\n".join(details))
    if a.tsv:
        with open(a.tsv, "w") as f:
            f.write("condition\tfile\tpairs\tunpaired\tvoiced_both\tgpe_pct\tva_pct\tp_only_pct\t"
                    "m_only_pct\tfine_cents\tsd_praat_st\tsd_mot_st\td_sd_st\td_sd_oct_st\tmedian_offset_ms\n")
            for row in tsv:
                f.write("\t".join(map(str, row)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
