import BailiffCore
import BailiffReports
@testable import BailiffServer
import Foundation
import Testing

/// Bailiff's SMTP client against a real server: python3-aiosmtpd with STARTTLS and AUTH.
@Suite(.serialized) struct SMTPClientTests {
    static func relay(_ sink: SMTPSink, security: SMTPRelay.Security = .starttls, password: String = SMTPSink.password, trust: Bool = true) -> SMTPRelay {
        SMTPRelay(host: "localhost", port: sink.currentPort, security: security, caFile: trust ? sink.certificate : "",
                  username: SMTPSink.user, password: password, heloName: "bailiff.test", timeoutSeconds: 60)
    }

    static func mail(_ subject: String, to: [String], text: String) -> OutgoingMail {
        var mail = OutgoingMail(from: MailAddress("abuse@provider.example", name: "Provider abuse"), to: to.map { MailAddress($0) },
                                subject: subject, date: 1_795_000_000, messageID: "notice.k3x9p2m4qa.\(abs(subject.hashValue))@provider.example",
                                text: text, html: "<p>\(text)</p>")
        mail.replyTo = MailAddress("abuse+k3x9p2m4qa@provider.example")
        return mail
    }

    static func envelope(_ mail: OutgoingMail) -> SMTPEnvelope {
        SMTPEnvelope(mailFrom: "abuse@provider.example", recipients: mail.recipients, message: mail.rendered())
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing: apt-get install python3-aiosmtpd openssl"))
    func aBatchGoesOverOneEncryptedAuthenticatedConnectionWithAResultPerRecipient() async throws {
        try #require(SMTPSink.isAvailable, "python3-aiosmtpd or openssl is missing: apt-get install python3-aiosmtpd openssl")
        let sink = try SMTPSink()
        defer { sink.stop() }
        let first = Self.mail("Beschwerde über Spam von Ihrem Server – Fall k3x9p2m4qa", to: ["customer@example.org", "reject-me@example.org", "defer-me@example.org"],
                              text: "Grüße aus dem Abuse-Team.\n.a line that starts with a dot\n..and one with two\nFrom here on, a From line.\n")
        let second = Self.mail("Second notice", to: ["reseller@example.net"], text: "Plain ASCII.\n")
        let results = await SMTPClient(relay: Self.relay(sink)).send([Self.envelope(first), Self.envelope(second)])

        #expect(results.count == 2)
        #expect(results[0]["customer@example.org"]?.isAccepted == true)
        guard case .rejected(let why)? = results[0]["reject-me@example.org"] else { Issue.record("550 must be a rejection: \(results[0])"); return }
        #expect(why.contains("550"))
        guard case .deferred(let later)? = results[0]["defer-me@example.org"] else { Issue.record("451 must be deferred: \(results[0])"); return }
        #expect(later.contains("451"))
        #expect(results[1]["reseller@example.net"]?.isAccepted == true)

        let stored = try sink.messages()
        try #require(stored.count == 2)
        let message = try MIMEParser.parse(stored[0]).get()
        #expect(message.root.headers["x-sink-tls"] == "yes")
        #expect(message.root.headers["x-sink-auth"] == SMTPSink.user)
        #expect(message.root.headers["x-sink-rcpt-to"] == "customer@example.org")
        #expect(message.subject == "Beschwerde über Spam von Ihrem Server – Fall k3x9p2m4qa")
        #expect(message.messageID == first.messageID)
        #expect(message.root.headers["auto-submitted"] == "auto-generated")
        #expect(message.root.headers["reply-to"]?.contains("abuse+k3x9p2m4qa@provider.example") == true)
        #expect(message.root.mimeType == "multipart/alternative")
        let text = try #require(message.parts(withMIMEType: "text/plain").first?.text)
        #expect(text == "Grüße aus dem Abuse-Team.\n.a line that starts with a dot\n..and one with two\nFrom here on, a From line.\n"
                || text == "Grüße aus dem Abuse-Team.\r\n.a line that starts with a dot\r\n..and one with two\r\nFrom here on, a From line.\r\n")
        #expect(message.parts(withMIMEType: "text/html").first?.text?.contains("Grüße") == true)
        #expect(message.defects.isEmpty, "the composed message has MIME defects: \(message.defects)")
        let plain = try MIMEParser.parse(stored[1]).get()
        #expect(plain.root.headers["x-sink-rcpt-to"] == "reseller@example.net")
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"))
    func authLoginIsUsedWhenPlainIsNotOffered() async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink(excludeMechanisms: ["PLAIN"])
        defer { sink.stop() }
        let results = await SMTPClient(relay: Self.relay(sink)).send([Self.envelope(Self.mail("login", to: ["customer@example.org"], text: "x"))])
        #expect(results[0]["customer@example.org"]?.isAccepted == true, "\(results)")
        #expect(try sink.messages().count == 1)
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"))
    func wrongCredentialsDeferEverythingAndSayWhatToFix() async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let results = await SMTPClient(relay: Self.relay(sink, password: "wrong")).send([Self.envelope(Self.mail("x", to: ["customer@example.org"], text: "x"))])
        guard case .deferred(let reason)? = results[0]["customer@example.org"] else { Issue.record("expected a deferral: \(results)"); return }
        #expect(reason.contains("mail.smtp_password"))
        #expect(!reason.contains("wrong"), "the password must never appear in a reason")
        #expect(try sink.messages().isEmpty)
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"))
    func anUntrustedCertificateIsRefusedAndPlainTextIsRefusedByTheRelay() async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let envelope = Self.envelope(Self.mail("x", to: ["customer@example.org"], text: "x"))
        let untrusted = await SMTPClient(relay: Self.relay(sink, trust: false)).send([envelope])
        guard case .deferred(let reason)? = untrusted[0]["customer@example.org"] else { Issue.record("expected a deferral: \(untrusted)"); return }
        #expect(reason.contains("TLS"), "\(reason)")
        // Without STARTTLS the relay refuses AUTH; Bailiff does not send credentials in the clear.
        let plain = await SMTPClient(relay: Self.relay(sink, security: .none)).send([envelope])
        #expect(plain[0]["customer@example.org"]?.isAccepted == false)
        #expect(try sink.messages().isEmpty)
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"))
    func mailWaitsWhileTheRelayIsDownAndGoesOutWhenItIsBack() async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        let port = sink.currentPort
        sink.stop()
        let envelope = Self.envelope(Self.mail("retry", to: ["customer@example.org"], text: "x"))
        let down = await SMTPClient(relay: Self.relay(sink)).send([envelope])
        guard case .deferred? = down[0]["customer@example.org"] else { Issue.record("expected a deferral while down: \(down)"); return }
        try sink.start(port: port)
        defer { sink.stop() }
        let up = await SMTPClient(relay: Self.relay(sink)).send([envelope])
        #expect(up[0]["customer@example.org"]?.isAccepted == true, "\(up)")
        #expect(try sink.messages().count == 1)
    }

    @Test func dotStuffingDoublesLeadingDotsAndEndsTheData() {
        let stuffed = SMTPSession.dotStuffed(Array("a\r\n.b\n..c\r\nd".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "a\r\n..b\r\n...c\r\nd\r\n.\r\n")
    }
}
