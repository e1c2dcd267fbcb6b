#!/usr/bin/env python3
"""compare.py LIVE.jsonl BATCH.jsonl [CALL] [--device NAME] [--shifted]

Check the final event of call CALL (default 1) in `mot live --format jsonl`
output against the one record `mot analyze` wrote for the same audio:
- the event's keys are event, call, time_s, then exactly the batch keys in
  their order, with file = the device's name (default: the test devices,
  mot_capture...);
- the verdict (dull, reasons) is the same and dull_score within 0.01;
- every feature is within 1 % (or the last printed digit);
- window_start_s and window_end_s lie within 0.01 s (a call's times count
  from its own start: compare a later call with a recording cut there), but
  not with --shifted (audio lost at the start, as with JACK's connect race).
Prints the features side by side; exits 1 on the first mismatch.
"""
import argparse
import json
import sys

FEATURES = ["speech_s", "f0_median_hz", "f0_sd_st", "f0_range_st", "energy_mean_dbfs",
            "energy_sd_db", "syllable_rate_hz", "articulation_rate_hz", "pause_ratio"]
# Half a unit of the last digit record.c prints for each key.
ROUNDING = {"speech_s": 5e-4, "f0_median_hz": 5e-3, "f0_sd_st": 5e-4, "f0_range_st": 5e-4,
            "energy_mean_dbfs": 5e-3, "energy_sd_db": 5e-3, "syllable_rate_hz": 5e-4,
            "articulation_rate_hz": 5e-4, "pause_ratio": 5e-5}


def fail(msg):
    print("compare: " + msg, file=sys.stderr)
    sys.exit(1)


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("live")
    p.add_argument("batch")
    p.add_argument("call", nargs="?", type=int, default=1)
    p.add_argument("--device", default="mot_capture")
    p.add_argument("--shifted", action="store_true")
    args = p.parse_args(argv[1:])
    call = args.call
    events = [json.loads(line) for line in open(args.live)]
    (batch,) = [json.loads(line) for line in open(args.batch)]
    finals = [e for e in events if e["event"] == "final" and e["call"] == call]
    if len(finals) != 1:
        fail("%d final events for call %d in %s" % (len(finals), call, args.live))
    live = finals[0]
    keys = list(live)
    if keys[:3] != ["event", "call", "time_s"] or keys[3:] != list(batch):
        fail("keys differ from the batch record: %s" % keys)
    if not live["file"].startswith(args.device):
        fail("file is %r" % live["file"])
    for key in ["dull", "reasons", "sample_rate_hz", "channel_used"]:
        if live[key] != batch[key]:
            fail("%s: live %r, batch %r" % (key, live[key], batch[key]))
    if abs(live["dull_score"] - batch["dull_score"]) > 0.01:
        fail("dull_score: live %r, batch %r" % (live["dull_score"], batch["dull_score"]))
    for key in FEATURES:
        a, b = live[key], batch[key]
        print("%-22s live %10.4f  batch %10.4f" % (key, a, b))
        if abs(a - b) > max(0.01 * abs(b), 2 * ROUNDING[key] + 1e-9):
            fail("%s: live %r, batch %r (more than 1 %% apart)" % (key, a, b))
    for key in [] if args.shifted else ["window_start_s", "window_end_s"]:
        if abs(live[key] - batch[key]) > 0.01:
            fail("%s: live %r, batch %r" % (key, live[key], batch[key]))
    print("verdict: dull=%s reasons=%s score %.4f (batch %.4f)"
          % (live["dull"], live["reasons"], live["dull_score"], batch["dull_score"]))


if __name__ == "__main__":
    main(sys.argv)
