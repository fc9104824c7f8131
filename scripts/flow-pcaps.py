#!/usr/bin/env python3
"""Writes the flow detectors' test traffic as pcap files (Ethernet, IPv4/IPv6, TCP/UDP).

Usage: flow-pcaps.py OUTDIR

The provider's addresses are 203.0.113.0/24 and 2001:db8:100::/48; everyone else lives in
100.64.0.0/10 and 2001:db8:ffff::/48. Each pattern uses its own provider address, so that one
replay of `all.pcap` must produce exactly the expected detections:

  patterns (must fire)            look-alikes (must not fire)
  .10 SYN scan of port 22         .20 busy DNS resolver (queries answered)
  .11 SMTP burst to 120 MXes      .21 mail server delivering its queue (15 MXes)
  .12 UDP flood to one host       .22 BitTorrent client (DHT, peers on scattered ports)
  .13 attacked (reflection flood) .23 non-exit Tor relay (long-lived relay links)
  .14 IRC server (clients + link) .24 busy web server (500 clients)
  ::10 IPv6 SYN scan of port 443  .25 cron job retrying a closed port 25
Written without scapy (plain struct) so that it is fast and needs nothing but Python.
"""
import os
import random
import socket
import struct
import sys

BASE = 1748779200.0  # 2025-06-01T12:00:00Z
rng = random.Random(7)
SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def packet(src, dst, proto, sport, dport, flags=0, size=0):
    """One Ethernet frame; `size` is the transport payload length."""
    v6 = ":" in src
    payload = bytes(size)
    if proto == 6:
        transport = struct.pack("!HHIIBBHHH", sport, dport, rng.getrandbits(32), 0, 0x50, flags, 65535, 0, 0) + payload
    elif proto == 17:
        transport = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    else:
        transport = payload
    if v6:
        ip = struct.pack("!IHBB", 6 << 28, len(transport), proto, 64) + socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
        ethertype = 0x86DD
    else:
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(transport), rng.getrandbits(16), 0, 64, proto, 0,
                             socket.inet_aton(src), socket.inet_aton(dst))
        ip = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
        ethertype = 0x0800
    return b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + struct.pack("!H", ethertype) + ip + transport


class Capture:
    def __init__(self):
        self.packets = []

    def add(self, at, frame):
        self.packets.append((at, len(self.packets), frame))

    def session(self, at, client, server, sport, dport, duration=1.0, exchanges=3, up=100, down=1000, first_down=0):
        """A TCP conversation: handshake, `exchanges` data packets each way spread over
        `duration`, FIN both ways."""
        self.add(at, packet(client, server, 6, sport, dport, SYN))
        self.add(at + 0.001, packet(server, client, 6, dport, sport, SYN | ACK))
        self.add(at + 0.002, packet(client, server, 6, sport, dport, ACK))
        if first_down:
            self.add(at + 0.003, packet(server, client, 6, dport, sport, ACK | PSH, first_down))
        for i in range(exchanges):
            t = at + 0.01 + duration * i / max(1, exchanges)
            self.add(t, packet(client, server, 6, sport, dport, ACK | PSH, up))
            self.add(t + 0.001, packet(server, client, 6, dport, sport, ACK | PSH, down))
        end = at + duration + 0.02
        self.add(end, packet(client, server, 6, sport, dport, FIN | ACK))
        self.add(end + 0.001, packet(server, client, 6, dport, sport, FIN | ACK))
        self.add(end + 0.002, packet(client, server, 6, sport, dport, ACK))

    def write(self, path):
        with open(path, "wb") as out:
            # Frames are cut at 128 bytes (as tcpdump -s 128 would): headers are all an exporter
            # reads, and the original length still counts the full size.
            out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 128, 1))
            for at, _, frame in sorted(self.packets):
                seconds = int(at)
                kept = frame[:128]
                out.write(struct.pack("<IIII", seconds, int((at - seconds) * 1e6), len(kept), len(frame)))
                out.write(kept)


def outside(i):
    return "100.64.%d.%d" % (i // 250 + 1, i % 250 + 1)


def outside6(i):
    return "2001:db8:ffff::%x" % (i + 1)


def scan(c, t):
    for i in range(300):
        c.add(t + i * 0.1, packet("203.0.113.10", outside(i), 6, 40000 + i % 7, 22, SYN))


def scan6(c, t):
    for i in range(150):
        c.add(t + i * 0.1, packet("2001:db8:100::10", outside6(i), 6, 41000, 443, SYN))


def smtp_burst(c, t):
    for i in range(120):
        c.add(t + i * 0.2, packet("203.0.113.11", outside(1000 + i), 6, 30000 + i, 25, SYN))
        c.add(t + i * 0.2 + 1, packet("203.0.113.11", outside(1000 + i), 6, 30000 + i, 25, SYN))


def udp_flood(c, t):
    for i in range(30000):
        c.add(t + i / 30000.0, packet("203.0.113.12", "100.64.9.9", 17, 50000, 80, size=480))


def attacked(c, t):
    for i in range(60000):
        c.add(t + i / 60000.0, packet(outside(2000 + i % 200), "203.0.113.13", 17, 53, 40000 + i % 50, size=1200))


def irc_server(c, t):
    for i in range(15):
        c.session(t + i * 0.5, outside(3000 + i), "203.0.113.14", 50000 + i, 6667, duration=120, exchanges=6, up=60, down=400)
    c.session(t, "203.0.113.14", "100.64.50.1", 40100, 7000, duration=120, exchanges=6, up=200, down=200, first_down=0)
    # The burst at connect: the network's state sent over the link.
    for k in range(30):
        c.add(t + 0.005 + k * 0.001, packet("203.0.113.14", "100.64.50.1", 6, 40100, 7000, ACK | PSH, 1400))


def resolver(c, t):
    for i in range(400):
        server = outside(4000 + i)
        c.add(t + i * 0.05, packet("203.0.113.20", server, 17, 20000 + i, 53, size=40))
        c.add(t + i * 0.05 + 0.02, packet(server, "203.0.113.20", 17, 53, 20000 + i, size=120))


def mail_queue(c, t):
    for i in range(15):
        c.session(t + i * 3, "203.0.113.21", outside(5000 + i), 35000 + i, 25, duration=2, exchanges=5, up=3000, down=100)


def bittorrent(c, t):
    for i in range(300):
        peer, port = outside(6000 + i), rng.randint(1025, 65000)
        c.add(t + i * 0.05, packet("203.0.113.22", peer, 17, 6881, port, size=100))
        if i % 5 < 2:
            c.add(t + i * 0.05 + 0.05, packet(peer, "203.0.113.22", 17, port, 6881, size=300))
    for i in range(50):
        peer, port = outside(6400 + i), rng.randint(1025, 65000)
        if i % 2:
            c.session(t + i * 0.3, "203.0.113.22", peer, 45000 + i, port, duration=5, exchanges=4, up=100, down=16000)
        else:
            c.add(t + i * 0.3, packet("203.0.113.22", peer, 6, 45000 + i, port, SYN))


def tor_relay(c, t):
    for i in range(40):
        c.session(t + i * 0.2, "203.0.113.23", outside(7000 + i), 46000 + i, rng.choice([9001, 443]), duration=150, exchanges=10, up=1400, down=1400)
    for i in range(60):
        c.session(t + i * 0.2, outside(7100 + i), "203.0.113.23", 47000 + i, 9001, duration=150, exchanges=10, up=600, down=1400)


def web_server(c, t):
    for i in range(500):
        c.session(t + i * 0.1, outside(8000 + i), "203.0.113.24", 48000 + i, 443, duration=1, exchanges=4, up=300, down=12000)


def cron_port25(c, t):
    for attempt in range(3):
        c.add(t + attempt * 60, packet("203.0.113.25", "100.64.25.25", 6, 39000 + attempt, 25, SYN))
        c.add(t + attempt * 60 + 3, packet("203.0.113.25", "100.64.25.25", 6, 39000 + attempt, 25, SYN))


PATTERNS = {
    "scan": scan, "scan6": scan6, "smtp-burst": smtp_burst, "udp-flood": udp_flood, "attacked": attacked, "irc-server": irc_server,
    "resolver": resolver, "mail-queue": mail_queue, "bittorrent": bittorrent, "tor-relay": tor_relay, "web-server": web_server,
    "cron-port25": cron_port25,
}

if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    everything = Capture()
    for name, build in PATTERNS.items():
        build(everything, BASE + 10)
    # A final packet far later makes every window close in the detectors and every flow expire.
    everything.add(BASE + 4000, packet("100.64.99.99", "100.64.99.98", 17, 1, 1))
    everything.write(os.path.join(out, "all.pcap"))
    print(os.path.join(out, "all.pcap"), len(everything.packets), "packets")
