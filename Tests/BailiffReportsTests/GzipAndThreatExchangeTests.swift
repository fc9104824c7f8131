import BailiffCore
import Foundation
import Testing
@testable import BailiffReports

@Suite struct GzipTests {
    /// `{"status":"MALICIOUS"}\n` three times, written by Python's gzip with the FNAME field set.
    static let named: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x08, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0x72, 0x65, 0x70, 0x6f, 0x72, 0x74, 0x2e, 0x6a, 0x73, 0x6f, 0x6e, 0x00,
        0xab, 0x56, 0x2a, 0x2e, 0x49, 0x2c, 0x29, 0x2d, 0x56, 0xb2, 0x52, 0xf2, 0x75, 0xf4, 0xf1, 0x74, 0xf6, 0xf4, 0x0f, 0x0d, 0x56, 0xaa,
        0xe5, 0xaa, 0x26, 0x49, 0x18, 0x00, 0xc3, 0x40, 0x5c, 0x0f, 0x45, 0x00, 0x00, 0x00,
    ]
    /// Two members, "first," and "second".
    static let twoMembers: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xcb, 0x2c, 0x2a, 0x2e, 0xd1, 0x01, 0x00, 0xd7, 0x36, 0x47, 0x15,
        0x06, 0x00, 0x00, 0x00, 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2b, 0x4e, 0x4d, 0xce, 0xcf, 0x4b, 0x01, 0x00,
        0x69, 0x11, 0x1f, 0xb6, 0x06, 0x00, 0x00, 0x00,
    ]

    @Test func readsNamedAndConcatenatedMembers() throws {
        #expect(try Gzip.decompress(Self.named, maxOutput: 1_000) == Array(String(repeating: "{\"status\":\"MALICIOUS\"}\n", count: 3).utf8))
        #expect(try Gzip.decompress(Self.twoMembers, maxOutput: 1_000) == Array("first,second".utf8))
        #expect(try Gzip.decompress(Self.named + [0, 0, 0, 0], maxOutput: 1_000).count == 69)  // zero padding after the end
    }

    @Test func refusesDamageWithAReason() {
        var badChecksum = Self.named
        badChecksum[badChecksum.count - 8] ^= 0xFF
        #expect(throws: Gzip.Failure.checksumMismatch) { try Gzip.decompress(badChecksum, maxOutput: 1_000) }
        var badLength = Self.named
        badLength[badLength.count - 4] ^= 0x01
        #expect(throws: Gzip.Failure.lengthMismatch) { try Gzip.decompress(badLength, maxOutput: 1_000) }
        #expect(throws: Gzip.Failure.truncated) { try Gzip.decompress(Array(Self.named.dropLast(3)), maxOutput: 1_000) }
        #expect(throws: Gzip.Failure.notGzip) { try Gzip.decompress(Array("plain text, not gzip".utf8), maxOutput: 1_000) }
        var method = Self.named
        method[2] = 7
        #expect(throws: Gzip.Failure.unsupportedMethod(7)) { try Gzip.decompress(method, maxOutput: 1_000) }
        #expect(throws: Gzip.Failure.inflate(.outputLimitExceeded(10))) { try Gzip.decompress(Self.named, maxOutput: 10) }
        // Every prefix fails cleanly, never traps.
        for length in 0..<Self.twoMembers.count { _ = try? Gzip.decompress(Array(Self.twoMembers.prefix(length)), maxOutput: 100) }
    }
}

@Suite struct ReportTimeTests {
    @Test func readsTheFormsFeedsWrite() {
        #expect(ReportTime.parse("2018-07-09T21:00:54+0000") == Timestamp.parse("2018-07-09T21:00:54Z"))
        #expect(ReportTime.parse("2018-07-09T21:00:54-0130") == Timestamp.parse("2018-07-09T22:30:54Z"))
        #expect(ReportTime.parse("2018-07-09 21:00:54") == Timestamp.parse("2018-07-09T21:00:54Z"))
        #expect(ReportTime.parse(" 2018-07-09T21:00:54.250+02:00 ") == Timestamp.parse("2018-07-09T19:00:54Z"))
        #expect(ReportTime.parse("Mon, 9 Jul 2018 23:00:54 +0200") == Timestamp.parse("2018-07-09T21:00:54Z"))
        #expect(ReportTime.parse("yesterday") == nil)
        #expect(ReportTime.parse("2018-13-09T21:00:54+0000") == nil)
    }

    @Test func fallsBackAndSaysSo() {
        #expect(ReportTime.resolve(stated: 100, messageDate: 50, receivedAt: 200) == (100, .report))
        #expect(ReportTime.resolve(stated: nil, messageDate: 50, receivedAt: 200) == (50, .messageDate))
        #expect(ReportTime.resolve(stated: nil, messageDate: nil, receivedAt: 200) == (200, .arrival))
        // A reporter's clock far in the future is capped a day after arrival.
        #expect(ReportTime.resolve(stated: 10_000_000, messageDate: nil, receivedAt: 200) == (200 + 86_400, .report))
    }
}

@Suite struct ThreatExchangeRecognizerTests {
    static func mail(attachment: [UInt8], name: String = "report.json.gz", subject: String = "AITE Notification") -> [UInt8] {
        let base64 = Data(attachment).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Array("""
            From: notifications@aite.example\r
            To: abuse@provider.example\r
            Subject: \(subject)\r
            Date: Tue, 10 Jul 2018 06:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            This is an AITE notification, the report is attached as a GZipped JSON file.\r
            --b\r
            Content-Type: application/octet-stream; name="\(name)"\r
            Content-Transfer-Encoding: base64\r
            Content-Disposition: attachment; filename=\(name)\r
            \r
            \(base64)\r
            --b--\r

            """.utf8)
    }

    @Test func readsEachMaliciousIndicatorOfAnArray() throws {
        let json = """
            [{"status":"MALICIOUS","type":"URI","description":"Bank login","added_on":"2018-07-09T21:00:54+0000",
              "indicator":{"indicator":"http://login.bank.example.net/x","type":"URI"},
              "owner":{"name":"PhishFeed","email":"feed@te.example"},"enrichments":{"domain_address":"198.51.100.20"}},
             {"status":"NON_MALICIOUS","indicator":{"indicator":"http://fine.example.org/","type":"URI"}},
             {"status":"MALICIOUS","description":"port scanner","indicator":{"indicator":"203.0.113.9","type":"IP_ADDRESS"}},
             {"status":"MALICIOUS","indicator":{"indicator":"http://dropper.example.com/a.exe","type":"URI"}}]
            """
        // The JSON as a plain (not gzipped) attachment named .json.
        let analysis = ReportAnalyzer().analyze(Self.mail(attachment: Array(json.utf8), name: "report.json"), context: AnalysisContext(receivedAt: 1_531_300_000))
        #expect(analysis.status == .parsed && analysis.format == "threatexchange")
        #expect(analysis.events.map(\.category) == [.phishing, .scanning, .malware])
        #expect(analysis.events.map { $0.ip?.description } == ["198.51.100.20", "203.0.113.9", nil])
        #expect(analysis.events[0].url == "http://login.bank.example.net/x")
        #expect(analysis.events[0].occurredAt == Timestamp.parse("2018-07-09T21:00:54Z"))
        #expect(analysis.events[0].reporter == "PhishFeed <feed@te.example>")
        // No time in the indicator: the message Date, and it says so.
        #expect(analysis.events[1].timeSource == .messageDate)
        #expect(analysis.events[2].url == "http://dropper.example.com/a.exe")
    }

    @Test func aBrokenGzipIsQuarantinedWithItsReason() {
        var broken = GzipTests.named
        broken[broken.count - 6] ^= 0xFF
        let analysis = ReportAnalyzer().analyze(Self.mail(attachment: broken), context: AnalysisContext(receivedAt: 1_531_300_000))
        #expect(analysis.status == .quarantined && analysis.format == "threatexchange")
        #expect(analysis.reason?.contains("report.json.gz: gzip data fails its CRC-32 check") == true, "\(analysis.reason ?? "")")
    }

    @Test func providerInfrastructureIsNeverAnEvent() {
        let json = #"{"status":"MALICIOUS","indicator":{"indicator":"192.0.2.25","type":"IP_ADDRESS"}}"#
        let context = AnalysisContext(receivedAt: 1_531_300_000, isProviderInfrastructure: { $0.description == "192.0.2.25" })
        let analysis = ReportAnalyzer().analyze(Self.mail(attachment: Array(json.utf8), name: "report.json"), context: context)
        #expect(analysis.status == .quarantined)
        #expect(analysis.events.isEmpty)
    }
}

@Suite struct AddressScannerPrefixTests {
    @Test func networksInPrefixNotationAreNotHosts() {
        #expect(AddressScanner.addresses(in: "abuse to our block 10.44.0.0/24 from 198.51.100.7.") == [IPAddress("198.51.100.7")!])
        #expect(AddressScanner.addresses(in: "target 2001:db8::/32, source 2001:db8:1::5") == [IPAddress("2001:db8:1::5")!])
        // A URL path after an address is not a prefix length.
        #expect(AddressScanner.addresses(in: "http://203.0.113.5/24abc and http://203.0.113.6/admin") == [IPAddress("203.0.113.5")!, IPAddress("203.0.113.6")!])
    }
}
