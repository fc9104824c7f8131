import BailiffCore
import BailiffNet
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A DNS client for bulk blocklist queries, on SwiftNIO: one UDP socket, many queries in
/// flight (the caller bounds the window), a timeout and retries per query, and TCP when an
/// answer comes back truncated. The operating system's resolver asks one name at a time and
/// caches what it should not; a sweep of a /16 against fifteen lists is a million queries.
///
/// Answers are matched by ID *and* question, so a stray or spoofed datagram is dropped.
public final class DNSClient: Sendable {
    public struct Server: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) { self.host = host; self.port = port }

        /// `host:port`, `[v6]:port`, or a bare host (port 53).
        public init?(parsing text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
                host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                let rest = trimmed[trimmed.index(after: close)...]
                port = rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? -1 : 53
            } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
                host = String(trimmed[..<colon]); port = Int(trimmed[trimmed.index(after: colon)...]) ?? -1
            } else {
                host = trimmed; port = 53
            }
            guard !host.isEmpty, (1...65_535).contains(port) else { return nil }
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// The first `nameserver` of /etc/resolv.conf, else 127.0.0.1.
        public static func system() -> Server {
            let text = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.hasPrefix("nameserver") {
                if let address = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first { return Server(host: String(address), port: 53) }
            }
            return Server(host: "127.0.0.1", port: 53)
        }
    }

    public struct Options: Sendable {
        public var timeout: Duration = .seconds(2)
        /// Tries after the first.
        public var retries = 2
        public init() {}
    }

    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case timeout(attempts: Int)
        case malformed(String)
        case transport(String)

        public var description: String {
            switch self {
            case .timeout(let attempts): "no answer after \(attempts) tries"
            case .malformed(let reason): "a malformed answer (\(reason))"
            case .transport(let reason): "a network error (\(reason))"
            }
        }
    }

    let server: Server
    let address: SocketAddress
    let options: Options
    let group: any EventLoopGroup
    let channel: any Channel
    let pending = Mutex(InFlight())
    /// Whether a bulk run wrote questions not yet flushed: they go out together when the read
    /// burst that answered their predecessors ends (one `sendmmsg`, not a syscall per question).
    private let unflushed = Atomic<Bool>(false)
    /// Datagrams dropped because they matched no query in flight (late, duplicated or forged).
    let stray = Atomic<Int>(0)

    struct Pending: Sendable {
        var name: String
        var type: DNSRecordType
        var waiter: Waiter
        var deadline: NIODeadline
    }

    /// Who waits for an answer: a single query's promise, or a slot of a bulk run.
    enum Waiter: Sendable {
        case promise(EventLoopPromise<DNSResponse>)
        case bulk(BulkRun, Int)
    }

    /// Delivers an outcome to its waiter (bulk runs only ever on the channel's event loop).
    private func finish(_ entry: Pending, _ outcome: Result<DNSResponse, Failure>) {
        switch entry.waiter {
        case .promise(let promise):
            switch outcome {
            case .success(let response): promise.succeed(response)
            case .failure(let failure): promise.fail(failure)
            }
        case .bulk(let run, let index):
            if channel.eventLoop.inEventLoop { settle(run, index, outcome) } else { channel.eventLoop.execute { self.settle(run, index, outcome) } }
        }
    }

    private init(server: Server, address: SocketAddress, options: Options, group: any EventLoopGroup, channel: any Channel) {
        self.server = server; self.address = address; self.options = options; self.group = group; self.channel = channel
    }

    static let datagramsPerRead = 64

    public static func connect(to server: Server, options: Options = Options(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> DNSClient {
        let address = try SocketAddress.makeAddressResolvingHost(server.host, port: server.port)
        let holder = ClientHolder()
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 8 << 20)
            .channelOption(ChannelOptions.maxMessagesPerRead, value: 64)
            // Up to 64 datagrams per recvmmsg; the buffer is split evenly between them, so it
            // holds 64 × 4 KiB (an answer without EDNS is at most 512 bytes; larger ones come over TCP).
            .channelOption(ChannelOptions.datagramVectorReadMessageCount, value: Self.datagramsPerRead)
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: Self.datagramsPerRead * 4_096))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ResponseHandler(holder: holder)) }
            }
            .bind(host: address.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
        let client = DNSClient(server: server, address: address, options: options, group: group, channel: channel)
        holder.client.withLock { $0 = client }
        // One sweep for expired queries every 50 ms instead of a timer per query.
        let sweep = channel.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(50), delay: .milliseconds(50)) { [weak client] task in
            guard let client else { task.cancel(); return }
            client.expire(now: .now())
        }
        channel.closeFuture.whenComplete { _ in sweep.cancel() }
        return client
    }

    public func close() async {
        try? await channel.close()
        let waiting = pending.withLock { $0.removeAll() }
        for entry in waiting { finish(entry, .failure(.transport("the client was closed"))) }
    }

    /// Asks one question; retries on timeout; falls back to TCP when the answer is truncated.
    public func query(_ name: String, type: DNSRecordType) async throws(Failure) -> DNSResponse {
        let name = name.lowercased()
        for _ in 0...options.retries {
            do {
                let response = try await once(name, type: type)
                if response.truncated { return try await overTCP(name, type: type) }
                return response
            } catch .timeout {
                continue
            }
        }
        throw .timeout(attempts: options.retries + 1)
    }

    private func once(_ name: String, type: DNSRecordType) async throws(Failure) -> DNSResponse {
        do {
            return try await send(name, type: type).get()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .transport("\(error)")
        }
    }

    /// Sends one attempt of a query; the future fails with ``Failure/timeout(attempts:)`` when
    /// no answer comes in time.
    func send(_ name: String, type: DNSRecordType) -> EventLoopFuture<DNSResponse> {
        let promise = channel.eventLoop.makePromise(of: DNSResponse.self)
        channel.writeAndFlush(register(name, type: type, waiter: .promise(promise)), promise: nil)
        return promise.futureResult
    }

    /// Puts a query in flight under a free ID and returns its datagram, ready to write.
    /// `wire` is the query already encoded (any ID): only the ID is written into it.
    private func register(_ name: String, type: DNSRecordType, waiter: Waiter, wire: [UInt8]? = nil) -> AddressedEnvelope<ByteBuffer> {
        let deadline = NIODeadline.now() + timeAmount(options.timeout)
        let id = pending.withLock { $0.insert(Pending(name: name, type: type, waiter: waiter, deadline: deadline)) }
        guard let wire else {
            return AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: DNSQuery(id: id, name: name, type: type).encoded()))
        }
        var buffer = channel.allocator.buffer(bytes: wire)
        buffer.setInteger(id, at: buffer.readerIndex)
        return AddressedEnvelope(remoteAddress: address, data: buffer)
    }

    // MARK: bulk runs

    /// Asks many questions with `window` in flight, driven from the event loop: each answer sends
    /// the next question, with no task woken per query (a sweep's million queries). Timeouts are
    /// retried as in ``query(_:type:)``; truncated answers are asked again over TCP at the end.
    public func bulk(_ questions: [(name: String, type: DNSRecordType)], window: Int) async -> [Result<DNSResponse, Failure>] {
        guard !questions.isEmpty else { return [] }
        // Answers carry their question in lower case; most names are asked that way already.
        let run = BulkRun(questions: questions.map { ($0.name.utf8.contains { $0 >= 65 && $0 <= 90 } ? $0.name.lowercased() : $0.name, $0.type) },
                          window: max(1, window), promise: channel.eventLoop.makePromise())
        // The questions are encoded here, off the event loop, which then only writes each one's ID.
        run.wire = run.questions.map { DNSQuery(id: 0, name: $0.0, type: $0.1).encoded() }
        channel.eventLoop.execute { self.fill(run) }
        try? await run.promise.futureResult.get()
        var results = run.results.map { $0 ?? .failure(.transport("no outcome")) }
        for index in run.truncated {
            do { results[index] = .success(try await overTCP(run.questions[index].0, type: run.questions[index].1)) } catch { results[index] = .failure(error) }
        }
        return results
    }

    /// Sends questions until the window is full (on the event loop), then flushes them together —
    /// or, answering a read, leaves the flush to the end of the read burst.
    private func fill(_ run: BulkRun, flush: Bool = true) {
        var wrote = false
        while run.inFlight < run.window && run.next < run.questions.count {
            let index = run.next
            run.next += 1
            run.inFlight += 1
            transmit(run, index)
            wrote = true
        }
        if wrote { if flush { channel.flush() } else { unflushed.store(true, ordering: .relaxed) } }
        if run.done == run.questions.count { run.promise.succeed(()) }
    }

    private func transmit(_ run: BulkRun, _ index: Int) {
        run.attempts[index] += 1
        let (name, type) = run.questions[index]
        channel.write(register(name, type: type, waiter: .bulk(run, index), wire: run.wire[index]), promise: nil)
    }

    /// One question's outcome (on the event loop): retry a timeout while tries remain, else record it and send the next.
    private func settle(_ run: BulkRun, _ index: Int, _ outcome: Result<DNSResponse, Failure>) {
        if case .failure(.timeout) = outcome, run.attempts[index] <= options.retries {
            transmit(run, index)
            unflushed.store(true, ordering: .relaxed)
            return
        }
        run.inFlight -= 1
        run.done += 1
        switch outcome {
        case .failure(.timeout): run.results[index] = .failure(.timeout(attempts: run.attempts[index]))
        case .success(let response) where response.truncated: run.truncated.append(index); run.results[index] = outcome
        default: run.results[index] = outcome
        }
        fill(run, flush: false)
    }

    /// Sends what bulk runs wrote since the last flush (on the event loop: when a read burst ends, and after expiring).
    func flushWritten() {
        if unflushed.exchange(false, ordering: .relaxed) { channel.flush() }
    }

    /// Fails the queries whose time is up (called every 50 ms).
    func expire(now: NIODeadline) {
        let expired = pending.withLock { $0.removeExpired(now: now) }
        for entry in expired { finish(entry, .failure(.timeout(attempts: 1))) }
        if channel.eventLoop.inEventLoop { flushWritten() }
    }

    /// Called by the channel handler for every datagram.
    func received(_ buffer: ByteBuffer, from sender: SocketAddress) {
        guard sender == address else { stray.add(1, ordering: .relaxed); return }
        let bytes = Array(buffer.readableBytesView)
        guard bytes.count >= 2 else { stray.add(1, ordering: .relaxed); return }
        let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        let response: DNSResponse
        do { response = try DNSResponse.parse(bytes) } catch {
            if let entry = pending.withLock({ $0.remove(id) }) { finish(entry, .failure(.malformed(error.reason))) } else { stray.add(1, ordering: .relaxed) }
            return
        }
        let entry = pending.withLock { pending -> Pending? in
            guard let entry = pending[id], response.questionName == nil || response.questionName == entry.name,
                  response.questionType == nil || response.questionType == entry.type.rawValue else { return nil }
            return pending.remove(id)
        }
        guard let entry else { stray.add(1, ordering: .relaxed); return }
        finish(entry, .success(response))
    }

    public var strayDatagrams: Int { stray.load(ordering: .relaxed) }

    // MARK: TCP (RFC 1035 §4.2.2, RFC 7766)

    private func overTCP(_ name: String, type: DNSRecordType) async throws(Failure) -> DNSResponse {
        let id = UInt16.random(in: .min ... .max)
        let query = DNSQuery(id: id, name: name, type: type).encoded()
        do {
            let completion = OnceCompletion(group.any().makePromise(of: [UInt8].self))
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(max(1, Int64(options.timeout.components.seconds))))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(TCPResponseHandler(completion: completion)) }
                }
                .connect(to: address).get()
            var buffer = channel.allocator.buffer(capacity: query.count + 2)
            buffer.writeInteger(UInt16(query.count))
            buffer.writeBytes(query)
            try await channel.writeAndFlush(buffer)
            let timeout = channel.eventLoop.scheduleTask(in: .seconds(max(1, Int64(options.timeout.components.seconds)))) { completion.fail(Failure.timeout(attempts: 1)) }
            defer { timeout.cancel(); channel.close(promise: nil) }
            let bytes = try await completion.promise.futureResult.get()
            let response = try DNSResponse.parse(bytes)
            guard response.id == id, response.questionName == nil || response.questionName == name else { throw Failure.malformed("a TCP answer to another question") }
            return response
        } catch let failure as Failure {
            throw failure
        } catch let error as DNSParseError {
            throw .malformed(error.reason)
        } catch {
            throw .transport("TCP: \(error)")
        }
    }
}

func timeAmount(_ duration: Duration) -> TimeAmount {
    .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
}

/// The state of one bulk run; touched only on the client's event loop.
final class BulkRun: @unchecked Sendable {
    let questions: [(String, DNSRecordType)]
    let window: Int
    let promise: EventLoopPromise<Void>
    var results: [Result<DNSResponse, DNSClient.Failure>?]
    var attempts: [Int]
    var truncated: [Int] = []
    /// Each question on the wire, encoded before the run starts.
    var wire: [[UInt8]] = []
    var next = 0
    var inFlight = 0
    var done = 0

    init(questions: [(String, DNSRecordType)], window: Int, promise: EventLoopPromise<Void>) {
        self.questions = questions; self.window = window; self.promise = promise
        results = Array(repeating: nil, count: questions.count)
        attempts = Array(repeating: 0, count: questions.count)
    }
}

/// Lets the channel handler reach the client it was made for (the channel exists first).
final class ClientHolder: Sendable {
    let client = Mutex<DNSClient?>(nil)
}

final class ResponseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let holder: ClientHolder
    init(holder: ClientHolder) { self.holder = holder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = Self.unwrapInboundIn(data)
        holder.client.withLock { $0 }?.received(envelope.data, from: envelope.remoteAddress)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        holder.client.withLock { $0 }?.flushWritten()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like: the query times out and is retried.
    }
}

/// A promise completed once, whoever comes first (the answer, the timeout, a closed connection).
final class OnceCompletion<Value: Sendable>: Sendable {
    let promise: EventLoopPromise<Value>
    private let done = Atomic<Bool>(false)

    init(_ promise: EventLoopPromise<Value>) { self.promise = promise }

    func succeed(_ value: Value) { if !done.exchange(true, ordering: .acquiringAndReleasing) { promise.succeed(value) } }
    func fail(_ error: any Error) { if !done.exchange(true, ordering: .acquiringAndReleasing) { promise.fail(error) } }
}

/// Collects one length-prefixed DNS message from a TCP stream.
final class TCPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let completion: OnceCompletion<[UInt8]>
    var buffer = ByteBuffer()

    init(completion: OnceCompletion<[UInt8]>) { self.completion = completion }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = Self.unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self), buffer.readableBytes >= Int(length) + 2 else { return }
        buffer.moveReaderIndex(forwardBy: 2)
        completion.succeed(buffer.readBytes(length: Int(length)) ?? [])
    }

    func channelInactive(context: ChannelHandlerContext) {
        completion.fail(DNSClient.Failure.transport("the server closed the TCP connection before answering"))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        completion.fail(DNSClient.Failure.transport("\(error)"))
        context.close(promise: nil)
    }
}

/// The queries in flight, by ID: a slot per possible ID (found without hashing) and a dense list
/// of the IDs in use (the expiry sweep walks only those).
///
/// IDs come from a SplitMix64 generator seeded from the system's random source and reseeded
/// every 4,096 IDs: unpredictable to anyone off the path (the source port is random too), at a
/// fraction of the cost of a system call per query.
struct InFlight: Sendable {
    private var slots: [DNSClient.Pending?] = Array(repeating: nil, count: 65_536)
    private var position: [Int32] = Array(repeating: -1, count: 65_536)
    private var used: [UInt16] = []
    private var state: UInt64 = 0
    private var untilReseed = 0

    subscript(id: UInt16) -> DNSClient.Pending? { slots[Int(id)] }

    var count: Int { used.count }

    /// Takes a free random ID for `entry`.
    mutating func insert(_ entry: DNSClient.Pending) -> UInt16 {
        var id = nextID()
        while position[Int(id)] >= 0 { id = nextID() }
        slots[Int(id)] = entry
        position[Int(id)] = Int32(used.count)
        used.append(id)
        return id
    }

    mutating func remove(_ id: UInt16) -> DNSClient.Pending? {
        guard let entry = slots[Int(id)] else { return nil }
        slots[Int(id)] = nil
        let at = Int(position[Int(id)])
        let last = used.removeLast()
        if at < used.count { used[at] = last; position[Int(last)] = Int32(at) }
        position[Int(id)] = -1
        return entry
    }

    mutating func removeExpired(now: NIODeadline) -> [DNSClient.Pending] {
        let ids = used.filter { slots[Int($0)]!.deadline <= now }
        return ids.compactMap { remove($0) }
    }

    mutating func removeAll() -> [DNSClient.Pending] {
        let entries = used.compactMap { slots[Int($0)] }
        for id in used { slots[Int(id)] = nil; position[Int(id)] = -1 }
        used.removeAll()
        return entries
    }

    private mutating func nextID() -> UInt16 {
        if untilReseed == 0 {
            var system = SystemRandomNumberGenerator()
            state ^= system.next()
            untilReseed = 4_096
        }
        untilReseed -= 1
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt16(truncatingIfNeeded: (z ^ (z >> 31)) >> 17)
    }
}
