import Foundation
import Testing
import BailiffCore
@testable import BailiffReports

/// Shadowserver mails: AbuseIO's zipped samples from the corpus, and hand-written edge cases.
struct ShadowserverRecognizerTests {
    struct MailExpectation: Sendable, CustomTestStringConvertible {
        var path: String, type: String, events: Int, ip: String, port: Int, time: String, category: AbuseCategory
        var testDescription: String { path.split(separator: "/").last.map(String.init) ?? path }
    }

    static let notifier = "AbuseIO/extra/notifier-samples/shadowserver/"
    static let feed = "AbuseIO/branch-3.0/extra/feed-samples/shadowserver/"
    /// Checked against the zip contents unpacked with Python's zipfile and csv modules.
    static let mails: [MailExpectation] = [
        .init(path: notifier + "2015-01-01-dns_openresolver-sample-asn.csv.zip.eml", type: "dns_openresolver", events: 5, ip: "208.70.149.107", port: 53, time: "2013-10-10T00:05:10Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_ipmi-sample-asn.csv.zip.eml", type: "scan_ipmi", events: 9, ip: "199.238.169.219", port: 623, time: "2014-06-19T01:08:56Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_memcached-sample-asn.csv.zip.eml", type: "scan_memcached", events: 9, ip: "167.160.165.190", port: 11211, time: "2015-01-22T01:30:25Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_mssql-sample-asn.csv.zip.eml", type: "scan_mssql", events: 10, ip: "110.88.113.98", port: 1434, time: "2015-02-04T07:38:43Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_nat_pmp-sample-asn.csv.zip.eml", type: "scan_nat_pmp", events: 7, ip: "177.9.199.160", port: 5351, time: "2014-12-19T07:08:59Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_netbios-sample-asn.csv.zip.eml", type: "scan_netbios", events: 8, ip: "118.232.245.224", port: 137, time: "2014-03-16T00:13:19Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_ntp-sample-asn.csv.zip.eml", type: "scan_ntp", events: 9, ip: "76.22.142.205", port: 123, time: "2014-03-21T02:13:17Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_ntpmonitor-sample-asn.csv.zip.eml", type: "scan_ntpmonitor", events: 11, ip: "218.161.57.7", port: 123, time: "2014-04-12T08:43:11Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_redis-sample-asn.csv.zip.eml", type: "scan_redis", events: 13, ip: "98.126.92.5", port: 6379, time: "2015-01-19T12:10:01Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_snmp-sample-asn.csv.zip.eml", type: "scan_snmp", events: 10, ip: "129.113.21.93", port: 161, time: "2014-03-16T03:45:50Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-scan_ssdp-sample-asn.csv.zip.eml", type: "scan_ssdp", events: 9, ip: "67.193.128.173", port: 1900, time: "2014-03-16T08:14:59Z", category: .vulnerable),
        .init(path: notifier + "2015-01-01-sinkhole_http_drone-sample-asn.csv.zip.eml", type: "sinkhole_http_drone", events: 8, ip: "202.86.21.11", port: 8726, time: "2010-08-31T00:09:04Z", category: .malware),
        .init(path: notifier + "2019-01-06-scan_afp-sample-ip.csv.zip.eml", type: "scan_afp", events: 2, ip: "127.0.6.59", port: 548, time: "2019-01-16T03:42:34Z", category: .vulnerable),
        .init(path: notifier + "2019-10-15-scan_dns-sample-asn.csv.zip.eml", type: "scan_dns", events: 1, ip: "31.42.105.195", port: 53, time: "2019-10-15T01:09:24Z", category: .vulnerable),
        .init(path: notifier + "2019-10-15-scan_ftp-sample-asn.csv.zip.eml", type: "scan_ftp", events: 1, ip: "31.42.105.195", port: 21, time: "2019-10-15T00:05:18Z", category: .vulnerable),
        .init(path: notifier + "2019-10-15-scan_http-sample-asn.csv.zip.eml", type: "scan_http", events: 1, ip: "31.42.105.195", port: 8080, time: "2019-10-15T00:02:15Z", category: .vulnerable),
        .init(path: notifier + "2019-10-15-scan_ldap_tcp-sample-asn.csv.zip.eml", type: "scan_ldap_tcp", events: 1, ip: "31.42.105.195", port: 389, time: "2019-10-15T06:21:11Z", category: .vulnerable),
        .init(path: notifier + "2019-10-15-scan_rsync-sample-asn.csv.zip.eml", type: "scan_rsync", events: 1, ip: "31.42.105.195", port: 873, time: "2019-10-15T04:47:54Z", category: .vulnerable),
        .init(path: feed + "2015-01-01-compromised_website-sample-asn.csv.zip.eml", type: "compromised_website", events: 9, ip: "23.80.185.68", port: 80, time: "2014-06-16T00:16:33Z", category: .malware),
        .init(path: feed + "2015-01-01-ssl_scan-sample-asn.csv.zip.eml", type: "ssl_scan", events: 11, ip: "87.228.223.89", port: 443, time: "2014-11-16T03:13:52Z", category: .vulnerable),
        .init(path: feed + "2015-01-01-scan_ntp-sample-asn.csv.zip.eml", type: "scan_ntp", events: 9, ip: "76.22.142.205", port: 123, time: "2014-03-21T02:13:17Z", category: .vulnerable),
    ]

    @Test(.enabled(if: FeedCorpus.isAvailable), arguments: mails)
    func abuseIOMail(_ expected: MailExpectation) throws {
        let message = try feedMessage(try FeedCorpus.bytes(expected.path))
        let analysis = try #require(ShadowserverRecognizer().analyze(message, context: feedContext()))
        #expect(analysis.status == .parsed)
        #expect(analysis.format == "shadowserver")
        #expect(analysis.events.count == expected.events)
        #expect(analysis.reason == "\(expected.type): \(expected.events) event\(expected.events == 1 ? "" : "s")")
        let first = try #require(analysis.events.first)
        #expect(first.ip == IPAddress(expected.ip))
        #expect(first.port == expected.port)
        #expect(first.occurredAt == epoch(expected.time))
        #expect(analysis.events.allSatisfy { $0.category == expected.category })
    }

    /// Every Shadowserver mail of the corpus is claimed and either parsed or quarantined with a reason.
    @Test(.enabled(if: FeedCorpus.isAvailable)) func everyCorpusMailIsClaimed() throws {
        var count = 0
        for folder in ["AbuseIO/extra/notifier-samples/shadowserver", "AbuseIO/branch-3.0/extra/feed-samples/shadowserver",
                       "AbuseIO/history/extra/notifier-samples/shadowserver"] {
            for path in FeedCorpus.files(in: folder) where path.hasSuffix(".eml") {
                let analysis = try #require(ShadowserverRecognizer().analyze(try feedMessage(try FeedCorpus.bytes(path)), context: feedContext()))
                if path.contains("scan_mongodb") {
                    // AbuseIO's sample zips an empty file.
                    #expect(analysis.status == .quarantined)
                    #expect(analysis.reason == "2015-01-01-scan_mongodb-sample-asn.csv: CSV is empty (no header row)")
                } else {
                    #expect(analysis.status == .parsed, "\(path): \(analysis.reason ?? "")")
                }
                count += 1
            }
        }
        #expect(count == 34)
    }

    @Test(.enabled(if: FeedCorpus.isAvailable)) func otherCorpusMailsAreNotClaimed() throws {
        for path in ["vpsfree-cz-configuration/spec/fixtures/emails/spamcop.eml", "vpsfree-cz-configuration/spec/fixtures/emails/fail2ban.eml",
                     "AbuseIO/extra/notifier-samples/blocklistde/Blocklistde_Example_1.eml"] {
            #expect(ShadowserverRecognizer().analyze(try feedMessage(try FeedCorpus.bytes(path)), context: feedContext()) == nil)
        }
    }

    // MARK: hand-written mails

    static func mail(subject: String = "Shadowserver scan_ssh Report: 2024-01-02", from: String = "Shadowserver <autoreports@shadowserver.org>",
                     attachment name: String?, type: String = "text/csv", body: String, encoding: String = "8bit") -> String {
        guard let name else {
            return "From: \(from)\nTo: abuse@example.net\nSubject: \(subject)\nDate: Tue, 02 Jan 2024 10:00:00 +0000\nContent-Type: text/plain\n\n\(body)"
        }
        return """
        From: \(from)
        To: abuse@example.net
        Subject: \(subject)
        Date: Tue, 02 Jan 2024 10:00:00 +0000
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain

        Report attached.
        --b
        Content-Type: \(type); name="\(name)"
        Content-Disposition: attachment; filename="\(name)"
        Content-Transfer-Encoding: \(encoding)

        \(body)
        --b--

        """
    }

    static let csv = """
    "timestamp","ip","protocol","port","hostname","tag"
    "2024-01-02 03:04:05","192.0.2.10","tcp",22,,"ssh"
    "2024-01-02 03:04:06Z","2001:db8::7","tcp",2222,,"ssh"
    "2024-01-02 03:04:07","not-an-ip","tcp",22,,"ssh"
    "2024-13-02 03:04:08","192.0.2.11","tcp",22,,"ssh"
    "2024-01-02 03:04:09"
    "2024-01-02 03:04:10","","tcp",22,,"ssh"
    "2024-01-02T03:04:11+01:00","192.0.2.12","tcp",99999,,"ssh"
    """

    @Test func csvAttachmentWithBadRows() throws {
        let message = try feedMessage(Self.mail(attachment: "2024-01-02-scan_ssh-example-asn64496.csv", body: Self.csv))
        let analysis = try #require(ShadowserverRecognizer().analyze(message, context: feedContext()))
        #expect(analysis.status == .parsed)
        #expect(analysis.events.map(\.ip) == ["192.0.2.10", "2001:db8::7", "192.0.2.12"].map { IPAddress($0) })
        #expect(analysis.events.map(\.port) == [22, 2222, nil])  // 99999 is no port
        #expect(analysis.events.map(\.occurredAt) == [epoch("2024-01-02T03:04:05Z"), epoch("2024-01-02T03:04:06Z"), epoch("2024-01-02T02:04:11Z")])
        #expect(analysis.reason == """
            scan_ssh: 3 events; 4 rows skipped (line 4: invalid address "not-an-ip"; line 5: unparsable time "2024-13-02 03:04:08"; \
            line 6: only 1 fields; line 7: no address in ip)
            """)
        #expect(analysis.events[0].excerpt == "scan_ssh line 2: 192.0.2.10 port 22 protocol=tcp tag=ssh")
    }

    @Test func zippedAttachmentFromBase64() throws {
        let zipBase64 = Data(InflateAndZipTests.zip).base64EncodedString(options: .lineLength76Characters).replacingOccurrences(of: "\r\n", with: "\n")
        let message = try feedMessage(Self.mail(attachment: "2024-01-02-scan_ssh-test-asn64496.csv.zip", type: "application/zip",
                                                body: zipBase64, encoding: "base64"))
        let analysis = try #require(ShadowserverRecognizer().analyze(message, context: feedContext()))
        #expect(analysis.status == .parsed)
        #expect(analysis.events.map(\.ip) == [IPAddress("192.0.2.10"), IPAddress("2001:db8::7")])
        #expect(analysis.events.allSatisfy { $0.category == .vulnerable })
    }

    @Test func damagedZipIsQuarantined() throws {
        var damaged = InflateAndZipTests.zip
        damaged[80] ^= 0x55
        let message = try feedMessage(Self.mail(attachment: "report.csv.zip", type: "application/zip",
                                                body: Data(damaged).base64EncodedString(), encoding: "base64"))
        let analysis = try #require(ShadowserverRecognizer().analyze(message, context: feedContext()))
        #expect(analysis.status == .quarantined)
        #expect(analysis.reason?.hasPrefix("report.csv.zip: ") == true)
    }

    @Test func unknownTypeIsQuarantinedByName() throws {
        let message = try feedMessage(Self.mail(attachment: "2024-01-02-scan_brandnew-example.csv", body: Self.csv))
        let analysis = try #require(ShadowserverRecognizer().analyze(message, context: feedContext()))
        #expect(analysis == .quarantined("shadowserver",
                                         "2024-01-02-scan_brandnew-example.csv: unknown Shadowserver report type \"scan_brandnew\""))
    }

    @Test func csvBodyTakesTypeFromSubject() throws {
        let message = try feedMessage(Self.mail(subject: "[Shadowserver] event4_sinkhole_http report", attachment: nil, body: """
            "timestamp","protocol","src_ip","src_port","dst_ip","dst_port","infection"
            "2024-01-02 00:00:00","tcp","198.51.100.7",50000,"203.0.113.9",80,"necurs"

            """))
        let analysis = try #require(ShadowserverRecognizer().analyze(message, context: feedContext()))
        #expect(analysis.status == .parsed)
        #expect(analysis.events.map(\.ip) == [IPAddress("198.51.100.7")])
        #expect(analysis.events.first?.category == .malware)
        #expect(analysis.events.first?.excerpt == "event4_sinkhole_http line 2: 198.51.100.7 port 50000 protocol=tcp infection=necurs")
    }

    @Test func missingColumnsAndJunk() throws {
        #expect(ShadowserverCSV.parse(Array("\"ip\",\"port\"\n\"192.0.2.1\",22\n".utf8), typeName: "scan_ssh") == .failure(.missingColumn("timestamp")))
        #expect(ShadowserverCSV.parse(Array("timestamp,port\n2024-01-01 00:00:00,22\n".utf8), typeName: "scan_ssh") == .failure(.missingColumn("ip/src_ip")))
        #expect(ShadowserverCSV.parse([], typeName: "scan_ssh") == .failure(.empty))
        #expect(ShadowserverCSV.parse(Array("timestamp,ip\n\"open".utf8), typeName: "scan_ssh") == .failure(.syntax(line: 2, reason: "a quoted field is never closed")))
        // Junk mail from Shadowserver: quarantined, not guessed.
        let junk = try feedMessage(Self.mail(attachment: "2024-01-02-scan_ssh-x.csv", body: "\u{1}\u{2}garbage,,,\n\"x"))
        #expect(ShadowserverRecognizer().analyze(junk, context: feedContext())?.status == .quarantined)
        // A file whose rows are all unusable is quarantined rather than read as "nothing happened".
        let allBad = try feedMessage(Self.mail(attachment: "2024-01-02-scan_ssh-x.csv", body: "timestamp,ip\nyesterday,somewhere\n"))
        #expect(ShadowserverRecognizer().analyze(allBad, context: feedContext())?.status == .quarantined)
        // No attachment, no CSV: quarantined with a reason.
        let linkOnly = try feedMessage(Self.mail(attachment: nil, body: "Download at https://dl.shadowserver.org/xyz\n"))
        #expect(ShadowserverRecognizer().analyze(linkOnly, context: feedContext())?.reason?.contains("without a CSV") == true)
        // Not Shadowserver at all.
        let other = try feedMessage(Self.mail(subject: "hello", from: "someone@example.org", attachment: nil, body: "hi\n"))
        #expect(ShadowserverRecognizer().analyze(other, context: feedContext()) == nil)
    }

    @Test func hugeFilesAreBounded() throws {
        var text = "timestamp,ip,port\n"
        for i in 0..<5000 { text += "2024-01-02 03:04:05,192.0.2.\(i % 250),22\n" }
        let capped = try ShadowserverCSV.parse(Array(text.utf8), typeName: "scan_ssh", limits: .init(maxRows: 1000)).get()
        #expect(capped.events.count == 1000)
        #expect(capped.unreadRowCount == 4000)
        #expect(capped.summary == "scan_ssh: 1000 events; 4000 rows beyond the limit not read")
        #expect(ShadowserverCSV.parse(Array(text.utf8), typeName: "scan_ssh", limits: .init(maxBytes: 1000)) == .failure(.tooLarge(1000)))
        // Many bad rows: all counted, a few described.
        let bad = try ShadowserverCSV.parse(Array(("timestamp,ip\n" + String(repeating: "x,y\n", count: 100) + "2024-01-01 00:00:00,192.0.2.1\n").utf8),
                                            typeName: "scan_ssh").get()
        #expect(bad.skippedCount == 100 && bad.skipped.count == 5 && bad.events.count == 1)
    }

    @Test func providerInfrastructureIsDropped() throws {
        let message = try feedMessage(Self.mail(attachment: "2024-01-02-scan_ssh-example.csv", body: Self.csv))
        let analysis = try #require(ShadowserverRecognizer().analyze(message, context: feedContext(infrastructure: ["192.0.2.10"])))
        #expect(analysis.events.count == 2)
        #expect(analysis.reason?.hasSuffix("1 events about provider infrastructure dropped") == true)
    }

    @Test func backslashEscapedQuotesAreRepaired() throws {
        let text = "timestamp,ip,banner\n\"2024-01-02 03:04:05\",192.0.2.1,\"Basic realm=\\\"\\\"Squid\\\"\\\"\"\n\"2024-01-02 03:04:06\",192.0.2.2,\"C:\\\"\n"
        let outcome = try ShadowserverCSV.parse(Array(text.utf8), typeName: "scan_http").get()
        #expect(outcome.events.count == 2)
        #expect(BackslashQuoteRepair.repair(Array("\"a\\\"\\\"b\\\"\\\"\",x\n".utf8)) == Array("\"a\"\"b\"\"\",x\n".utf8))
    }

    @Test func reportNames() {
        #expect(ShadowserverReportName.fromFileName("2023-04-01-scan_ssh-nl-asn64496.csv") == "scan_ssh")
        #expect(ShadowserverReportName.fromFileName("2015-01-01-scan_ntp-sample-asn.csv.zip") == "scan_ntp")
        #expect(ShadowserverReportName.fromFileName("scan_chargen.short") == "scan_chargen")
        #expect(ShadowserverReportName.fromFileName("dir/event4_sinkhole.csv") == "event4_sinkhole")
        #expect(ShadowserverReportName.fromFileName("../../etc/passwd") == "passwd")
        #expect(ShadowserverReportName.fromFileName("") == nil)
        #expect(ShadowserverReportName.fromSubject("[SAMPLE] Shadowserver scan_ntp-sample Report: 2015-01-01") == "scan_ntp")
        #expect(ShadowserverReportType.named("scan6_ssh")?.category == .vulnerable)
        #expect(ShadowserverReportType.named("SCAN_SSH")?.name == "scan_ssh")
    }

    /// Random bytes and mutations of a real report: any analysis, never a trap.
    @Test func hostileCSVNeverTraps() {
        var rng = FeedRNG(seed: 11)
        let base = Array(Self.csv.utf8)
        for round in 0..<2000 {
            var bytes = base
            if round % 3 == 0 {
                bytes = (0..<Int(rng.next() % 400)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                for _ in 0..<1 + Int(rng.next() % 6) {
                    let index = Int(rng.next() % UInt64(bytes.count))
                    bytes[index] = [UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\\"), 0xFF, 0][Int(rng.next() % 6)]
                }
            }
            switch ShadowserverCSV.parse(bytes, typeName: "scan_ssh") {
            case .success(let outcome): #expect(outcome.events.count + outcome.skippedCount + outcome.unreadRowCount == outcome.dataRowCount)
            case .failure: break
            }
        }
    }
}
