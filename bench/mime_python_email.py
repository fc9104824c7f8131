#!/usr/bin/env python3
"""Python baseline for MIMEBench: parse every corpus mail N times with the stdlib
email package (policy.default), walk all parts and get_content() on leaves.

Usage: python3 bench_python_email.py [iterations] [corpus-dir] [--swift-bin PATH]
If the Swift release binary exists (default .build/release/MIMEBench next to this
script) it is run with the same arguments and both rates plus the ratio are printed.
"""
import email
import email.policy
import os
import re
import subprocess
import sys
import time

KNOWN = {"from", "to", "subject", "date", "received", "return-path", "message-id", "mime-version",
         "content-type", "delivered-to", "reply-to", "sender", "x-original-to", "cc"}
HEADER = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")


def looks_like_mail(data: bytes) -> bool:
    """Same heuristic as MessageSniffer.looksLikeMail in the Swift package."""
    lines = data[:256 * 1024].split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    fields, known = 0, False
    for raw in lines[:500]:
        line = raw[:-1] if raw.endswith(b"\r") else raw
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if fields == 0:
                return False
            continue
        m = HEADER.match(line[:200])
        if not m:
            return False
        fields += 1
        name = line[:line.index(b":")].rstrip(b" \t").decode("latin-1").lower()
        known = known or name in KNOWN
    return fields > 0 and known


def find_corpus(arg):
    if arg:
        return arg
    if os.environ.get("BAILIFF_TEST_CORPUS"):
        return os.environ["BAILIFF_TEST_CORPUS"]
    for start in (os.getcwd(), os.path.dirname(os.path.abspath(__file__))):
        d = start
        while d != "/":
            c = os.path.join(d, "shared", "corpus")
            if os.path.isdir(c):
                return c
            d = os.path.dirname(d)
    sys.exit("corpus not found (pass a path or set BAILIFF_TEST_CORPUS)")


def main():
    args = [a for a in sys.argv[1:]]
    swift_bin = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build-bench", "release", "MIMEBenchmark")
    if "--swift-bin" in args:
        i = args.index("--swift-bin")
        swift_bin = args[i + 1]
        del args[i:i + 2]
    iterations = int(args[0]) if args else 20
    corpus = find_corpus(args[1] if len(args) > 1 else None)

    mails = []
    for dirpath, _, files in os.walk(corpus):
        for f in files:
            ext = os.path.splitext(f)[1].lower()
            if ext not in (".eml", ".txt", ""):
                continue
            with open(os.path.join(dirpath, f), "rb") as fh:
                data = fh.read()
            if looks_like_mail(data):
                mails.append(data)
    total = sum(len(m) for m in mails)

    sink = 0
    start = time.perf_counter()
    for _ in range(iterations):
        for data in mails:
            msg = email.message_from_bytes(data, policy=email.policy.default)
            for part in msg.walk():
                if part.is_multipart():
                    continue
                try:
                    c = part.get_content()
                    sink += len(c) if hasattr(c, "__len__") else 1
                except Exception:
                    pass
    secs = time.perf_counter() - start
    py_msgs = len(mails) * iterations / secs
    py_mb = total * iterations / 1048576 / secs
    print(f"corpus: {corpus}")
    print(f"mails: {len(mails)}, bytes: {total}, iterations: {iterations}, checksum: {sink}")
    print(f"python email (policy.default): {py_msgs:.0f} messages/s, {py_mb:.2f} MB/s ({secs:.3f} s)")

    if os.path.exists(swift_bin):
        out = subprocess.run([swift_bin, str(iterations), corpus], capture_output=True, text=True).stdout
        m = re.search(r"RESULT msgs_per_s=([\d.]+) mb_per_s=([\d.]+)", out)
        if m:
            sw_msgs, sw_mb = float(m.group(1)), float(m.group(2))
            print(f"swift BailiffReports:          {sw_msgs:.0f} messages/s, {sw_mb:.2f} MB/s")
            print(f"ratio swift/python: {sw_msgs / py_msgs:.1f}x")
        else:
            print("could not read Swift benchmark output:\n" + out)
    else:
        print(f"(Swift binary {swift_bin} not found; build with `bench/mime.sh`)")


if __name__ == "__main__":
    main()
