#!/usr/bin/env python3
"""Sends the datagrams of a file written by udp-capture.py to HOST:PORT, in order.

Usage: udp-replay.py FILE HOST:PORT [PER_SECOND] [REPEAT]
PER_SECOND paces the datagrams (default 20000; 0: as fast as possible); REPEAT sends the whole
file that many times (benchmarks)."""
import socket
import struct
import sys
import time

path, target = sys.argv[1], sys.argv[2]
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 20000
repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 1
host, port = target.rsplit(":", 1)
datagrams = []
with open(path, "rb") as source:
    while True:
        header = source.read(4)
        if len(header) < 4:
            break
        datagrams.append(source.read(struct.unpack("!I", header)[0]))
sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
start = time.monotonic()
sent = 0
for _ in range(repeat):
    for data in datagrams:
        sock.sendto(data, (host.strip("[]"), int(port)))
        sent += 1
        if rate > 0:
            ahead = sent / rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
print(sent)
