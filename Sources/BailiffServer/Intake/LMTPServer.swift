import BailiffCore
import BailiffStore
import Logging
import NIOCore
import NIOPosix
import Foundation
import Prometheus

/// The LMTP listener (RFC 2033) for the provider's MTA: Postfix `lmtp:inet:127.0.0.1:2424`.
///
/// A thin NIO layer over ``LMTPSession``: bytes in, replies out, and each complete message
/// stored through the ``EvidenceSink`` before the 250 goes back, so that what the MTA hands
/// over is never lost. Each connection runs in its own child task of a discarding task group
/// and catches its own errors: one bad peer cannot take the listener down.
public struct LMTPServer: Sendable {
    public var host: String
    public var port: Int
    public var hostname: String
    public var limits: LMTPSession.Limits
    /// A connection idle for this long is closed (RFC 5321 §4.5.3.2 suggests minutes).
    public var idleTimeout: Duration
    let sink: any EvidenceSink
    let logger: Logger
    let metrics: Metrics

    struct Metrics: Sendable {
        let connections: Counter
        let stored: Counter
        let deferred: Counter

        init(_ registry: PrometheusCollectorRegistry) {
            connections = registry.makeCounter(name: "bailiff_lmtp_connections_total", help: "LMTP connections accepted")
            stored = registry.makeCounter(name: "bailiff_lmtp_messages_stored_total", help: "Messages stored after LMTP DATA")
            deferred = registry.makeCounter(name: "bailiff_lmtp_messages_deferred_total", help: "Messages answered 451 because the store failed")
        }
    }

    public init(
        host: String, port: Int, hostname: String, limits: LMTPSession.Limits = .init(), idleTimeout: Duration = .seconds(300),
        sink: any EvidenceSink, registry: PrometheusCollectorRegistry, logger: Logger
    ) {
        self.host = host; self.port = port; self.hostname = hostname; self.limits = limits; self.idleTimeout = idleTimeout
        self.sink = sink; self.logger = logger; self.metrics = Metrics(registry)
    }

    /// A bound listener; ``serve()`` accepts connections until the task is cancelled.
    public struct Listener: Sendable {
        /// The bound port (the real one when 0 was asked for).
        public let port: Int
        let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        let server: LMTPServer

        public func serve() async throws {
            try await withTaskCancellationHandler {
                try await withThrowingDiscardingTaskGroup { group in
                    try await channel.executeThenClose { inbound in
                        for try await connection in inbound {
                            server.metrics.connections.increment()
                            group.addTask { await server.serve(connection) }
                        }
                    }
                }
            } onCancel: {
                channel.channel.close(promise: nil)
            }
        }
    }

    /// Binds the port, so that a busy port fails `bailiff serve` at start rather than later.
    public func bind() async throws -> Listener {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { [idleTimeout] child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
                    try child.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let bound = channel.channel.localAddress?.port ?? port
        logger.info("LMTP listening", metadata: ["address": "\(host):\(bound)"])
        return Listener(port: bound, channel: channel, server: self)
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress?.ipAddress
        do {
            try await connection.executeThenClose { inbound, outbound in
                var session = LMTPSession(hostname: hostname, limits: limits)
                try await send(session.greeting, outbound)
                for try await buffer in inbound {
                    var actions = session.receive(buffer.readableBytesView)
                    while !actions.isEmpty {
                        var following: [LMTPSession.Action] = []
                        for action in actions {
                            switch action {
                            case .reply:
                                try await send(action, outbound)
                            case .close:
                                return
                            case .deliver(let mailFrom, let recipients, let message):
                                let outcome = await deliver(message, mailFrom: mailFrom, recipients: recipients, peer: peer)
                                following += session.deliveryFinished(outcome)
                            }
                        }
                        actions = following
                    }
                    if session.isClosed { return }
                }
                session.connectionClosed()
            }
        } catch {
            logger.debug("LMTP connection ended with an error", metadata: ["peer": "\(peer ?? "?")", "error": "\(error)"])
        }
    }

    private func deliver(_ message: [UInt8], mailFrom: String, recipients: [String], peer: String?) async -> LMTPSession.DeliveryOutcome {
        let envelope = Envelope(
            channel: .lmtp, mailFrom: mailFrom, recipients: recipients, clientAddress: peer, receivedAt: Int64(Date.now.timeIntervalSince1970)
        )
        do {
            let stored = try await sink.store(message, envelope: envelope)
            metrics.stored.increment()
            return .stored(reference: String(stored.sha256.prefix(16)))
        } catch {
            metrics.deferred.increment()
            logger.error("could not store an LMTP delivery; answered 451 so that the MTA retries", metadata: ["error": "\(error)"])
            return .temporaryFailure(reason: "the evidence store is unavailable")
        }
    }

    private func send(_ action: LMTPSession.Action, _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        guard case .reply(let text) = action else { return }
        try await outbound.write(ByteBuffer(string: text))
    }
}

/// Closes a connection when ``IdleStateHandler`` reports that nothing was read for too long.
final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.writeAndFlush(NIOAny(ByteBuffer(string: "421 4.4.2 idle for too long; closing\r\n")), promise: nil)
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
