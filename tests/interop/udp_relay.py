# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
"""udp_relay.py - a test-only UDP relay on loopback for the DTLS interop tests
(issue #15).  Forwards datagrams between one client and a server and, by a
seeded schedule (the same seed gives the same decisions), misbehaves:

  --lossy      handshake datagrams (first record ChangeCipherSpec or
               handshake) are dropped with --drop (never two in a row in one
               direction), duplicated with --dup and
               held back behind the next datagram with --reorder; application
               data datagrams are only duplicated (DTLS does not retransmit
               them, and an old copy is what the anti-replay window is for).
  --attack     the first application-data datagram in each direction goes
               out three times: first with one bit flipped in its last record
               (must be discarded silently, RFC 6347 4.1.2.7), then as sent,
               then once more (a replay, 4.1.2.6).

usage: udp_relay.py LISTEN_PORT TARGET_PORT [--seed N] [--lossy] [--drop P]
                    [--dup P] [--reorder P] [--attack] [--host H] [--record F]
(--record keeps the datagrams: the seeds of fuzz/corpus/fuzz_dtls_hs.)
Prints "RELAY <port>" once listening; on SIGTERM prints its counters.
"""
import argparse
import random
import select
import signal
import socket
import sys


def first_type(d):
    return d[0] if len(d) >= 13 else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("listen", type=int)
    ap.add_argument("target", type=int)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lossy", action="store_true")
    ap.add_argument("--drop", type=float, default=0.4)
    ap.add_argument("--dup", type=float, default=0.15)
    ap.add_argument("--reorder", type=float, default=0.15)
    ap.add_argument("--attack", action="store_true")
    ap.add_argument("--record", help="append every datagram: direction byte, 2-byte length, bytes")
    a = ap.parse_args()
    fam = socket.AF_INET6 if ":" in a.host else socket.AF_INET
    rng = random.Random(a.seed)
    front = socket.socket(fam, socket.SOCK_DGRAM)
    front.bind((a.host, a.listen))
    back = socket.socket(fam, socket.SOCK_DGRAM)
    back.connect((a.host, a.target))
    n = {"seen": 0, "hs": 0, "dropped": 0, "duplicated": 0, "reordered": 0, "tampered": 0, "replayed": 0}
    held = {0: None, 1: None}  # per direction: a datagram held back
    attacked = {0: False, 1: False}
    # never two handshake datagrams dropped in a row in one direction: the
    # loss stays >= 20 % while the retransmission backoff (1 s, 2 s, 4 s ...)
    # keeps the test short
    just_dropped = {0: False, 1: False}
    client = None

    def stats(*_):
        print("RELAY-STATS " + " ".join("%s=%d" % kv for kv in n.items()), file=sys.stderr, flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stats)
    signal.signal(signal.SIGINT, stats)
    print("RELAY %d" % front.getsockname()[1], flush=True)

    rec = open(a.record, "ab") if a.record else None

    def out(direction, d):
        if rec is not None:
            rec.write(bytes([direction]) + len(d).to_bytes(2, "big") + d)
            rec.flush()
        if direction == 0:
            back.send(d)
        elif client is not None:
            front.sendto(d, client)

    while True:
        r, _, _ = select.select([front, back], [], [], 0.05)
        if not r:  # nothing new for 50 ms: release what was held back
            for k in (0, 1):
                if held[k] is not None:
                    out(k, held[k])
                    held[k] = None
            continue
        for s in r:
            try:
                if s is front:
                    d, addr = front.recvfrom(65536)
                    client = addr
                    direction = 0
                else:
                    d = back.recv(65536)
                    direction = 1
            except (ConnectionRefusedError, OSError):
                continue
            n["seen"] += 1
            t = first_type(d)
            hs = t in (20, 22)
            if a.attack and t == 23 and not attacked[direction]:
                attacked[direction] = True
                bad = bytearray(d)
                bad[-1] ^= 1
                out(direction, bytes(bad))
                out(direction, d)
                out(direction, d)
                n["tampered"] += 1
                n["replayed"] += 1
                continue
            if not a.lossy:
                out(direction, d)
                continue
            x = rng.random()
            if hs:
                n["hs"] += 1
                if x < a.drop and not just_dropped[direction]:
                    n["dropped"] += 1
                    just_dropped[direction] = True
                    continue
                just_dropped[direction] = False
                if x < a.drop + a.reorder and held[direction] is None:
                    held[direction] = d
                    n["reordered"] += 1
                    continue
            out(direction, d)
            if held[direction] is not None:
                out(direction, held[direction])
                held[direction] = None
            if rng.random() < a.dup:
                out(direction, d)
                n["duplicated"] += 1


if __name__ == "__main__":
    main()
