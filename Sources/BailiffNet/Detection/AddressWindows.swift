import BailiffCore

/// What one provider address did in the current counting window (SMTP and scan detectors).
struct CountingWindow: Sendable {
    var start: Int64
    var end: Int64
    var smtpServers: Set<IPAddress> = []
    var smtpFlows = 0
    var smtpSamples: [FlowRecord] = []
    /// Unanswered-probe candidates: hosts per destination port, ports per host.
    var probedHosts: [UInt16: Set<IPAddress>] = [:]
    var probedPorts: [IPAddress: Set<UInt16>] = [:]
    var probeFlows = 0
    var probeSamples: [FlowRecord] = []

    init(start: Int64) { self.start = start; self.end = start }
}

/// Traffic volumes of one provider address in the current volume window (flood detectors).
struct VolumeWindow: Sendable {
    var start: Int64
    /// Outbound traffic that is not established TCP: the heaviest destinations and the total.
    var outbound = HeavyHitters()
    var outboundTotal = FlowVolume()
    var outboundSamples: [FlowRecord] = []
    /// Inbound traffic that is not established TCP: the total and the heaviest sources.
    var inboundTotal = FlowVolume()
    var inboundSources = HeavyHitters(capacity: 10)
    var inboundSamples: [FlowRecord] = []

    init(start: Int64) { self.start = start }
}

/// IRC sessions of one provider address in the current IRC window.
struct IRCWindow: Sendable {
    var start: Int64
    /// Clients on the IRC client ports, with their longest session (milliseconds).
    var clients: [IPAddress: Int64] = [:]
    /// Peers on server-link ports: bytes exchanged and the longest session.
    var links: [IPAddress: (bytes: UInt64, longest: Int64)] = [:]
    var samples: [FlowRecord] = []

    init(start: Int64) { self.start = start }
}

/// Everything the detectors keep about one provider address: one dictionary entry, found once
/// per flow and changed in place.
///
/// A class, measured: as a struct, taking it out of the dictionary and putting it back copied
/// every window's references (a quarter of the collector's time at a million flows a second).
/// Only ``FlowDetectors`` holds these, and its owner serialises access (``FlowPipeline``'s lock).
final class AddressActivity: @unchecked Sendable {
    var counting: CountingWindow?
    var volume: VolumeWindow?
    var irc: IRCWindow?

    var isEmpty: Bool { counting == nil && volume == nil && irc == nil }
}

extension Array where Element == FlowRecord {
    /// Keeps the first few flows of a pattern as evidence.
    mutating func keepSample(_ flow: FlowRecord, limit: Int = 5) {
        if count < limit { append(flow) }
    }
}
