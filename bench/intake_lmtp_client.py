#!/usr/bin/env python3
"""LMTP load for bench/intake.sh: SESSIONS parallel connections, each sending one unique ARF report
after another over the same connection (like smtp-source -d) for SECONDS, then QUIT.

Usage: intake_lmtp_client.py HOST PORT SECONDS SESSIONS

Why not only smtp-source: with -F it sends the same bytes every time, and Bailiff's store keeps
identical bytes once (only a new delivery row), so nothing new would be parsed. Every message here
differs (Message-ID, Subject counter, Source-IP, Arrival-Date), and its Source-IP is a service
address of `bailiff serve --demo` (198.18.1.0 + n % 2048), so each is parsed, attributed to a
service and saved as one event. No pipelining (as smtp-source): MAIL, RCPT, DATA, message, reply.
Prints one line of key=value figures at the end.
"""
import asyncio
import email.utils
import sys
import time

host, port, seconds, sessions = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
ARRIVAL = email.utils.formatdate(time.time() - 3600, usegmt=True)
counts = {"ok": 0, "other": 0, "errors": 0}


def message(n: int) -> bytes:
    address = 0xC6120100 + n % 2048  # 198.18.1.0 on: the demo inventory's service addresses
    ip = f"{address >> 24}.{address >> 16 & 255}.{address >> 8 & 255}.{address & 255}"
    return (
        f"From: fbl@mailbox.example\r\n"
        f"To: abuse@provider.example\r\n"
        f"Subject: complaint {n}\r\n"
        f"Message-ID: <bench-{n}@mailbox.example>\r\n"
        f"Date: {ARRIVAL}\r\n"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\r\n"
        f"\r\n"
        f"--b\r\n"
        f"Content-Type: text/plain\r\n"
        f"\r\n"
        f"This is an abuse report for a message received from IP {ip}.\r\n"
        f"--b\r\n"
        f"Content-Type: message/feedback-report\r\n"
        f"\r\n"
        f"Feedback-Type: abuse\r\n"
        f"User-Agent: FBL/2.0\r\n"
        f"Version: 1\r\n"
        f"Source-IP: {ip}\r\n"
        f"Arrival-Date: {ARRIVAL}\r\n"
        f"\r\n"
        f"--b--\r\n"
    ).encode()


async def reply(reader: asyncio.StreamReader) -> bytes:
    """Reads a possibly multi-line reply; returns its last line."""
    while True:
        line = await reader.readline()
        if not line:
            raise ConnectionError("connection closed")
        if line[3:4] != b"-":
            return line


async def session(index: int, deadline: float, counter: list) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        await reply(reader)
        writer.write(b"LHLO bench.example\r\n")
        await reply(reader)
        while time.monotonic() < deadline:
            n = counter[0]
            counter[0] += 1
            writer.write(b"MAIL FROM:<fbl@mailbox.example>\r\n")
            if not (await reply(reader)).startswith(b"250"):
                counts["errors"] += 1; break
            writer.write(b"RCPT TO:<abuse@provider.example>\r\n")
            if not (await reply(reader)).startswith(b"250"):
                counts["errors"] += 1; break
            writer.write(b"DATA\r\n")
            if not (await reply(reader)).startswith(b"354"):
                counts["errors"] += 1; break
            writer.write(message(n) + b".\r\n")
            answer = await reply(reader)  # one reply per recipient: one recipient
            counts["ok" if answer.startswith(b"250") else "other"] += 1
        writer.write(b"QUIT\r\n")
        await writer.drain()
        await reply(reader)
    except (ConnectionError, OSError):
        counts["errors"] += 1
    finally:
        writer.close()


async def main() -> None:
    start = time.monotonic()
    started_at = time.time()
    counter = [0]
    await asyncio.gather(*(session(i, start + seconds, counter) for i in range(sessions)))
    elapsed = time.monotonic() - start
    print(f"client_start={started_at:.3f} elapsed={elapsed:.3f} sent={counter[0]} answered_250={counts['ok']} "
          f"other_replies={counts['other']} errors={counts['errors']} rate_250={counts['ok'] / elapsed:.1f}")


asyncio.run(main())
