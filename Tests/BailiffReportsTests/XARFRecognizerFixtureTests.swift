import BailiffCore
import Foundation
import Testing

@testable import BailiffReports

/// Hand-written XARF JSON fixtures for the edge cases the corpus lacks: IPv6 sources, junk and
/// non-XARF JSON, mails that announce XARF but carry broken JSON, provider infrastructure,
/// and hostile input that must never trap.
@Suite("XARF JSON fixtures")
struct XARFRecognizerFixtureTests {
    static let context = AnalysisContext(receivedAt: 1_700_000_000)

    /// A minimal valid abusix v3 LoginAttack report; `source` is spliced in as written.
    static func loginAttack(source: String = "\"198.51.100.7\"", extra: String = "") -> String {
        """
        {
          "Version": "3",
          "ReporterInfo": {"ReporterOrg": "Honeypot Net", "ReporterOrgDomain": "honeypot.example", "ReporterOrgEmail": "abuse@honeypot.example"},
          "Disclosure": true,
          "Report": {
            "ReportClass": "Activity", "ReportType": "LoginAttack",
            "Date": "2024-05-01T10:00:00+02:00",
            "SourceIp": \(source), "SourcePort": 443\(extra)
          }
        }
        """
    }

    static func analyze(_ json: String, context: AnalysisContext = context) -> ReportAnalysis {
        XARFRecognizer.analyze(json: Array(json.utf8), context: context)
    }

    @Test("an IPv6 source is read and shown in brackets with its port")
    func ipv6Source() throws {
        let analysis = Self.analyze(Self.loginAttack(source: "\"2001:DB8:0:0::a\""))
        #expect(analysis.status == .parsed, "\(analysis.reason ?? "")")
        let event = try #require(analysis.events.first)
        #expect(event.ip == IPAddress("2001:db8::a"))
        #expect(event.ip?.family == .v6)
        #expect(event.port == 443)
        #expect(event.category == .intrusion)
        #expect(event.occurredAt == Timestamp.parse("2024-05-01T08:00:00Z"))
        #expect(event.excerpt?.contains("[2001:db8::a]:443") == true)
    }

    @Test("an IPv4-mapped IPv6 source counts as the IPv4 address")
    func mappedSource() throws {
        let event = try #require(Self.analyze(Self.loginAttack(source: "\"::ffff:198.51.100.9\"")).events.first)
        #expect(event.ip == IPAddress("198.51.100.9"))
    }

    @Test("addresses the strict parser refuses are defects, not guesses", arguments: ["\"010.1.1.1\"", "\"127.1\"", "\"1.2.3.4/24\"", "\"\"", "7"])
    func strictAddresses(source: String) {
        let analysis = Self.analyze(Self.loginAttack(source: source))
        #expect(analysis.status == .quarantined)
        #expect(analysis.reason?.contains("Report.SourceIp") == true, "\(analysis.reason ?? "")")
        #expect(analysis.reason?.contains("(line 8)") == true, "the defect names its line: \(analysis.reason ?? "")")
    }

    @Test("junk is not JSON, and the reason names line and column")
    func junk() {
        let analysis = Self.analyze("{\n  \"Version\": \"3\",\n  oops\n}")
        #expect(analysis.status == .quarantined)
        #expect(analysis.format == "xarf")
        #expect(analysis.reason?.hasPrefix("not JSON: line 3, column 3") == true, "\(analysis.reason ?? "")")
        for junk in ["", "   ", "\u{0}\u{1}\u{2}", "[1,2", "{\"a\":", "nul", "\"unterminated", String(repeating: "[", count: 10_000)] {
            #expect(Self.analyze(junk).status == .quarantined, "\(junk.prefix(20))")
        }
    }

    @Test("JSON that is not XARF says so")
    func notXARF() {
        #expect(Self.analyze("[1, 2, 3]").reason == "not an XARF report: the JSON text is an array, not an object")
        #expect(Self.analyze("{\"hello\": \"world\"}").reason?.hasPrefix("not an XARF report") == true)
    }

    @Test("a report without Version is read as XARF alpha, and says so")
    func noVersion() {
        let json = Self.loginAttack().replacingOccurrences(of: "\"Version\": \"3\",", with: "")
        let analysis = Self.analyze(json)
        #expect(analysis.status == .parsed)
        #expect(analysis.reason?.contains("read as XARF alpha") == true)
    }

    @Test("a missing Report.Date is a defect: the schemas require it")
    func missingDate() {
        let json = Self.loginAttack().replacingOccurrences(of: "\"Date\": \"2024-05-01T10:00:00+02:00\",", with: "")
        #expect(Self.analyze(json).reason == "missing Report.Date")
    }

    @Test("several defects are all named, capped")
    func manyDefects() {
        let analysis = Self.analyze("""
            {"Version": "3", "ReporterInfo": {"ReporterOrg": 1}, "Report": {"ReportClass": "Activity", "ReportType": "Spam",
             "Date": "yesterday", "SourceIp": "x", "SourcePort": -1, "DestinationIp": "y", "ByteCount": "z",
             "PacketCount": "z", "Ongoing": "yes", "ASN": 0, "Custom": {"a": [1]}}}
            """)
        #expect(analysis.status == .quarantined)
        let reason = analysis.reason ?? ""
        #expect(reason.contains("ReporterInfo.ReporterOrg must be a string"))
        #expect(reason.contains("Report.Date is not an RFC 3339 date-time: 'yesterday'"))
        #expect(reason.contains("Report.SourceIp is not an IP address: 'x'"))
        #expect(reason.hasSuffix("more"), "the list is capped: \(reason)")
    }

    @Test("XARF v4 defects: category, type, source_identifier, contact")
    func v4Defects() {
        let v4 = """
            {"xarf_version": "4.0.0", "report_id": "550e8400-e29b-41d4-a716-446655440000", "timestamp": "2025-01-01T00:00:00Z",
             "reporter": {"org": "R", "contact": "r@r.example", "domain": "r.example"},
             "sender": {"org": "S", "contact": "not-mail", "domain": "s.example", "phone": "1"},
             "source_identifier": "bad value!", "category": "connection", "type": "spam", "source_port": 0}
            """
        let reason = Self.analyze(v4).reason ?? ""
        #expect(reason.contains("sender.phone is not an allowed member"))
        #expect(reason.contains("sender.contact is not an e-mail address"))
        #expect(reason.contains("type 'spam' is not a connection type"))
        #expect(reason.contains("source_identifier is neither an IP address nor a domain"))
        #expect(reason.contains("source_port 0 is not a port (1–65535)"))
    }

    @Test("a v4 report about a domain has no IP but the URL")
    func v4Domain() throws {
        let v4 = """
            {"xarf_version": "4.1.0", "report_id": "550e8400-e29b-41d4-a716-446655440000", "timestamp": "2025-01-01T00:00:00Z",
             "reporter": {"org": "R", "contact": "r@r.example", "domain": "r.example"},
             "sender": {"org": "R", "contact": "r@r.example", "domain": "r.example"},
             "source_identifier": "phish.example.net", "class": "content", "type": "phishing"}
            """
        let analysis = Self.analyze(v4)
        let event = try #require(analysis.events.first, "\(analysis.reason ?? "")")
        #expect(event.ip == nil)
        #expect(event.url == "phish.example.net")
        #expect(event.category == .phishing)
        #expect(event.reporter == "R")
        #expect(analysis.reason?.contains("'class' read as 'category'") == true)
    }

    @Test("the provider's own infrastructure never becomes an event")
    func infrastructure() {
        let context = AnalysisContext(receivedAt: 0, isProviderInfrastructure: { $0 == IPAddress("198.51.100.7") })
        let analysis = Self.analyze(Self.loginAttack(), context: context)
        #expect(analysis.status == .quarantined)
        #expect(analysis.events.isEmpty)
        #expect(analysis.reason?.contains("provider's own infrastructure") == true)
    }

    // MARK: In mails

    static func mail(json: String, type: String = "application/json; name=\"report.json\"", feedbackType: String? = nil, date: Bool = true) -> MIMEMessage {
        var text = "From: reports@honeypot.example\nTo: abuse@example.net\nSubject: report\n"
        if date { text += "Date: Wed, 01 May 2024 12:00:00 +0000\n" }
        text += "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nSee attached.\n"
        if let feedbackType { text += "--b\nContent-Type: message/feedback-report\n\nFeedback-Type: \(feedbackType)\nVersion: 1\n" }
        text += "--b\nContent-Type: \(type)\n\n\(json)\n--b--\n"
        return try! MIMEParser.parse(text).get()
    }

    @Test("a JSON attachment of a mail is found and read")
    func inMail() throws {
        let analysis = try #require(XARFRecognizer().analyze(Self.mail(json: Self.loginAttack()), context: Self.context))
        #expect(analysis.status == .parsed)
        #expect(analysis.events.first?.ip == IPAddress("198.51.100.7"))
    }

    @Test("a mail whose whole body is XARF JSON is read")
    func wholeBody() throws {
        let text = "From: a@b.example\nSubject: xarf\nContent-Type: text/plain\n\n" + Self.loginAttack()
        let message = try MIMEParser.parse(text).get()
        let analysis = try #require(XARFRecognizer().analyze(message, context: Self.context))
        #expect(analysis.status == .parsed)
    }

    @Test("non-XARF JSON in a mail is not this recogniser's business")
    func foreignJSON() {
        #expect(XARFRecognizer().analyze(Self.mail(json: "{\"status\": \"ok\"}"), context: Self.context) == nil)
        #expect(XARFRecognizer().analyze(Self.mail(json: "not json at all"), context: Self.context) == nil)
    }

    @Test("a mail announcing XARF with broken JSON is quarantined, naming the line")
    func announcedButBroken() throws {
        let message = Self.mail(json: "{\n\"Version\": \"3\",\n,}", feedbackType: "xarf")
        let analysis = try #require(XARFRecognizer().analyze(message, context: Self.context))
        #expect(analysis.status == .quarantined)
        #expect(analysis.reason?.contains("is not JSON: line 3") == true, "\(analysis.reason ?? "")")
    }

    @Test("hostile input never traps", arguments: [1, 2, 3, 4])
    func fuzz(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let base = Array(Self.loginAttack(source: "\"2001:db8::1\"", extra: ", \"Samples\": [{\"ContentType\": \"text/plain\", \"Payload\": \"x\"}]").utf8)
        let alphabet = Array("{}[]\":,0123456789-.eE \\u\n\tnulltruefalse\u{FF}".utf8)
        for _ in 0..<500 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            let analysis = XARFRecognizer.analyze(json: bytes, context: Self.context)
            #expect(analysis.status == .parsed || analysis.reason != nil)
        }
    }
}
