#!/usr/bin/env python3
"""Receives UDP datagrams on HOST:PORT and writes them to FILE (each as a 4-byte big-endian
length and the bytes) until none came for IDLE seconds after the first. Prints the count.

Usage: udp-capture.py HOST:PORT FILE [IDLE]
Flow tests record an exporter's output once and replay the same bytes to Bailiff and to the
reference collector (nfcapd), so that both decode exactly the same datagrams."""
import socket
import struct
import sys

host, port = sys.argv[1].rsplit(":", 1)
idle = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
sock.bind((host.strip("[]"), int(port)))
print("ready", flush=True)
count = 0
with open(sys.argv[2], "wb") as out:
    sock.settimeout(60)
    while True:
        try:
            data = sock.recv(65535)
        except socket.timeout:
            break
        out.write(struct.pack("!I", len(data)) + data)
        count += 1
        sock.settimeout(idle)
print(count, flush=True)
