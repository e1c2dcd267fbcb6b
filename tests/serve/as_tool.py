#!/usr/bin/env python3
"""AudioSocket and serve helpers for the serve tests (stdlib only).

  as_tool.py stream HOST:PORT WAV [UUID]   send a 16-bit mono WAV at its own rate
                                           (kind 0x10..0x18), as fast as possible
  as_tool.py abuse HOST:PORT N SEED        N malformed streams, 16 at a time; prints
                                           how many of each kind the server closed
  as_tool.py hold HOST:PORT N SECONDS      N calls that keep sending; prints how many
                                           the server closed within SECONDS
  as_tool.py parity ANALYZE.jsonl LOG.jsonl UUID=FILE...
                                           each call's final verdict equals the
                                           batch record of its file (features
                                           within 1 %); prints one line per call
"""
import json
import random
import socket
import struct
import sys
import threading
import time
import uuid as uuidlib
import wave

RATES = [8000, 12000, 16000, 24000, 32000, 44100, 48000, 96000, 192000]


def addr(hostport):
    host, port = hostport.rsplit(":", 1)
    return host, int(port)


def msg(kind, payload=b""):
    return struct.pack(">BH", kind, len(payload)) + payload


def uuid_msg(u=None):
    return msg(0x01, (u or uuidlib.uuid4()).bytes)


def stream(hostport, path, uuid_text=None):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, "16-bit mono WAV only"
        rate = w.getframerate()
        pcm = w.readframes(w.getnframes())
    kind = 0x10 + RATES.index(rate)
    step = rate // 50 * 2  # 20 ms
    u = uuidlib.UUID(uuid_text) if uuid_text else uuidlib.uuid4()
    s = socket.create_connection(addr(hostport))
    s.sendall(uuid_msg(u))
    for at in range(0, len(pcm), step):
        s.sendall(msg(kind, pcm[at:at + step]))
    s.sendall(msg(0x00))
    s.shutdown(socket.SHUT_WR)
    s.settimeout(10)
    while s.recv(4096):
        pass
    s.close()
    print(u)


def closed_by_server(s, within_s):
    """True when the server closes (EOF or reset) within within_s seconds."""
    s.settimeout(within_s)
    try:
        while s.recv(4096):
            pass
        return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


# Each malformed stream: (name, bytes to send, keep the connection open after).
def malformed(rng):
    audio = bytes(320)
    kinds = [
        ("random", bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 600))), False),
        ("short_uuid", msg(0x01, bytes(15)), False),
        ("odd_audio", uuid_msg() + msg(0x10, bytes(321)), False),
        ("truncated_header", uuid_msg() + msg(0x10, audio) + b"\x10\x01", True),
        ("payload_64k", uuid_msg() + struct.pack(">BH", 0x10, 0xFFFF) + bytes(65535), False),
        ("audio_first", msg(0x10, audio) + uuid_msg(), False),
        ("unknown_kind", uuid_msg() + msg(0x42, b"x"), False),
        ("rate_change", uuid_msg() + msg(0x10, audio) + msg(0x12, audio), False),
        ("idle", b"", True),
        ("idle_after_uuid", uuid_msg() + msg(0x10, audio), True),
        ("trickle", uuid_msg() + msg(0x10, audio), True),  # then a byte every 0.3 s
    ]
    return kinds[rng.randrange(len(kinds))]


def abuse(hostport, n, seed):
    rng = random.Random(seed)
    plans = [malformed(rng) for _ in range(n)]
    counts, lock = {}, threading.Lock()
    todo = list(range(n))

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            name, data, keep = plans[i]
            outcome = "closed"
            try:
                s = socket.create_connection(addr(hostport), timeout=10)
                try:
                    s.sendall(data)
                except (ConnectionResetError, BrokenPipeError):
                    pass
                # Malformed: the server closes at once; idle: after --idle;
                # a trickle of bytes that never completes a message: the same.
                if name == "trickle":
                    for _ in range(30):
                        try:
                            s.sendall(b"\x10")
                        except OSError:
                            break
                        if closed_by_server(s, 0.3):
                            break
                    else:
                        outcome = "left_open"
                elif not closed_by_server(s, 10.0):
                    outcome = "left_open"
                s.close()
            except OSError as e:
                outcome = "error_" + type(e).__name__
            with lock:
                key = name + ":" + outcome
                counts[key] = counts.get(key, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(dict(sorted(counts.items()))))


def hold(hostport, n, seconds):
    socks = []
    for _ in range(n):
        s = socket.create_connection(addr(hostport))
        s.sendall(uuid_msg() + msg(0x10, bytes(320)))
        socks.append(s)
        time.sleep(0.05)  # accepted in this order
    closed = [closed_by_server(s, seconds / n) for s in socks]
    print(json.dumps({"closed": sum(closed), "open": len(closed) - sum(closed),
                      "closed_index": [i for i, c in enumerate(closed) if c]}))
    for s in socks:
        s.close()


FEATURES = ["window_start_s", "window_end_s", "speech_s", "f0_median_hz", "f0_sd_st",
            "f0_range_st", "energy_mean_dbfs", "energy_sd_db", "syllable_rate_hz",
            "articulation_rate_hz", "pause_ratio", "dull_score"]


def close_enough(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 0.01 * max(abs(a), abs(b)) + 1e-3


def parity(analyze_path, log_path, pairs):
    batch = {r["file"]: r for r in map(json.loads, open(analyze_path))}
    served = {r["call"]: r for r in map(json.loads, open(log_path)) if r["event"] == "final"}
    bad = 0
    for pair in pairs:
        call, path = pair.split("=", 1)
        a, s = batch[path], served.get(call)
        if s is None:
            print("MISSING", path, call)
            bad += 1
            continue
        off = [k for k in FEATURES if not close_enough(a[k], s[k])]
        if s["dull"] != a["dull"] or s["reasons"] != a["reasons"]:
            off.append("verdict")
        worst = max((abs(a[k] - s[k]) / max(abs(a[k]), 1e-9) for k in FEATURES
                     if a[k] is not None and s[k] is not None), default=0.0)
        print("%s %s dull=%s worst_rel_diff=%.2g%s" % ("OK" if not off else "DIFF", path,
              s["dull"], worst, (" off: " + ",".join(off)) if off else ""))
        bad += bool(off)
    sys.exit(1 if bad else 0)


def main(argv):
    cmd = argv[1]
    if cmd == "stream":
        stream(argv[2], argv[3], argv[4] if len(argv) > 4 else None)
    elif cmd == "abuse":
        abuse(argv[2], int(argv[3]), int(argv[4]))
    elif cmd == "hold":
        hold(argv[2], int(argv[3]), float(argv[4]))
    elif cmd == "parity":
        parity(argv[2], argv[3], argv[4:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
