#!/usr/bin/env python3
"""serve_load.py: N concurrent real-time AudioSocket calls against mot serve,
and the delay until each verdict shows up on the dashboard's event stream.

  serve_load.py --to HOST:PORT --http HOST:PORT --calls N --seconds S --ramp R
                [--procs P] WAV...

Call i streams WAV[i % len] (8 kHz 16-bit mono; looped or cut to S seconds)
in 20 ms messages on absolute deadlines, starting at i * R / N seconds, then
hangs up. The calls are shared among P sender processes (default 2), each
one pacing loop over plain blocking sockets: Python cannot drive 20,000
messages a second from one asyncio loop on a busy 2-core machine. The main
process reads GET /api/events. For each provisional/final event, latency =
its arrival - the sending of the message that completed its audio (time_s),
both on CLOCK_MONOTONIC: what the server, its loop and the HTTP side add.
Also reported: how far the verdict lies behind its mark in audio (time_s -
window_start_s - 4 or 14 s), the engine's own look-ahead, and the senders'
worst pacing lag. Prints one JSON object. stdlib only.
"""
import argparse
import json
import multiprocessing as mp
import socket
import struct
import threading
import time
import uuid
import wave

FRAME_BYTES = 320  # 20 ms at 8 kHz


def load(path, seconds):
    with wave.open(path, "rb") as w:
        assert (w.getframerate(), w.getsampwidth(), w.getnchannels()) == (8000, 2, 1), path
        pcm = w.readframes(w.getnframes())
    want = int(seconds * 8000) * 2
    while len(pcm) < want:
        pcm += pcm
    pcm = pcm[:want]
    return [struct.pack(">BH", 0x10, len(pcm[i:i + FRAME_BYTES])) + pcm[i:i + FRAME_BYTES]
            for i in range(0, len(pcm), FRAME_BYTES)]


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))] if v else None


def sender(to, jobs, clips, t0, conn):
    """jobs: [(uuid, clip index, start time)]. Sends back ({uuid: send times},
    worst lag, error or None)."""
    try:
        conn.send(send_calls(to, jobs, clips, t0) + (None,))
    except OSError as e:
        conn.send(({}, 0.0, "%s: %s" % (type(e).__name__, e)))


def send_calls(to, jobs, clips, t0):
    host, port = to.rsplit(":", 1)
    calls = []
    for u, ci, start in jobs:
        s = socket.create_connection((host, int(port)))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(struct.pack(">BH", 0x01, 16) + uuid.UUID(u).bytes)
        calls.append([s, clips[ci], [0.0] * len(clips[ci]), 0, start, u])
    active, tick, lag = calls, 0, 0.0
    while active:
        due = t0 + tick * 0.02
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        now = time.monotonic()
        lag = max(lag, now - due)
        still = []
        for c in active:
            s, clip, sent, k, start = c[0], c[1], c[2], c[3], c[4]
            while k < len(clip) and start + k * 0.02 <= now:
                s.sendall(clip[k])
                sent[k] = time.monotonic()
                k += 1
            c[3] = k
            if k < len(clip):
                still.append(c)
            else:
                s.sendall(struct.pack(">BH", 0x00, 0))
        active = still
        tick += 1
    time.sleep(1.0)  # let the last finals out before closing
    for c in calls:
        c[0].close()
    return {c[5]: c[2] for c in calls}, lag


def read_events(http, seen, ready):
    host, port = http.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    # HTTP/1.0: the stream comes unchunked, one event per line pair.
    # Host names the server as any client would (the dashboard serves only a
    # loopback Host when it has no token).
    s.sendall(b"GET /api/events HTTP/1.0\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n"
              % http.encode())
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass  # response headers
    ready.set()
    event = None
    for line in f:
        if line.startswith(b"event: "):
            event = line[7:].strip().decode()
        elif line.startswith(b"data: ") and event in ("provisional", "final"):
            seen.append((time.monotonic(), event, line[6:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--to", required=True)
    ap.add_argument("--http", required=True)
    ap.add_argument("--calls", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--ramp", type=float, default=5.0)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("wav", nargs="+")
    a = ap.parse_args()
    clips = [load(p, a.seconds) for p in a.wav]

    seen, ready = [], threading.Event()
    threading.Thread(target=read_events, args=(a.http, seen, ready), daemon=True).start()
    ready.wait(10)

    t0 = time.monotonic() + 1.0 + a.calls * 0.002  # time to connect every call
    jobs = [(str(uuid.uuid4()), i % len(clips), t0 + i * a.ramp / a.calls) for i in range(a.calls)]
    procs, pipes = [], []
    ctx = mp.get_context("fork")
    for p in range(a.procs):
        here, there = ctx.Pipe()
        pr = ctx.Process(target=sender, args=(a.to, jobs[p::a.procs], clips, t0, there))
        pr.start()
        procs.append(pr)
        pipes.append(here)
    sent, lag, errors = {}, 0.0, []
    for here, pr in zip(pipes, procs):
        times, l, err = here.recv()
        sent.update(times)
        lag = max(lag, l)
        errors += [err] if err else []
        pr.join()
    # The reader may trail (a busy machine): give it time to see every final.
    deadline = time.monotonic() + 15.0
    while time.monotonic() < deadline and \
            len({json.loads(d)["call"] for _, ev, d in list(seen) if ev == "final"}) < a.calls:
        time.sleep(0.5)

    out = {"calls": a.calls, "seconds": a.seconds, "ramp_s": a.ramp, "procs": a.procs,
           "pacer_lag_max_s": lag, "sender_errors": errors}
    for kind in ("provisional", "final"):
        lat, behind, calls = [], [], set()
        for t, ev, data in seen:
            if ev != kind:
                continue
            e = json.loads(data)
            if e["call"] not in sent:
                continue
            calls.add(e["call"])
            k = int(round(e["time_s"] * 50)) - 1  # the message that completed time_s
            times = sent[e["call"]]
            if 0 <= k < len(times) and times[k]:
                lat.append(t - times[k])
            behind.append(e["time_s"] - e["window_start_s"] - (4.0 if kind == "provisional" else 14.0))
        out[kind] = {
            "calls_with_event": len(calls),
            "latency_p50_ms": None if not lat else 1000 * pct(lat, 50),
            "latency_p99_ms": None if not lat else 1000 * pct(lat, 99),
            "latency_max_ms": None if not lat else 1000 * max(lat),
            "behind_mark_p50_s": pct(behind, 50),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
