import BailiffCore
import BailiffReports
import Foundation
import Testing

/// The mass-mailer checks on the copies of reported mails in feedback-loop reports.
@Suite struct MassMailerFindingsTests {
    /// The reported mail inside a feedback-loop report: the first attached message.
    static func reported(_ path: String) throws -> MessageHeaders {
        let root = try #require(Corpus.root, "shared/corpus not found")
        let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
        guard case .success(let message) = MIMEParser.parse(bytes) else { throw CorpusMissing() }
        let attached = try #require(message.allParts.compactMap(\.embeddedMessage).first, "no attached message in \(path)")
        return attached.headers
    }

    struct CorpusMissing: Error {}

    @Test(.enabled(if: Corpus.root != nil))
    func feedbackLoopCopiesFromTheCorpus() throws {
        let comcast = MassMailerFindings.inspect(try Self.reported("AbuseIO/extra/notifier-samples/feedback-loop/Comcast_example_1.eml"))
        #expect(comcast.isListMail && comcast.unsubscribe == .httpsWithoutOneClick, "a folded header with mailto and https, no List-Unsubscribe-Post")
        #expect(comcast.recipient == .mailboxProvider, "the recipient is at comcast.net")
        #expect(comcast.senderProblems.contains { $0.hasPrefix("Sender is at domain3.tld, From at domain4.tld") })

        let zoho = MassMailerFindings.inspect(try Self.reported("AbuseIO/extra/notifier-samples/feedback-loop/Zoho_example_2.eml"))
        #expect(zoho.unsubscribe == .httpsWithoutOneClick && zoho.recipient == .other)
        #expect(zoho.lines.contains { $0.contains("RFC 8058") })

        let usanet = MassMailerFindings.inspect(try Self.reported("AbuseIO/extra/notifier-samples/feedback-loop/USANet_example_2.eml"), recipient: "info@shop.example")
        #expect(usanet.unsubscribe == .httpsWithoutOneClick && usanet.recipient == .companyGeneralAddress, "the report's recipient wins over To")
    }

    static func headers(_ text: String) -> MessageHeaders {
        guard case .success(let message) = MIMEParser.parse(text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\nbody\r\n") else { return MessageHeaders() }
        return message.headers
    }

    @Test func oneClickMissingUnsubscribeAndDeceptiveSenders() {
        let oneClick = MassMailerFindings.inspect(Self.headers("""
            From: News <news@shop.example>
            To: someone@gmail.com
            List-Unsubscribe: <https://shop.example/u/123>, <mailto:u@shop.example>
            List-Unsubscribe-Post: List-Unsubscribe=One-Click
            """))
        #expect(oneClick.unsubscribe == .oneClick && oneClick.senderProblems.isEmpty && oneClick.recipient == .mailboxProvider)

        let bulk = MassMailerFindings.inspect(Self.headers("From: offers@shop.example\nPrecedence: bulk\nTo: info@company.example\n"))
        #expect(bulk.isListMail && bulk.unsubscribe == .missing && bulk.lines.first == "list mail without a List-Unsubscribe header (RFC 2369)")
        #expect(bulk.recipient == .companyGeneralAddress)

        let broken = MassMailerFindings.inspect(Self.headers("From: a@shop.example\nList-Unsubscribe: https://shop.example/u (no brackets)\n"))
        #expect(broken.unsubscribe == .malformed)

        let spoof = MassMailerFindings.inspect(Self.headers("""
            From: "service@bank.example" <alerts@evil.example>
            From: other@evil.example
            Return-Path: <bounce@mailer.example>
            """))
        #expect(spoof.senderProblems.contains { $0.contains("shows service@bank.example but the address is at evil.example") })
        #expect(spoof.senderProblems.contains("2 From headers (RFC 5322 allows one)"))
        #expect(spoof.senderProblems.contains("Return-Path is at mailer.example, From at evil.example"))

        let ownBounces = MassMailerFindings.inspect(Self.headers("From: news@shop.example\nReturn-Path: <b+1@bounce.shop.example>\n"))
        #expect(ownBounces.senderProblems.isEmpty, "a bounce subdomain of the sender is the sender")
    }
}
