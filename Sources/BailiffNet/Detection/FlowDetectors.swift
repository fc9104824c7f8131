import BailiffCore

/// The detectors: outbound SMTP bursts, scans, outbound floods, attacks received and IRC servers,
/// each per provider address over windows of the flows' own time.
///
/// Pure state: feed it flows with `observe`, then `advance` returns what the windows that have
/// closed found. A window closes when a later flow of its address arrives or when the newest
/// flow time seen (the watermark) passes its end; `finish` closes every window (end of a replay).
public struct FlowDetectors: Sendable {
    public var settings: FlowDetectorSettings
    public var space: ProviderSpace
    /// Addresses whose outbound port 25 the provider opened: their mail servers send legitimately.
    public var port25Opened: Set<IPAddress>
    public private(set) var watermark: Int64 = .min
    var counting: [IPAddress: CountingWindow] = [:]
    var volume: [IPAddress: VolumeWindow] = [:]
    var irc: [IPAddress: IRCWindow] = [:]
    var pending: [FlowDetection] = []
    var lastReported: [String: Int64] = [:]

    public init(settings: FlowDetectorSettings = FlowDetectorSettings(), space: ProviderSpace, port25Opened: Set<IPAddress> = []) {
        self.settings = settings; self.space = space; self.port25Opened = port25Opened
    }

    /// Takes one flow into the windows of the provider addresses it involves. `now` (milliseconds)
    /// bounds the watermark so that an exporter with its clock in the future cannot close windows.
    public mutating func observe(_ flow: FlowRecord, now: Int64) {
        let outbound = space.contains(flow.source), inbound = space.contains(flow.destination)
        guard outbound || inbound else { return }
        watermark = max(watermark, min(flow.end, now + 300_000))
        if outbound { observeOutbound(flow) }
        if inbound { observeInbound(flow) }
    }

    private mutating func observeOutbound(_ flow: FlowRecord) {
        let address = flow.source, settings = self.settings, probe = isProbe(flow)
        countingWindow(address, at: flow.end) { window in
            window.end = max(window.end, flow.end)
            if flow.transport == FlowRecord.tcp, settings.smtpPorts.contains(flow.destinationPort) {
                window.smtpServers.insert(flow.destination); window.smtpFlows += 1; window.smtpSamples.keepSample(flow)
            }
            if probe {
                window.probeFlows += 1
                if window.probedHosts[flow.destinationPort, default: []].count < settings.scanDistinctHosts * 4 {
                    window.probedHosts[flow.destinationPort, default: []].insert(flow.destination)
                }
                if window.probedPorts.count < 100_000 || window.probedPorts[flow.destination] != nil,
                    window.probedPorts[flow.destination, default: []].count < settings.scanDistinctPorts * 4
                {
                    window.probedPorts[flow.destination, default: []].insert(flow.destinationPort)
                }
                window.probeSamples.keepSample(flow)
            }
        }
        if !flow.isEstablishedTCP {
            volumeWindow(address, at: flow.end) { window in
                if window.outbound.count < 100_000 || window.outbound[flow.destination] != nil { window.outbound[flow.destination, default: FlowVolume()].add(flow) }
                window.outboundTotal.add(flow)
                window.outboundSamples.keepSample(flow)
            }
        }
        if flow.transport == FlowRecord.tcp, settings.ircLinkPorts.contains(flow.destinationPort) || settings.ircLinkPorts.contains(flow.sourcePort) {
            ircWindow(address, at: flow.end) { window in
                let link = window.links[flow.destination] ?? (0, 0)
                window.links[flow.destination] = (link.bytes &+ flow.bytes, max(link.longest, flow.duration))
                window.samples.keepSample(flow)
            }
        }
    }

    private mutating func observeInbound(_ flow: FlowRecord) {
        let address = flow.destination, settings = self.settings
        countingWindow(address, at: flow.end) { window in
            if window.responders.count < 1_000_000 { window.responders.insert(flow.source) }
        }
        if !flow.isEstablishedTCP {
            volumeWindow(address, at: flow.end) { window in
                window.inboundTotal.add(flow)
                if window.inboundSources.count < 10_000 || window.inboundSources[flow.source] != nil { window.inboundSources[flow.source, default: 0] &+= flow.packets }
                window.inboundSamples.keepSample(flow)
            }
        }
        if flow.transport == FlowRecord.tcp, flow.isEstablishedTCP {
            if settings.ircClientPorts.contains(flow.destinationPort) {
                ircWindow(address, at: flow.end) { window in
                    window.clients[flow.source] = max(window.clients[flow.source] ?? 0, flow.duration)
                    window.samples.keepSample(flow)
                }
            } else if settings.ircLinkPorts.contains(flow.destinationPort) || settings.ircLinkPorts.contains(flow.sourcePort) {
                ircWindow(address, at: flow.end) { window in
                    let link = window.links[flow.source] ?? (0, 0)
                    window.links[flow.source] = (link.bytes &+ flow.bytes, max(link.longest, flow.duration))
                    window.samples.keepSample(flow)
                }
            }
        }
    }

    /// A flow that tried to reach something without a conversation following: TCP without an
    /// acknowledgement, or a UDP/ICMP flow of a packet or two.
    func isProbe(_ flow: FlowRecord) -> Bool {
        if flow.transport == FlowRecord.tcp { return flow.tcpFlags & FlowRecord.ackFlag == 0 }
        return flow.packets / UInt64(max(1, flow.samplingRate)) <= settings.probeMaximumPackets
    }

    private mutating func countingWindow(_ address: IPAddress, at time: Int64, _ update: (inout CountingWindow) -> Void) {
        if let window = counting[address], time >= window.start + settings.window {
            evaluate(window, address: address)
            counting[address] = nil
        }
        update(&counting[address, default: CountingWindow(start: time)])
    }

    private mutating func volumeWindow(_ address: IPAddress, at time: Int64, _ update: (inout VolumeWindow) -> Void) {
        if let window = volume[address], time >= window.start + settings.volumeWindow {
            evaluate(window, address: address)
            volume[address] = nil
        }
        update(&volume[address, default: VolumeWindow(start: time)])
    }

    private mutating func ircWindow(_ address: IPAddress, at time: Int64, _ update: (inout IRCWindow) -> Void) {
        if let window = irc[address], time >= window.start + settings.ircWindow {
            evaluate(window, address: address)
            irc[address] = nil
        }
        update(&irc[address, default: IRCWindow(start: time)])
    }

    /// What the windows closed so far found; closes the windows the watermark has passed.
    public mutating func advance() -> [FlowDetection] {
        for (address, window) in counting where watermark >= window.start + settings.window {
            evaluate(window, address: address); counting[address] = nil
        }
        for (address, window) in volume where watermark >= window.start + settings.volumeWindow {
            evaluate(window, address: address); volume[address] = nil
        }
        for (address, window) in irc where watermark >= window.start + settings.ircWindow {
            evaluate(window, address: address); irc[address] = nil
        }
        defer { pending = [] }
        return pending
    }

    /// Closes every window, as at the end of a replay.
    public mutating func finish() -> [FlowDetection] {
        for (address, window) in counting { evaluate(window, address: address) }
        for (address, window) in volume { evaluate(window, address: address) }
        for (address, window) in irc { evaluate(window, address: address) }
        counting = [:]; volume = [:]; irc = [:]
        defer { pending = [] }
        return pending
    }

    /// Records a detection unless the same address and category was reported within
    /// `repeatAfter` (attacks received are always reported: the blackhole probe needs to know).
    mutating func report(_ detection: FlowDetection) {
        let key = "\(detection.address) \(detection.category)"
        if detection.category != "attack-target", let last = lastReported[key], detection.windowStart - last < settings.repeatAfter { return }
        lastReported[key] = detection.windowStart
        pending.append(detection)
    }
}
