import BailiffCore

/// Reads NetFlow v5, NetFlow v9, IPFIX and sFlow v5 datagrams into flows.
///
/// Pure state over bytes: the UDP listener hands it each datagram with the sender's address and
/// the time it arrived. It keeps, per exporter and observation domain, the templates, the
/// sampling rates the exporter announced, held data sets and the sequence numbers. A malformed
/// datagram is counted by reason and dropped whole; nothing it contains reaches the flows.
public struct FlowCollector: Sendable {
    public var settings: FlowCollectorSettings
    public internal(set) var statistics = FlowStatistics()
    var streams: [StreamKey: StreamState] = [:]

    public init(settings: FlowCollectorSettings = FlowCollectorSettings()) {
        self.settings = settings
    }

    /// What became of one datagram.
    public enum Outcome: Sendable, Hashable {
        case accepted(flows: Int)
        case refused(reason: String)
        case malformed(FlowDecodeError)
    }

    /// One exporter's stream: its address, the protocol and the observation domain (v9 source id,
    /// IPFIX observation domain, sFlow sub-agent, v5 engine).
    struct StreamKey: Hashable, Sendable {
        var exporter: IPAddress
        var version: UInt16
        var domain: UInt32
    }

    struct HeldSet: Sendable {
        var templateID: UInt16
        var bytes: [UInt8]
        var clock: ExportClock
        var receivedAt: Int64
    }

    struct StreamState: Sendable {
        var templates: [UInt16: FlowTemplate] = [:]
        /// Sampling announced in options data: per sampler id, and for the whole exporter.
        var samplerRates: [UInt64: UInt32] = [:]
        var exporterRate: UInt32?
        var systemInitMilliseconds: Int64?
        var held: [HeldSet] = []
        var sequence = SequenceTracker()
    }

    /// The exporter's clock at export: what relative times in its records are measured against.
    struct ExportClock: Sendable {
        /// Export time, milliseconds since the epoch.
        var exportMilliseconds: Int64
        /// Exporter uptime at export, milliseconds (NetFlow only).
        var uptime: UInt32?
    }

    /// Reads one datagram from `exporter`, appending its flows to `flows`.
    @discardableResult
    public mutating func ingest(_ datagram: [UInt8], from exporter: IPAddress, at now: Int64, into flows: inout [FlowRecord]) -> Outcome {
        datagram.withUnsafeBytes { ingest(bytes: $0, from: exporter, at: now, into: &flows) }
    }

    /// The same over borrowed bytes: the listener hands over its receive buffer without a copy.
    @discardableResult
    public mutating func ingest(bytes: UnsafeRawBufferPointer, from exporter: IPAddress, at now: Int64, into flows: inout [FlowRecord]) -> Outcome {
        statistics.datagrams += 1
        guard settings.exporters.contains(where: { $0.contains(exporter) }) else {
            statistics.refused += 1
            return .refused(reason: "\(exporter) is not an allowed exporter (flows.exporters)")
        }
        let before = flows.count
        let failure: FlowDecodeError? = {
            do throws(FlowDecodeError) {
                var reader = ByteReader(bytes)
                guard bytes.count >= 4 else { throw FlowDecodeError.truncated("the version field") }
                let version = try reader.u16("the version")
                switch version {
                case 5: try readNetFlowV5(&reader, exporter: exporter, into: &flows)
                case 9: try readNetFlowV9(&reader, exporter: exporter, now: now, into: &flows)
                case 10: try readIPFIX(&reader, exporter: exporter, now: now, into: &flows)
                case 0:
                    // sFlow's version is a 32-bit field: 0x00000005.
                    guard try reader.u16("the sFlow version") == 5 else { throw FlowDecodeError("bad-version", "sFlow datagram of an unknown version") }
                    try readSFlow(&reader, exporter: exporter, now: now, into: &flows)
                default:
                    throw FlowDecodeError("bad-version", "version \(version) is not NetFlow v5, v9, IPFIX (10) or sFlow v5")
                }
                return nil
            } catch {
                return error
            }
        }()
        if let error = failure {
            flows.removeSubrange(before...)
            statistics.malformed[error.reason, default: 0] += 1
            return .malformed(error)
        }
        statistics.flows += UInt64(flows.count - before)
        for flow in flows[before...] { statistics.packets &+= flow.packets; statistics.bytes &+= flow.bytes }
        return .accepted(flows: flows.count - before)
    }

    /// The rate to scale an exporter's volumes by: configuration first, then what it announced.
    func samplingRate(_ exporter: IPAddress, announced: UInt32?) -> UInt32 {
        if let configured = settings.samplingRates[exporter] { return max(1, configured) }
        return max(1, announced ?? 1)
    }

    /// Drops held data sets whose template never came, and templates past their lifetime.
    public mutating func expire(at now: Int64) {
        for key in Array(streams.keys) {
            guard var state = streams[key] else { continue }
            let before = state.held.count
            state.held.removeAll { now - $0.receivedAt > settings.holdForTemplate }
            statistics.droppedWithoutTemplate += UInt64(before - state.held.count)
            let stale = state.templates.filter { now - $0.value.receivedAt > settings.templateLifetime }.map(\.key)
            for id in stale { state.templates[id] = nil }
            statistics.templatesExpired += UInt64(stale.count)
            streams[key] = state
        }
    }
}
