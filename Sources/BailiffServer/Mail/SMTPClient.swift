import BailiffCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Sends mail to a relay over SMTP (RFC 5321) with STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN
/// (RFC 4954), one connection for a whole batch, with a result for every recipient.
///
/// There is no maintained SMTP client for Swift on the server, so this is Bailiff's own, on
/// swift-nio. It never fails a batch as a whole: a connection that breaks defers the messages
/// it had not finished, so that the outbox sends them again.
public struct SMTPClient: Sendable {
    public let relay: SMTPRelay
    let group: any EventLoopGroup

    public init(relay: SMTPRelay, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.relay = relay; self.group = group
    }

    /// Sends `batch`, returning for each message the outcome of each of its recipients.
    public func send(_ batch: [SMTPEnvelope]) async -> [[String: SMTPRecipientOutcome]] {
        var results: [[String: SMTPRecipientOutcome]] = Array(repeating: [:], count: batch.count)
        guard !batch.isEmpty else { return results }
        do {
            let tls = try makeTLSContext()
            let errors = ConnectionErrorRecorder()
            let channel = try await connect(tls: relay.security == .tls ? tls : nil, errors: errors)
            try await channel.executeThenClose { inbound, outbound in
                let session = SMTPSession(relay: relay, channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound, tls: tls,
                                          firstError: { errors.first })
                try await session.open()
                for (index, envelope) in batch.enumerated() {
                    results[index] = try await session.send(envelope)
                }
                try? await session.quit()
            }
        } catch {
            let reason = "no delivery: \(Self.describe(error))"
            for index in batch.indices where results[index].isEmpty {
                results[index] = Dictionary(batch[index].recipients.map { ($0, .deferred(reason)) }, uniquingKeysWith: { first, _ in first })
            }
        }
        return results
    }

    private func makeTLSContext() throws -> NIOSSLContext? {
        guard relay.security != .none else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if !relay.caFile.isEmpty { configuration.trustRoots = .file(relay.caFile) }
        return try NIOSSLContext(configuration: configuration)
    }

    private func connect(tls: NIOSSLContext?, errors: ConnectionErrorRecorder) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let timeout = TimeAmount.milliseconds(Int64(relay.timeoutSeconds * 1000))
        let serverName = relay.host.isIPAddress ? nil : relay.host
        return try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .connect(host: relay.host, port: relay.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: timeout))
                    try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                    try channel.pipeline.syncOperations.addHandler(errors)
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// An error as one line for a timeline: never the password.
    static func describe(_ error: any Error) -> String {
        if let error = error as? SMTPSessionError { return error.description }
        if let error = error as? NIOSSLError { return "TLS failed: \(error)" }
        if let error = error as? BoringSSLError { return "TLS failed: \(error)" }
        if let error = error as? ChannelError {
            if case .ioOnClosedChannel = error { return SMTPSessionError.closed.description }
            return "the connection to the relay failed: \(error)"
        }
        return String(describing: error)
    }
}

/// Keeps the first error the pipeline saw (a failed TLS handshake), so that a connection that
/// closes because of it is reported with its cause rather than as merely closed.
final class ConnectionErrorRecorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let error = Mutex<(any Error)?>(nil)

    var first: (any Error)? { error.withLock { $0 } }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.error.withLock { if $0 == nil { $0 = error } }
        context.fireErrorCaught(error)
    }
}

/// Why a conversation with the relay ended early.
public enum SMTPSessionError: Error, Sendable, Hashable, CustomStringConvertible {
    case closed
    case unexpected(command: String, reply: String)
    case startTLSUnavailable
    case authenticationUnavailable
    case authenticationFailed(String)
    case protocolError(String)

    public var description: String {
        switch self {
        case .closed: "the relay closed the connection (or did not answer in time)"
        case .unexpected(let command, let reply): "the relay answered \(command) with \(reply)"
        case .startTLSUnavailable: "the relay does not offer STARTTLS, and mail.smtp_security requires it (set it to none only for a relay on this host)"
        case .authenticationUnavailable: "the relay offers no AUTH PLAIN or LOGIN (over TLS) although mail.smtp_username is set"
        case .authenticationFailed(let reply): "the relay refused our credentials (\(reply)); check mail.smtp_username and mail.smtp_password"
        case .protocolError(let detail): "the relay does not speak SMTP as expected: \(detail)"
        }
    }
}

private extension String {
    var isIPAddress: Bool { IPAddress(self) != nil }
}
