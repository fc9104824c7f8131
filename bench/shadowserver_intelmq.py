#!/usr/bin/env python3
"""IntelMQ's peer figure for bench/shadowserver.sh: parse a Shadowserver CSV into IntelMQ events
with a parser bot run as a library (no pipeline, no Redis): `Bot(bot_id, settings=BotLibSettings |
{...}).process_message(report)`, which returns the output queue as a list of Event objects.

Usage: shadowserver_intelmq.py CSV [shadowserver|generic] [RUNS]

- `shadowserver`: intelmq.bots.parsers.shadowserver.parser.ShadowserverParserBot, the bot a real
  IntelMQ installation uses for these files. It reads its per-report column mapping from a schema
  file that IntelMQ normally downloads from Shadowserver (`--update-schema`). That download is not
  possible here and the package ships only a 3-report test schema, so this script writes a
  `scan_ssh` ("Accessible-SSH") entry of the same shape: time/ip/port required, the usual optional
  fields (transport, reverse DNS, ASN, geolocation, NAICS/SIC, tag), the SSH fields as extras; the
  parser itself puts every other non-empty column into `extra` as it does with the real schema.
- `generic`: intelmq.bots.parsers.generic.parser_csv.GenericCsvParserBot with the columns
  time.source, source.ip, protocol.transport, source.port, source.reverse_dns and the rest ignored.

Each run parses the whole file in one report message (as a collector would hand it over) and
counts the events in the output queue; the best of RUNS (default 2) is printed as rows/s.
"""
import atexit
import base64
import json
import os
import shutil
import sys
import tempfile
import time

csv_path = sys.argv[1]
kind = sys.argv[2] if len(sys.argv) > 2 else "shadowserver"
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 2

# IntelMQ reads its paths from INTELMQ_ROOT_DIR at import time: point it at a scratch directory.
root = tempfile.mkdtemp(prefix="intelmq-bench-")
atexit.register(shutil.rmtree, root, True)
os.environ["INTELMQ_ROOT_DIR"] = root

import intelmq  # noqa: E402
from intelmq.lib.bot import BotLibSettings  # noqa: E402

SSH_EXTRAS = ["serverid_raw", "serverid_version", "serverid_software", "serverid_comment", "server_cookie",
              "available_kex", "available_ciphers", "available_mac", "available_compression", "selected_kex",
              "algorithm", "selected_cipher", "selected_mac", "selected_compression"]
SCHEMA = {
    "scan_ssh": {
        "feed_name": "Accessible-SSH",
        "file_name": "scan_ssh",
        "constant_fields": {
            "classification.identifier": "accessible-ssh",
            "classification.taxonomy": "vulnerable",
            "classification.type": "vulnerable-system",
            "protocol.application": "ssh",
        },
        "required_fields": [
            ["time.source", "timestamp", "add_UTC_to_timestamp"],
            ["source.ip", "ip", "validate_ip"],
            ["source.port", "port", "convert_int"],
        ],
        "optional_fields": [
            ["protocol.transport", "protocol"],
            ["source.reverse_dns", "hostname"],
            ["extra.", "tag", "validate_to_none"],
            ["source.asn", "asn", "invalidate_zero"],
            ["source.geolocation.cc", "geo"],
            ["source.geolocation.region", "region"],
            ["source.geolocation.city", "city"],
            ["extra.source.naics", "naics", "invalidate_zero"],
            ["extra.source.sic", "sic", "invalidate_zero"],
        ] + [["extra.", name, "validate_to_none"] for name in SSH_EXTRAS],
    }
}


def make_bot():
    if kind == "shadowserver":
        state = intelmq.VAR_STATE_PATH
        os.makedirs(state, exist_ok=True)
        with open(os.path.join(state, "shadowserver-schema.json"), "w") as handle:
            json.dump(SCHEMA, handle)
        from intelmq.bots.parsers.shadowserver.parser import ShadowserverParserBot
        return ShadowserverParserBot("shadowserver-parser", settings=BotLibSettings | {"logging_level": "ERROR"})
    if kind == "generic":
        from intelmq.bots.parsers.generic.parser_csv import GenericCsvParserBot
        with open(csv_path) as handle:
            width = len(handle.readline().split('","'))
        columns = ["time.source", "source.ip", "protocol.transport", "source.port", "source.reverse_dns"]
        columns += ["__IGNORE__"] * (width - len(columns))
        return GenericCsvParserBot("generic-csv-parser", settings=BotLibSettings | {
            "logging_level": "ERROR", "columns": ",".join(columns), "skip_header": True,
            "type": "vulnerable-system", "time_format": None})
    raise SystemExit(f"unknown parser {kind!r}: shadowserver or generic")


with open(csv_path, "rb") as handle:
    data = handle.read()
rows = data.count(b"\n") - 1
report = {"__type": "Report", "raw": base64.b64encode(data).decode(),
          "extra.file_name": "2023-04-01-scan_ssh-nl-asn64496.csv", "feed.name": "Shadowserver"}

bot = make_bot()
print(f"IntelMQ {intelmq.__version__}, {type(bot).__name__} in library mode, Python {sys.version.split()[0]}")
best = float("inf")
for _ in range(runs):
    start = time.perf_counter()
    output = bot.process_message(report)
    elapsed = time.perf_counter() - start
    events = output.get("output", [])
    errors = output.get("error", [])
    best = min(best, elapsed)
    print(f"  run: {len(events)} events, {len(errors)} errors, {elapsed:.2f} s")
    if len(events) != rows:
        raise SystemExit(f"expected {rows} events, got {len(events)} (errors: {len(errors)})")
sample = events[0].to_dict(hierarchical=False)
print(f"  first event: {json.dumps({k: sample[k] for k in sorted(sample) if k != 'raw'})[:400]}")
print(f"{kind}: {rows} rows ({len(data) / 1048576:.1f} MiB), {len(events)} events; "
      f"best of {runs}: {best:.3f} s, {int(rows / best)} rows/s")
