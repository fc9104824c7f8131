import BailiffCore
import Foundation
import Testing

@testable import BailiffReports

/// Hand-written X-ARF mails and YAML reports: time fallbacks, required fields, the YAML subset,
/// category mapping and hostile input.
@Suite("X-ARF mail fixtures")
struct XARFMailRecognizerFixtureTests {
    static let context = AnalysisContext(receivedAt: 1_700_000_000)

    static let report = """
        Reported-From: abuse@blocker.example
        Category: abuse
        Report-Type: login-attack
        Service: ssh
        Version: 0.2
        User-Agent: blocker 1.0
        Date: Thu, 05 Jan 2012 13:46:58 +0100
        Source-Type: ip-address
        Source: 203.0.113.5
        Port: 22
        Report-ID: 42@blocker.example
        Schema-URL: http://www.x-arf.org/schema/abuse_login-attack_0.1.1.json
        Attachment: text/plain
        """

    static func mail(report: String, header: Bool = true, date: String? = "Thu, 05 Jan 2012 14:00:00 +0100") -> MIMEMessage {
        var text = "From: abuse@blocker.example\nTo: abuse@example.net\nSubject: abuse report about 203.0.113.5\n"
        if let date { text += "Date: \(date)\n" }
        if header { text += "X-ARF: YES\n" }
        text += """
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="x"

            --x
            Content-Type: text/plain; charset=utf-8

            Dear abuse team, see the report.
            --x
            Content-Type: text/plain; charset=utf-8; name="report.txt"

            \(report)
            --x
            Content-Type: text/plain; charset=utf-8; name="logfile.log"

            Jan  5 13:46:58 host sshd[1]: Failed password for root from 203.0.113.5
            --x--

            """
        return try! MIMEParser.parse(text).get()
    }

    static func analyze(_ message: MIMEMessage) -> ReportAnalysis? { XARFMailRecognizer().analyze(message, context: context) }

    @Test("a complete X-ARF 0.2 mail")
    func complete() throws {
        let analysis = try #require(Self.analyze(Self.mail(report: Self.report)))
        #expect(analysis.status == .parsed, "\(analysis.reason ?? "")")
        #expect(analysis.reason == nil)
        let event = try #require(analysis.events.first)
        #expect(event.ip == IPAddress("203.0.113.5"))
        #expect(event.port == 22)
        #expect(event.category == .intrusion)
        #expect(event.occurredAt == Timestamp.parse("2012-01-05T12:46:58Z"))
        #expect(event.timeSource == .report)
        #expect(event.reporter == "abuse@blocker.example")
        #expect(event.excerpt?.contains("Failed password") == true)
        #expect(event.excerpt?.contains("(service ssh)") == true)
    }

    @Test("no Date in the report: the mail's Date, and the event says so")
    func dateFromMessage() throws {
        let report = Self.report.replacingOccurrences(of: "Date: Thu, 05 Jan 2012 13:46:58 +0100\n", with: "")
        let analysis = try #require(Self.analyze(Self.mail(report: report)))
        let event = try #require(analysis.events.first)
        #expect(event.timeSource == .messageDate)
        #expect(event.occurredAt == Timestamp.parse("2012-01-05T13:00:00Z"))
        #expect(analysis.reason?.contains("used the mail's Date header") == true)
    }

    @Test("no Date anywhere: the arrival time, and the event says so")
    func dateFromArrival() throws {
        let report = Self.report.replacingOccurrences(of: "Date: Thu, 05 Jan 2012 13:46:58 +0100\n", with: "")
        let analysis = try #require(Self.analyze(Self.mail(report: report, date: nil)))
        let event = try #require(analysis.events.first)
        #expect(event.timeSource == .arrival)
        #expect(event.occurredAt == Self.context.receivedAt)
        #expect(analysis.reason?.contains("used the arrival time") == true)
    }

    @Test("a Date that is no date is a defect, not a fallback")
    func badDate() throws {
        let report = Self.report.replacingOccurrences(of: "Thu, 05 Jan 2012 13:46:58 +0100", with: "last Tuesday")
        let analysis = try #require(Self.analyze(Self.mail(report: report)))
        #expect(analysis.status == .quarantined)
        #expect(analysis.reason == "Date is not a date: 'last Tuesday' (line 7)")
    }

    @Test("required fields and bad values are named", arguments: [
        ("Source: 203.0.113.5", "Source: 999.0.113.5", "Source is not an IP address (Source-Type ip-address): '999.0.113.5'"),
        ("Source: 203.0.113.5", "Source:", "Source is empty"),
        ("Reported-From: abuse@blocker.example\n", "", "missing Reported-From"),
        ("Category: abuse", "Category: weird", "Category is not an X-ARF category"),
        ("Report-Type: login-attack", "Report-Type: teleportation", "Report-Type is not an X-ARF report type this reader maps: 'teleportation'"),
        ("Port: 22", "Port: 70000", "Port is not a port (0–65535): '70000'"),
        ("Version: 0.2", "Version: 7", "Version is not an X-ARF version"),
        ("Reported-From: abuse@blocker.example", "Reported-From: nobody", "Reported-From is not an e-mail address"),
        ("Service: ssh", "Service ssh", "line 4 is not 'Key: value'"),
        ("Service: ssh", "Service: ssh\nService: ftp", "repeats Service (first on line 4)"),
        ("Service: ssh", "Service: [ssh, ftp]", "YAML structure X-ARF does not use"),
    ])
    func defects(original: String, replacement: String, expected: String) throws {
        let analysis = try #require(Self.analyze(Self.mail(report: Self.report.replacingOccurrences(of: original, with: replacement))))
        #expect(analysis.status == .quarantined)
        #expect(analysis.reason?.contains(expected) == true, "expected '\(expected)' in: \(analysis.reason ?? "")")
    }

    @Test("category and type map through the table; an unknown malware type falls back to the category")
    func mapping() throws {
        func category(_ kind: String, _ type: String) -> AbuseCategory? {
            let report = Self.report.replacingOccurrences(of: "Category: abuse", with: "Category: \(kind)")
                .replacingOccurrences(of: "Report-Type: login-attack", with: "Report-Type: \(type)")
            return XARFMailRecognizer.analyze(reportText: report, messageDate: nil, context: Self.context).events.first?.category
        }
        #expect(category("abuse", "PortScan") == .scanning)
        #expect(category("abuse", "ddos") == .networkAttack)
        #expect(category("fraud", "phishing") == .phishing)
        #expect(category("malware", "dropper-of-doom") == .malware)
        #expect(category("info", "open-proxy") == .openProxy)
        #expect(category("info", "whatever") == nil)
    }

    @Test("quoted values, comments, folding and a URL source")
    func yamlSubset() throws {
        let report = """
            ---
            # generated
            Reported-From: "Abuse Desk <abuse@blocker.example>"
            Category: 'fraud'
            Report-Type: phishing   # a comment
            Report-ID: 'it''s 1'
            Source-Type: uri
            Source: http://phish.example.net/login?session=1
            Service: web
              login form
            Date: 2012-01-05T13:46:58+01:00
            """
        let analysis = XARFMailRecognizer.analyze(reportText: report, messageDate: nil, context: Self.context)
        let event = try #require(analysis.events.first, "\(analysis.reason ?? "")")
        #expect(event.url == "http://phish.example.net/login?session=1")
        #expect(event.ip == nil)
        #expect(event.category == .phishing)
        #expect(event.reporter == "abuse@blocker.example")
        let parsed = try XARFYAMLReport.parse(report).get()
        #expect(parsed.field("report-id")?.value == "it's 1")
        #expect(parsed.field("Service")?.value == "web login form")
        #expect(parsed.field("Report-Type")?.value == "phishing")
    }

    @Test("X-ARF: YES without a report part is quarantined; unmarked mails without one are ignored")
    func missingReportPart() throws {
        let text = "From: a@b.example\nSubject: x\nX-ARF: yes\nContent-Type: text/plain\n\nJust text.\n"
        let analysis = try #require(XARFMailRecognizer().analyze(try MIMEParser.parse(text).get(), context: Self.context))
        #expect(analysis.status == .quarantined)
        #expect(analysis.reason?.contains("no text/plain report part") == true)
        let plain = "From: a@b.example\nSubject: x\nContent-Type: text/plain\n\nReported-From: a@b.example\nCategory: abuse\n"
        #expect(XARFMailRecognizer().analyze(try MIMEParser.parse(plain).get(), context: Self.context) == nil)
    }

    @Test("an unmarked mail is claimed only by a report.txt that reads like X-ARF")
    func unmarked() throws {
        let analysis = try #require(Self.analyze(Self.mail(report: Self.report, header: false)))
        #expect(analysis.status == .parsed)
        #expect(analysis.reason?.contains("no X-ARF: YES header") == true)
        #expect(Self.analyze(Self.mail(report: "Hello: world", header: false)) == nil)
    }

    @Test("the provider's own infrastructure never becomes an event")
    func infrastructure() {
        let context = AnalysisContext(receivedAt: 0, isProviderInfrastructure: { $0 == IPAddress("203.0.113.5") })
        let analysis = XARFMailRecognizer.analyze(reportText: Self.report, messageDate: nil, context: context)
        #expect(analysis.status == .quarantined)
        #expect(analysis.events.isEmpty)
    }

    @Test("hostile report text never traps", arguments: [11, 12, 13])
    func fuzz(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let base = Array(Self.report.utf8)
        let alphabet = Array(":'\"\\#-\n \t[{|>abc0123456789\u{7F}".utf8)
        for _ in 0..<500 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                if Bool.random(using: &generator) { bytes[position] = alphabet.randomElement(using: &generator)! } else {
                    bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
                }
            }
            let analysis = XARFMailRecognizer.analyze(reportText: String(decoding: bytes, as: UTF8.self), messageDate: nil, context: Self.context)
            #expect(analysis.status == .parsed || analysis.reason != nil)
        }
        let huge = String(repeating: "Key: value\n", count: 5_000)
        #expect(XARFMailRecognizer.analyze(reportText: huge, messageDate: nil, context: Self.context).status == .quarantined)
    }
}
