import BailiffCore
import Foundation
import NIOCore
import NIOSSL

/// One conversation with a relay: greeting, EHLO, STARTTLS, AUTH, then transactions.
/// Lives inside one task; not shared.
final class SMTPSession {
    let relay: SMTPRelay
    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let tls: NIOSSLContext?
    /// The first error the connection's pipeline saw, if any.
    let firstError: () -> (any Error)?
    private var pending: [UInt8] = []
    private var parser = SMTPReplyParser()
    private(set) var capabilities: Set<String> = []
    private(set) var authMechanisms: Set<String> = []
    private var secured: Bool

    init(relay: SMTPRelay, channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
         outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, tls: NIOSSLContext?, firstError: @escaping () -> (any Error)? = { nil }) {
        self.relay = relay; self.channel = channel; self.inbound = inbound; self.outbound = outbound; self.tls = tls; self.firstError = firstError
        secured = relay.security == .tls
    }

    /// Greeting, EHLO, STARTTLS and AUTH as configured.
    func open() async throws {
        let greeting = try await readReply()
        guard greeting.code == 220 else { throw SMTPSessionError.unexpected(command: "the connection", reply: greeting.summary) }
        try await hello()
        if relay.security == .starttls {
            guard capabilities.contains("STARTTLS"), let tls else { throw SMTPSessionError.startTLSUnavailable }
            let reply = try await command("STARTTLS")
            guard reply.code == 220 else { throw SMTPSessionError.unexpected(command: "STARTTLS", reply: reply.summary) }
            guard pending.isEmpty else { throw SMTPSessionError.protocolError("data arrived before the TLS handshake") }
            let serverName = IPAddress(relay.host) == nil ? relay.host : nil
            try await channel.eventLoop.submit { [channel] in
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
            }.get()
            secured = true
            // RFC 3207 §4.2: forget what was learnt before TLS and ask again.
            try await hello()
        }
        if !relay.username.isEmpty { try await authenticate() }
    }

    private func hello() async throws {
        let reply = try await command("EHLO \(relay.heloName)")
        if reply.isPositive {
            capabilities = []
            authMechanisms = []
            for line in reply.lines.dropFirst() {
                let words = line.uppercased().split(separator: " ").map(String.init)
                guard let keyword = words.first else { continue }
                capabilities.insert(keyword)
                if keyword == "AUTH" { authMechanisms.formUnion(words.dropFirst()) }
            }
            return
        }
        let fallback = try await command("HELO \(relay.heloName)")
        guard fallback.isPositive else { throw SMTPSessionError.unexpected(command: "EHLO and HELO", reply: fallback.summary) }
        capabilities = []
    }

    private func authenticate() async throws {
        guard secured || relay.security == .none, capabilities.contains("AUTH") else { throw SMTPSessionError.authenticationUnavailable }
        let reply: SMTPReply
        if authMechanisms.contains("PLAIN") {
            let token = Data([0] + Array(relay.username.utf8) + [0] + Array(relay.password.utf8)).base64EncodedString()
            reply = try await command("AUTH PLAIN \(token)")
        } else if authMechanisms.contains("LOGIN") {
            let first = try await command("AUTH LOGIN")
            guard first.code == 334 else { throw SMTPSessionError.authenticationFailed(first.summary) }
            let second = try await command(Data(relay.username.utf8).base64EncodedString())
            guard second.code == 334 else { throw SMTPSessionError.authenticationFailed(second.summary) }
            reply = try await command(Data(relay.password.utf8).base64EncodedString())
        } else {
            throw SMTPSessionError.authenticationUnavailable
        }
        guard reply.code == 235 else { throw SMTPSessionError.authenticationFailed(reply.summary) }
    }

    /// One transaction: MAIL, RCPT for each recipient, DATA. The session stays usable after a
    /// refused message (RSET), so that one bad address does not hold up the batch.
    func send(_ envelope: SMTPEnvelope) async throws -> [String: SMTPRecipientOutcome] {
        var outcomes: [String: SMTPRecipientOutcome] = [:]
        let mail = try await command("MAIL FROM:<\(envelope.mailFrom)>")
        guard mail.isPositive else {
            // A refused sender is our problem (relay policy, credentials), never the recipients':
            // the message waits for the operator instead of marking addresses undeliverable.
            for recipient in envelope.recipients { outcomes[recipient] = .deferred("MAIL FROM: \(mail.summary)") }
            _ = try await command("RSET")
            return outcomes
        }
        var accepted: [String] = []
        for recipient in envelope.recipients where outcomes[recipient] == nil {
            let reply = try await command("RCPT TO:<\(recipient)>")
            if reply.isPositive { accepted.append(recipient); outcomes[recipient] = .deferred("accepted RCPT, DATA not finished") } else {
                outcomes[recipient] = Self.failure(reply, "RCPT TO")
            }
        }
        guard !accepted.isEmpty else {
            _ = try await command("RSET")
            return outcomes
        }
        let data = try await command("DATA")
        guard data.code == 354 else {
            for recipient in accepted { outcomes[recipient] = Self.failure(data, "DATA") }
            _ = try await command("RSET")
            return outcomes
        }
        try await write(Self.dotStuffed(envelope.message))
        let final = try await readReply()
        for recipient in accepted { outcomes[recipient] = final.isPositive ? .accepted(final.summary) : Self.failure(final, "the message") }
        return outcomes
    }

    func quit() async throws {
        _ = try await command("QUIT")
    }

    static func failure(_ reply: SMTPReply, _ what: String) -> SMTPRecipientOutcome {
        reply.isPermanent ? .rejected("\(what): \(reply.summary)") : .deferred("\(what): \(reply.summary)")
    }

    /// The message as DATA carries it: CRLF line ends, a leading dot doubled (RFC 5321
    /// §4.5.2), ending in CRLF . CRLF.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == 0x0A, previous != 0x0D { output.append(0x0D) }
            if atLineStart, byte == 0x2E { output.append(0x2E) }
            output.append(byte)
            atLineStart = byte == 0x0A
            previous = byte
        }
        if !atLineStart { output += [0x0D, 0x0A] }
        output += [0x2E, 0x0D, 0x0A]
        return output
    }

    // MARK: wire

    private func command(_ line: String) async throws -> SMTPReply {
        try await write(Array((line + "\r\n").utf8))
        return try await readReply()
    }

    private func write(_ bytes: [UInt8]) async throws {
        do { try await outbound.write(ByteBuffer(bytes: bytes)) } catch { throw firstError() ?? error }
    }

    private func readReply() async throws -> SMTPReply {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                var end = newline
                if end > 0, pending[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...newline)
                do {
                    if let reply = try parser.feed(line[...]) { return reply }
                } catch {
                    throw SMTPSessionError.protocolError(String(describing: error))
                }
                continue
            }
            guard pending.count < 64 * 1024 else { throw SMTPSessionError.protocolError("a reply line longer than 64 KiB") }
            guard var buffer = try await inbound.next() else { throw firstError() ?? SMTPSessionError.closed }
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }
}
