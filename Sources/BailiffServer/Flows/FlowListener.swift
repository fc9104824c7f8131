import BailiffCore
import BailiffNet
import BailiffStore
import Foundation
import Logging
import NIOCore
import NIOPosix

/// UDP listeners for flow exporters: a thin NIO layer that hands every datagram, with its
/// sender, to the ``FlowPipeline`` on the event loop that received it.
public struct FlowListener: Sendable {
    public let pipeline: FlowPipeline
    let logger: Logger

    public init(pipeline: FlowPipeline, logger: Logger) {
        self.pipeline = pipeline; self.logger = logger
    }

    /// Binds `host:port` (`[::1]:2055` for IPv6); returns the channel, whose local port is the real
    /// one when 0 was asked for.
    public func bind(_ listen: String, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> any Channel {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw StoreError("flows.listen entry \(listen) is not host:port")
        }
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let pipeline = self.pipeline, logger = self.logger
        return try await DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Bursts from many exporters: a deep receive buffer loses fewer datagrams.
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 32 << 20)
            .channelOption(ChannelOptions.maxMessagesPerRead, value: 64)
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DatagramHandler(pipeline: pipeline, logger: logger)) }
            }
            .bind(host: host, port: port).get()
    }

    final class DatagramHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let pipeline: FlowPipeline
        let logger: Logger

        init(pipeline: FlowPipeline, logger: Logger) { self.pipeline = pipeline; self.logger = logger }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = Self.unwrapInboundIn(data)
            guard let text = envelope.remoteAddress.ipAddress, let exporter = IPAddress(text) else { return }
            let now = Int64(Date().timeIntervalSince1970 * 1_000)
            if case .malformed(let error) = pipeline.ingest(envelope.data, from: exporter, now: now) {
                logger.debug("dropped a malformed flow datagram", metadata: ["exporter": "\(exporter)", "reason": "\(error)"])
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A failed receive (ICMP port unreachable echoes and the like) does not end the listener.
            logger.debug("flow listener error", metadata: ["error": "\(error)"])
        }
    }
}
