#!/usr/bin/env python3
"""Check `mot analyze` output against the record contract (stdlib only).

  check_records.py jsonl|csv OUTPUT FILE...

FILE... are the inputs in the order given to mot. Checks that OUTPUT holds
exactly one record per FILE, in that order, with exactly the contract's keys
in the contract's order, well-typed values, no NaN/Inf anywhere, and an
`error` (naming the file) exactly when the values are missing. Prints one
line per record, "ok" or "error", for the caller to compare.
"""
import csv
import io
import json
import math
import os
import sys

KEYS = ["file", "duration_s", "sample_rate_hz", "channels", "channel_used",
        "window_start_s", "window_end_s", "speech_s", "f0_median_hz",
        "f0_sd_st", "f0_range_st", "energy_mean_dbfs", "energy_sd_db",
        "syllable_rate_hz", "articulation_rate_hz", "pause_ratio",
        "dull_score", "dull", "reasons"]
NUMBERS = KEYS[1:4] + KEYS[5:17]
REASONS = {"flat_pitch", "flat_energy", "slow_pace", "fast_pace", "little_speech"}


def die(msg):
    sys.exit("check_records: " + msg)


def json_name(raw):
    """The documented mapping: UTF-8 stays, a stray byte b becomes the lone
    surrogate U+DC00 + b (PEP 383), so os.fsencode() gives the bytes back."""
    s = raw.decode("utf-8", "surrogateescape")
    assert os.fsencode(s) == raw
    return s


def reject_constant(name):
    die("non-finite number %s in JSON" % name)


def check_values(i, rec):
    """rec: key -> python value (None for null/empty)."""
    failed = "error" in rec
    for k in NUMBERS:
        v = rec[k]
        if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool)
                              or not math.isfinite(v)):
            die("record %d: %s = %r is not a finite number" % (i, k, v))
    cu = rec["channel_used"]
    if not (cu == "mix" or (isinstance(cu, int) and not isinstance(cu, bool) and cu >= 0)):
        die("record %d: channel_used = %r" % (i, cu))
    if failed:
        if not isinstance(rec["error"], str) or not rec["error"].startswith(rec["file"] + ": "):
            die("record %d: error %r does not name the file" % (i, rec["error"]))
        return "error"
    if not isinstance(rec["dull"], bool):
        die("record %d: dull = %r is not a boolean" % (i, rec["dull"]))
    if not isinstance(rec["reasons"], list) or not set(rec["reasons"]) <= REASONS:
        die("record %d: reasons = %r" % (i, rec["reasons"]))
    for k in ("sample_rate_hz", "channels", "dull_score"):
        if rec[k] is None:
            die("record %d: analysed but %s is null" % (i, k))
    return "ok"


def read_jsonl(data, names):
    lines = data.split(b"\n")
    if lines[-1] != b"":
        die("output does not end with a newline")
    out = []
    for i, line in enumerate(lines[:-1]):
        line.decode("utf-8")  # must be valid UTF-8, whatever the file names
        rec = json.loads(line, object_pairs_hook=lambda kv: kv, parse_constant=reject_constant)
        keys = [k for k, _ in rec]
        if keys != KEYS and keys != KEYS + ["error"]:
            die("record %d: keys %s" % (i, keys))
        rec = dict(rec)
        if i < len(names) and rec["file"] != json_name(names[i]):
            die("record %d: file %r, expected %r" % (i, rec["file"], json_name(names[i])))
        out.append(check_values(i, rec))
    return out


def csv_value(k, v):
    if v == "":
        return [] if k == "reasons" else None
    if k in NUMBERS:
        if v.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            die("non-finite number %r in CSV" % v)
        return float(v) if any(c in v for c in ".eE") else int(v)
    if k == "channel_used":
        return v if v == "mix" else int(v)
    if k == "dull":
        if v not in ("true", "false"):
            die("dull = %r" % v)
        return v == "true"
    if k == "reasons":
        return v.split(";")
    return v


def read_csv(data, names):
    # Latin-1 maps bytes 1:1, so names compare byte for byte.
    rows = list(csv.reader(io.StringIO(data.decode("latin-1"), newline="")))
    if not rows or rows[0] != KEYS + ["error"]:
        die("CSV header %r" % (rows[:1],))
    out = []
    for i, row in enumerate(rows[1:]):
        if len(row) != len(KEYS) + 1:
            die("row %d has %d cells" % (i, len(row)))
        rec = {k: csv_value(k, v) for k, v in zip(KEYS, row)}
        if row[-1]:
            rec["error"] = row[-1]
        elif rec["dull"] is None:
            die("row %d: no error but dull is empty" % i)
        if i < len(names) and rec["file"] != names[i].decode("latin-1"):
            die("row %d: file %r, expected %r" % (i, rec["file"], names[i]))
        out.append(check_values(i, rec))
    return out


def main(argv):
    fmt, path = argv[1], argv[2]
    names = [os.fsencode(a) for a in argv[3:]]
    with open(path, "rb") as f:
        data = f.read()
    status = (read_jsonl if fmt == "jsonl" else read_csv)(data, names)
    if len(status) != len(names):
        die("%d records for %d files" % (len(status), len(names)))
    print("\n".join(status))


if __name__ == "__main__":
    main(sys.argv)
