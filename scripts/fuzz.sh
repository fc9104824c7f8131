#!/usr/bin/env bash
# Coverage-guided fuzzing of BailiffCore's parsers with libFuzzer.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]   (default 60 s, every target)
# Seeds come from examples/ and a few hand-written inputs; crashes land in .build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
seconds=${1:-60}; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(address prefix timestamp csv json inventory-csv inventory-json mime lmtp report gzip zip url-host report-time dsn smtp-reply notice-template flow-datagram tor-directory torrc dns-response)

swift build -c release --product BailiffFuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -E "error|Build" || true
[ -x .build-fuzz/release/BailiffFuzz ] || { echo "the fuzz build failed"; exit 1; }
binary=.build-fuzz/release/BailiffFuzz
mkdir -p .build-fuzz/crashes

for target in "${targets[@]}"; do
  corpus=.build-fuzz/corpus/$target
  mkdir -p "$corpus"
  case $target in
    address) printf '192.0.2.1' >"$corpus/a"; printf '2001:db8::1' >"$corpus/b"; printf '::ffff:192.0.2.1' >"$corpus/c" ;;
    prefix) printf '192.0.2.0/24' >"$corpus/a"; printf '2001:db8::/32' >"$corpus/b" ;;
    timestamp) printf '2024-03-01T12:00:00+02:00' >"$corpus/a"; printf '2024-02-29' >"$corpus/b" ;;
    csv|inventory-csv) cp examples/inventory.csv examples/inventory-snapshot.csv "$corpus/" ;;
    json|inventory-json) cp examples/inventory.json "$corpus/" ;;
    mime) for f in Tests/BailiffReportsTests/Fixtures/*.eml; do [ -f "$f" ] && cp "$f" "$corpus/"; done
          printf 'From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\nSubject: =?utf-8?B?w6k=?=\r\n\r\nhi\r\n--x--\r\n' >"$corpus/seed.eml" ;;
    report) printf 'From: fbl@x.example\r\nSubject: complaint\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n--b\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nSource-IP: 192.0.2.1\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nReceived: from a (a [198.51.100.2]) by b; Mon, 02 Jun 2025 10:00:00 +0000\r\n\r\nx\r\n--b--\r\n' >"$corpus/arf.eml"
            printf 'From: a@b.example\r\nSubject: ssh brute force\r\n\r\n2025-06-01 12:00:00 198.51.100.23 failed password\r\n' >"$corpus/free.eml" ;;
    gzip) printf 'a line of a report\n' | gzip -c >"$corpus/a.gz"; printf '' | gzip -c >"$corpus/empty.gz" ;;
    zip) command -v python3 >/dev/null && python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED); z.writestr("r.csv","ip,time\n192.0.2.1,2024-01-01\n"); z.writestr("s.txt","stored"); z.close()' "$corpus/a.zip" || true ;;
    url-host) printf 'hxxps://user@Evil[.]example.com:8443/x?y' >"$corpus/a"; printf 'http://[2001:db8::1]:80/' >"$corpus/b" ;;
    report-time) printf 'seen 2015-09-14 07:49:54 CEST' >"$corpus/a"; printf '[19/Apr/2026:03:09:22 +0200]' >"$corpus/b" ;;
    dsn) printf 'From: MAILER-DAEMON@x.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=d\r\n\r\n--d\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--d--\r\n' >"$corpus/a.eml" ;;
    smtp-reply) printf '220 mx ESMTP\r\n250-mx\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n550 5.1.1 no\r\n' >"$corpus/a" ;;
    flow-datagram) printf '\x00\x05\x00\x01\x00\x00\x00\x64\x68\x3c\x4b\x40\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xcb\x00\x71\x0a\x64\x40\x01\x01\x00\x00\x00\x00\x00\x01\x00\x02\x00\x00\x00\x03\x00\x00\x00\xb4\x00\x00\x00\x10\x00\x00\x00\x50\x9c\x40\x00\x16\x00\x02\x06\x00\x00\x00\x00\x00\x18\x18\x00\x00' >"$corpus/v5"
                   # Real v9 and IPFIX datagrams (templates and data) from softflowd, when it is installed.
                   if command -v softflowd >/dev/null 2>&1; then
                     python3 scripts/flow-pcaps.py .build-fuzz/pcap >/dev/null
                     for version in 9 10; do
                       python3 scripts/udp-capture.py 127.0.0.1:39$((90 + version)) .build-fuzz/export$version 1 >/dev/null &
                       sleep 0.5
                       softflowd -a -6 -r .build-fuzz/pcap/all.pcap -n 127.0.0.1:39$((90 + version)) -v $version -d >/dev/null 2>&1 || true
                       wait
                       python3 -c 'import struct,sys
d=open(sys.argv[1],"rb").read(); i=n=0
while i < len(d) and n < 8:
    k=struct.unpack("!I",d[i:i+4])[0]; open("%s/%s-%d" % (sys.argv[2], sys.argv[3], n),"wb").write(bytes([0])+d[i+4:i+4+k]); i+=4+k; n+=1' .build-fuzz/export$version "$corpus" v$version
                     done
                   fi ;;
    tor-directory) printf 'network-status-version 3\nr a AAAA BBBB 2026-01-01 00:00:00 203.0.113.5 9001 0\na [2001:db8::5]:9001\np accept 80\n' >"$corpus/ns"
                   printf 'ExitNode AB\nExitAddress 192.0.2.7 2026-01-01 00:00:00\n' >"$corpus/list"
                   printf 'onion-key\n-----BEGIN RSA PUBLIC KEY-----\nAA\n-----END RSA PUBLIC KEY-----\np6 accept 1-65535\n' >"$corpus/md" ;;
    dns-response) printf '\xbe\xef\x81\x80\x00\x01\x00\x02\x00\x00\x00\x00\x02\x31\x31\x01\x32\x01\x30\x03\x31\x39\x32\x02\x62\x6c\x00\x00\x01\x00\x01\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\x7f\x00\x00\x04\xc0\x0c\x00\x10\x00\x01\x00\x00\x0e\x10\x00\x06\x05hello' >"$corpus/a" ;;
    torrc) printf 'ORPort 9001\nExitPolicy reject6 *:*, reject *:*\n' >"$corpus/a"; printf 'ORPort 9001\nIPv6Exit 1\nExitPolicy accept [2001:db8::]/32:80\n' >"$corpus/b" ;;
    notice-template) printf 'Subject: {{a}} x\n\nHello {{b}}\n{{#evidence}}\n> {{evidence}}\n{{/evidence}}\n{{^a}}none{{/a}}\n' >"$corpus/a" ;;
    lmtp) printf 'LHLO a\r\nMAIL FROM:<>\r\nRCPT TO:<abuse@p.example>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\n.\r\nQUIT\r\n' >"$corpus/seed" ;;
  esac
  echo "::: fuzzing $target for ${seconds}s"
  FUZZ_TARGET=$target "$binary" "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 \
    -artifact_prefix=.build-fuzz/crashes/"$target"- -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY)" || true
  if ls .build-fuzz/crashes/"$target"-* >/dev/null 2>&1; then
    echo "fuzzing $target found a crash: $(ls .build-fuzz/crashes/"$target"-*)"; exit 1
  fi
done
echo "fuzzing passed"
