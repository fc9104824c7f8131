import BailiffCore
import BailiffNet
import NIOConcurrencyHelpers
import NIOCore

/// The collector and the detectors behind one lock: the UDP handlers feed datagrams in on their
/// event loops, the flow service takes detections out once a second.
public final class FlowPipeline: Sendable {
    struct State: Sendable {
        var collector: FlowCollector
        var detectors: FlowDetectors
        var flows: [FlowRecord] = []
        var detections: [FlowDetection] = []
        var lastAdvance: Int64 = 0
    }

    private let state: NIOLockedValueBox<State>

    public init(collector: FlowCollectorSettings, detectors: FlowDetectorSettings, space: ProviderSpace, port25Opened: Set<IPAddress> = []) {
        state = NIOLockedValueBox(State(collector: FlowCollector(settings: collector),
                                        detectors: FlowDetectors(settings: detectors, space: space, port25Opened: port25Opened)))
    }

    /// Reads one datagram; `now` in milliseconds.
    @discardableResult
    public func ingest(_ datagram: ByteBuffer, from exporter: IPAddress, now: Int64) -> FlowCollector.Outcome {
        datagram.withUnsafeReadableBytes { ingest(bytes: $0, from: exporter, now: now) }
    }

    @discardableResult
    public func ingest(_ datagram: [UInt8], from exporter: IPAddress, now: Int64) -> FlowCollector.Outcome {
        datagram.withUnsafeBytes { ingest(bytes: $0, from: exporter, now: now) }
    }

    private func ingest(bytes: UnsafeRawBufferPointer, from exporter: IPAddress, now: Int64) -> FlowCollector.Outcome {
        state.withLockedValue { state in
            state.flows.removeAll(keepingCapacity: true)
            let outcome = state.collector.ingest(bytes: bytes, from: exporter, at: now, into: &state.flows)
            for flow in state.flows { state.detectors.observe(flow, now: now) }
            // Windows close as the flows' time moves on; look at most once a second of arrival time.
            if now - state.lastAdvance >= 1_000 {
                state.lastAdvance = now
                state.detections += state.detectors.advance()
            }
            return outcome
        }
    }

    /// What the detectors found since the last call; expires held sets and old templates.
    public func drain(now: Int64) -> [FlowDetection] {
        state.withLockedValue { state in
            state.collector.expire(at: now)
            let found = state.detections + state.detectors.advance()
            state.detections = []
            return found
        }
    }

    /// Closes every window (end of a replay, shutdown) and returns what they found.
    public func finish() -> [FlowDetection] {
        state.withLockedValue { state in
            let found = state.detections + state.detectors.finish()
            state.detections = []
            return found
        }
    }

    public var statistics: FlowStatistics { state.withLockedValue { $0.collector.statistics } }

    /// New provider networks (the inventory changed) and opened port-25 addresses.
    public func update(space: ProviderSpace? = nil, port25Opened: Set<IPAddress>? = nil) {
        state.withLockedValue { state in
            if let space { state.detectors.space = space }
            if let port25Opened { state.detectors.port25Opened = port25Opened }
        }
    }
}
