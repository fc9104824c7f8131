#!/usr/bin/env python3
"""Writes a large NetFlow v9 export as a datagram file for bench/flows.sh (the format of
scripts/udp-capture.py: a 4-byte big-endian length before each datagram).

Usage: flow_datagrams.py FILE FLOWS

30 records a datagram, the template repeated every 20 datagrams (as exporters do), sequence
numbers counting datagrams. The flows are what a provider edge sees: 70 % to or from 4,096
provider addresses (203.0.113.0/24, 198.51.100.0/24 and 16 more /24s of 100.64.0.0/10 used as
provider space), the rest transit between outside hosts; a mix of TCP sessions, SYN-only
probes, UDP (DNS, QUIC) and ICMP. Seeded: the same file every time."""
import random
import struct
import sys

path, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(0xF10)
# (element, length): the fields softflowd exports for IPv4.
FIELDS = [(8, 4), (12, 4), (21, 4), (22, 4), (1, 4), (2, 4), (10, 2), (14, 2), (7, 2), (11, 2), (4, 1), (6, 1), (60, 1), (5, 1)]
RECORD = struct.Struct("!4s4sIIIIHHHHBBBB")
TEMPLATE = struct.pack("!HHHH", 0, 4 + 4 + 4 * len(FIELDS), 256, len(FIELDS)) + b"".join(struct.pack("!HH", *f) for f in FIELDS)

provider = [bytes([203, 0, 113, h]) for h in range(256)] + [bytes([198, 51, 100, h]) for h in range(256)]
provider += [bytes([100, 64 + n // 256, n % 256 // 16, h]) for n in range(0, 3584, 256) for h in range(256)]
outside = [bytes([rng.randrange(1, 223), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)]) for _ in range(200_000)]


def record(uptime):
    kind = rng.random()
    local, remote = rng.choice(provider), rng.choice(outside)
    src, dst = (local, remote) if rng.random() < 0.5 else (remote, local)
    if rng.random() < 0.3:
        src, dst = rng.choice(outside), rng.choice(outside)
    first = uptime - rng.randrange(1_000, 60_000)
    last = min(uptime, first + rng.randrange(0, 60_000))
    if kind < 0.45:   # TCP session
        return RECORD.pack(src, dst, last, first, rng.randrange(2_000, 2_000_000), rng.randrange(5, 2_000), 1, 2,
                           rng.randrange(1024, 65535), rng.choice([443, 80, 22, 25, 993]), 6, 0x1B, 4, 0)
    if kind < 0.6:    # a probe
        return RECORD.pack(src, dst, first, first, 60, 1, 1, 2, rng.randrange(1024, 65535), rng.randrange(1, 65535), 6, 0x02, 4, 0)
    if kind < 0.95:   # UDP
        return RECORD.pack(src, dst, last, first, rng.randrange(60, 200_000), rng.randrange(1, 200), 1, 2,
                           rng.randrange(1024, 65535), rng.choice([53, 443, 123, 51820]), 17, 0, 4, 0)
    return RECORD.pack(src, dst, first, first, 84, 1, 1, 2, 0, 2048, 1, 0, 4, 0)  # ICMP echo


with open(path, "wb") as out:
    uptime, seconds, sequence, written = 3_600_000, 1_748_779_200, 0, 0
    while written < total:
        count = min(30, total - written)
        body = b""
        if sequence % 20 == 0:
            body += TEMPLATE
        records = b"".join(record(uptime) for _ in range(count))
        body += struct.pack("!HH", 256, 4 + len(records)) + records
        header = struct.pack("!HHIIII", 9, count + (1 if sequence % 20 == 0 else 0), uptime, seconds, sequence, 0)
        datagram = header + body
        out.write(struct.pack("!I", len(datagram)) + datagram)
        sequence += 1
        written += count
        if sequence % 1000 == 0:
            uptime += 1000
            seconds += 1
print(sequence, "datagrams,", written, "flows")
