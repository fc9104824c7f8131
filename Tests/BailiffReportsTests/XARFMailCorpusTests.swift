import BailiffCore
import Foundation
import Testing

@testable import BailiffReports

/// The X-ARF and XARF JSON mails a VPS host received (vpsfree-cz-configuration), the python-xarf
/// parts assembled into an X-ARF mail, and a sweep over every mail of the corpus.
///
/// Expected values were read from the files by hand: x_arf_json_v3.eml carries (base64) an abusix
/// v3 Spam report for 10.42.9.42 dated 2026-08-17T20:59:40Z; x_arf_json_v4.eml a v4 messaging/spam
/// report for 2001:db8::42 port 46253 at 2026-08-19T13:03:45Z; x_arf_login_attack.eml an X-ARF
/// login-attack for 10.42.9.42 dated 2026-04-17T17:02:02-0400 (relayed by RT without the X-ARF header).
@Suite("X-ARF and XARF mails from the corpus", .enabled(if: XARFTestCorpus.isAvailable, "shared/corpus not found; set BAILIFF_TEST_CORPUS"))
struct XARFMailCorpusTests {
    static let context = AnalysisContext(receivedAt: 1_900_000_000)
    static let vpsfree = "vpsfree-cz-configuration/spec/fixtures/emails"

    static func message(_ path: String) throws -> MIMEMessage {
        try MIMEParser.parse(try XARFTestCorpus.bytes(path)).get()
    }

    @Test("vpsfree x_arf_json_v3.eml: abusix v3 Spam report in an application/json attachment")
    func jsonV3() throws {
        let mail = try Self.message("\(Self.vpsfree)/x_arf_json_v3.eml")
        #expect(XARFMailRecognizer().analyze(mail, context: Self.context) == nil)
        let analysis = try #require(XARFRecognizer().analyze(mail, context: Self.context))
        #expect(analysis.status == .parsed, "\(analysis.reason ?? "")")
        let event = try #require(analysis.events.first)
        #expect(event.ip == IPAddress("10.42.9.42"))
        #expect(event.port == nil)
        #expect(event.category == .spam)
        #expect(event.occurredAt == Timestamp.parse("2026-08-17T20:59:40Z"))
        #expect(event.timeSource == .report)
        #expect(event.reporter == "Abusix on behalf of data-channel.example.invalid")
        #expect(analysis.reason?.contains("single Report.Sample") == true)
    }

    @Test("vpsfree x_arf_json_v4.eml: XARF v4 messaging/spam with an IPv6 source")
    func jsonV4() throws {
        let mail = try Self.message("\(Self.vpsfree)/x_arf_json_v4.eml")
        #expect(XARFMailRecognizer().analyze(mail, context: Self.context) == nil)
        let analysis = try #require(XARFRecognizer().analyze(mail, context: Self.context))
        #expect(analysis.status == .parsed, "\(analysis.reason ?? "")")
        let event = try #require(analysis.events.first)
        #expect(event.ip == IPAddress("2001:db8::42"))
        #expect(event.port == 46253)
        #expect(event.category == .spam)
        #expect(event.occurredAt == Timestamp.parse("2026-08-19T13:03:45Z"))
        #expect(event.reporter == "Example Spam Trap via Abusix")
    }

    @Test("vpsfree x_arf_login_attack.eml: X-ARF relayed without its X-ARF header")
    func xarfLoginAttack() throws {
        let mail = try Self.message("\(Self.vpsfree)/x_arf_login_attack.eml")
        #expect(XARFRecognizer().analyze(mail, context: Self.context) == nil)
        let analysis = try #require(XARFMailRecognizer().analyze(mail, context: Self.context))
        #expect(analysis.status == .parsed, "\(analysis.reason ?? "")")
        #expect(analysis.format == "x-arf")
        let event = try #require(analysis.events.first)
        #expect(event.ip == IPAddress("10.42.9.42"))
        #expect(event.category == .intrusion)
        #expect(event.occurredAt == Timestamp.parse("2026-04-17T21:02:02Z"))
        #expect(event.timeSource == .report)
        #expect(event.reporter == "abuse-bot@example.net")
        #expect(event.excerpt?.contains("wp-login.php") == true)
        #expect(analysis.reason?.contains("no X-ARF: YES header") == true)
    }

    @Test("the other vpsfree mails are neither recogniser's business")
    func othersUnclaimed() throws {
        for name in ["access_log_abuse", "bitninja", "fail2ban", "leakix", "masterdc_sbl", "masterdc_spfbl", "masterdc_uceprotect",
                     "masterdc_uceprotect_plain", "proki", "spamcop", "usgo"]
        {
            let mail = try Self.message("\(Self.vpsfree)/\(name).eml")
            #expect(XARFRecognizer().analyze(mail, context: Self.context) == nil, "\(name)")
            #expect(XARFMailRecognizer().analyze(mail, context: Self.context) == nil, "\(name)")
        }
    }

    @Test("python-xarf parts: greeting, YAML report and evidence assembled into an X-ARF mail")
    func pythonXARF() throws {
        func text(_ name: String) throws -> String { String(decoding: try XARFTestCorpus.bytes("python-xarf/tests/\(name)"), as: UTF8.self) }
        let report = try text("test.yaml")
        // The report alone (its Date "Feb  3 2014 02:13:35 +0100" is syslog-like, not RFC 5322).
        let alone = XARFMailRecognizer.analyze(reportText: report, messageDate: nil, context: Self.context)
        #expect(alone.status == .parsed, "\(alone.reason ?? "")")
        let event = try #require(alone.events.first)
        #expect(event.ip == IPAddress("83.169.54.26"))
        #expect(event.port == 22)
        #expect(event.category == .intrusion)
        #expect(event.occurredAt == Timestamp.parse("2014-02-03T01:13:35Z"))
        #expect(event.reporter == "xarf-reports@example.com")

        let mail = """
            From: xarf-reports@example.com
            To: abuse@example.net
            Subject: abuse report about 83.169.54.26
            Date: Mon, 03 Feb 2014 02:20:00 +0100
            X-ARF: YES
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            \(try text("greeting.txt"))
            --b
            Content-Type: text/plain; charset=utf-8; name="report.txt"

            \(report)
            --b
            Content-Type: text/plain; charset=utf-8; name="evidence.txt"

            \(try text("evidence.txt"))
            --b--

            """
        let message = try MIMEParser.parse(mail).get()
        let analysis = try #require(XARFMailRecognizer().analyze(message, context: Self.context))
        #expect(analysis.status == .parsed, "\(analysis.reason ?? "")")
        #expect(analysis.events.first?.ip == IPAddress("83.169.54.26"))
        #expect(analysis.events.first?.excerpt?.contains("EVIDENCE SAMPLE") == true)
        #expect(XARFRecognizer().analyze(message, context: Self.context) == nil)
    }

    @Test("every mail of the corpus: no trap; X-ARF-marked mails are claimed")
    func sweep() throws {
        guard let root = XARFTestCorpus.root, let walker = FileManager.default.enumerator(atPath: root.path) else { return }
        var marked = 0, parsed = 0, jsonClaimed = 0
        while let item = walker.nextObject() as? String {
            guard item.hasSuffix(".eml") else { continue }
            guard let mail = try? MIMEParser.parse(try XARFTestCorpus.bytes(item)).get() else { continue }
            let json = XARFRecognizer().analyze(mail, context: Self.context)
            let yaml = XARFMailRecognizer().analyze(mail, context: Self.context)
            if mail.headers["x-arf"] != nil {
                marked += 1
                #expect(yaml != nil, "\(item) is marked X-ARF but was not claimed")
                if yaml?.status == .parsed { parsed += 1 } else { print("X-ARF quarantined: \(item): \(yaml?.reason ?? "nil")") }
            }
            if let json {
                // Netcraft sends XARF v1 JSON in a feedback report (parser-netcraft Netcraft_Example_10–15.eml).
                jsonClaimed += 1
                #expect(json.status == .parsed, "\(item): \(json.reason ?? "")")
                #expect(item.contains("x_arf_json") || item.contains("Netcraft"), "\(item) claimed as XARF JSON")
            }
        }
        print("X-ARF-marked mails: \(marked), parsed: \(parsed); XARF JSON mails: \(jsonClaimed)")
        #expect(marked == 9)
        #expect(parsed == marked)
        #expect(jsonClaimed == 7)
    }
}
