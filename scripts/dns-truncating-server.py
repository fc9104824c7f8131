#!/usr/bin/env python3
"""A DNS server for one test: over UDP it answers every query truncated (TC set, no
records); over TCP it answers in full: A 127.0.0.2 and a 600-byte TXT record. Prints
"ready PORT" once both sockets listen. Usage: dns-truncating-server.py [PORT]"""
import socket, struct, sys, threading

port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", port))
port = udp.getsockname()[1]
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind(("127.0.0.1", port))
tcp.listen(16)


def question_end(query):
    i = 12
    while query[i] != 0:
        i += 1 + query[i]
    return i + 5


def answer(query, truncated):
    end = question_end(query)
    flags = 0x8000 | 0x0400 | (0x0200 if truncated else 0) | (query[2] & 1) << 8
    qtype = struct.unpack("!H", query[end - 4:end - 2])[0]
    records = b""
    count = 0
    if not truncated:
        if qtype == 1:
            records = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes([127, 0, 0, 2])
        else:
            text = b"".join(bytes([200]) + (b"%c" % (65 + n)) * 200 for n in range(3))
            records = b"\xc0\x0c" + struct.pack("!HHIH", 16, 1, 60, len(text)) + text
        count = 1
    return query[:2] + struct.pack("!HHHHH", flags, 1, count, 0, 0) + query[12:end] + records


def serve_udp():
    while True:
        data, peer = udp.recvfrom(4096)
        udp.sendto(answer(data, True), peer)


def serve_tcp():
    while True:
        connection, _ = tcp.accept()
        with connection:
            length = struct.unpack("!H", connection.recv(2))[0]
            query = b""
            while len(query) < length:
                query += connection.recv(length - len(query))
            reply = answer(query, False)
            connection.sendall(struct.pack("!H", len(reply)) + reply)


threading.Thread(target=serve_udp, daemon=True).start()
print("ready", port, flush=True)
serve_tcp()
