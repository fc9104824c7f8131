import BailiffCore

/// The detectors: outbound SMTP bursts, scans, outbound floods, attacks received and IRC servers,
/// each per provider address over windows of the flows' own time.
///
/// State without I/O: feed it flows with `observe`, then `advance` returns what the windows that
/// have closed found. Its per-address state is held by reference (see ``AddressActivity``): a
/// copy of a `FlowDetectors` shares it, so keep one and serialise access to it. A window closes when a later flow of its address arrives or when the newest
/// flow time seen (the watermark) passes its end; `finish` closes every window (end of a replay).
public struct FlowDetectors: Sendable {
    public var settings: FlowDetectorSettings
    public var space: ProviderSpace
    /// Addresses whose outbound port 25 the provider opened: their mail servers send legitimately.
    public var port25Opened: Set<IPAddress>
    public private(set) var watermark: Int64 = .min
    var activity: [IPAddress: AddressActivity] = [:]
    var answers = AnswerFilter()
    let ports: PortClasses
    var pending: [FlowDetection] = []
    var lastReported: [String: Int64] = [:]

    public init(settings: FlowDetectorSettings = FlowDetectorSettings(), space: ProviderSpace, port25Opened: Set<IPAddress> = []) {
        self.settings = settings; self.space = space; self.port25Opened = port25Opened
        self.ports = PortClasses(settings)
    }

    /// Takes one flow into the windows of the provider addresses it involves. `now` (milliseconds)
    /// bounds the watermark so that an exporter with its clock in the future cannot close windows.
    public mutating func observe(_ flow: FlowRecord, now: Int64) {
        let outbound = space.contains(flow.source), inbound = space.contains(flow.destination)
        guard outbound || inbound else { return }
        watermark = max(watermark, min(flow.end, now + 300_000))
        answers.rotate(at: flow.end, generation: settings.window)
        if outbound { observeOutbound(flow) }
        if inbound { observeInbound(flow) }
    }

    private mutating func observeOutbound(_ flow: FlowRecord) {
        let address = flow.source, time = flow.end
        let isTCP = flow.transport == FlowRecord.tcp
        let smtp = isTCP && ports.has(flow.destinationPort, PortClasses.smtp), probe = isProbe(flow)
        let ircLink = isTCP && (ports.has(flow.destinationPort, PortClasses.ircLink) || ports.has(flow.sourcePort, PortClasses.ircLink))
        // An established conversation on ordinary ports concerns no detector: no lookup at all.
        guard smtp || probe || ircLink || !flow.isEstablishedTCP else { return }
        let state = activity(address)
        if smtp || probe {
            var window = open(&state.counting, address, at: time, length: settings.window) { CountingWindow(start: time) }
            window.end = max(window.end, time)
            if smtp { window.smtpServers.insert(flow.destination); window.smtpFlows += 1; window.smtpSamples.keepSample(flow) }
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
            state.counting = window
        }
        if !flow.isEstablishedTCP {
            var window = open(&state.volume, address, at: time, length: settings.volumeWindow) { VolumeWindow(start: time) }
            window.outbound.add(flow.destination, flow)
            window.outboundTotal.add(flow)
            window.outboundSamples.keepSample(flow)
            state.volume = window
        }
        if ircLink {
            var window = open(&state.irc, address, at: time, length: settings.ircWindow) { IRCWindow(start: time) }
            let link = window.links[flow.destination] ?? (0, 0)
            window.links[flow.destination] = (link.bytes &+ flow.bytes, max(link.longest, flow.duration))
            window.samples.keepSample(flow)
            state.irc = window
        }
    }

    private mutating func observeInbound(_ flow: FlowRecord) {
        let address = flow.destination, time = flow.end
        answers.recordAnswer(from: flow.source, to: address)
        let established = flow.isEstablishedTCP
        let ircClient = established && ports.has(flow.destinationPort, PortClasses.ircClient)
        let ircLink = established && !ircClient && (ports.has(flow.destinationPort, PortClasses.ircLink) || ports.has(flow.sourcePort, PortClasses.ircLink))
        guard !established || ircClient || ircLink else { return }
        let state = activity(address)
        if !established {
            var window = open(&state.volume, address, at: time, length: settings.volumeWindow) { VolumeWindow(start: time) }
            window.inboundTotal.add(flow)
            window.inboundSources.add(flow.source, flow)
            window.inboundSamples.keepSample(flow)
            state.volume = window
        } else {
            var window = open(&state.irc, address, at: time, length: settings.ircWindow) { IRCWindow(start: time) }
            if ircClient {
                window.clients[flow.source] = max(window.clients[flow.source] ?? 0, flow.duration)
            } else {
                let link = window.links[flow.source] ?? (0, 0)
                window.links[flow.source] = (link.bytes &+ flow.bytes, max(link.longest, flow.duration))
            }
            window.samples.keepSample(flow)
            state.irc = window
        }
    }

    /// The state of `address`, created on first use.
    private mutating func activity(_ address: IPAddress) -> AddressActivity {
        if let state = activity[address] { return state }
        let state = AddressActivity()
        activity[address] = state
        return state
    }

    /// A flow that tried to reach something without a conversation following: TCP without an
    /// acknowledgement, or a UDP/ICMP flow of a packet or two.
    func isProbe(_ flow: FlowRecord) -> Bool {
        if flow.transport == FlowRecord.tcp { return flow.tcpFlags & FlowRecord.ackFlag == 0 }
        return flow.packets / UInt64(max(1, flow.samplingRate)) <= settings.probeMaximumPackets
    }

    /// The window in `slot`, taken out to be updated (the caller puts it back); a window whose
    /// time is over is evaluated first and a new one started.
    private mutating func open<Window: ClosableWindow>(_ slot: inout Window?, _ address: IPAddress, at time: Int64, length: Int64,
                                                       _ make: () -> Window) -> Window {
        if let window = slot.take() {
            if time < window.start + length { return window }
            window.evaluate(in: &self, address: address)
        }
        return make()
    }

    /// What the windows closed so far found; closes the windows the watermark has passed.
    public mutating func advance() -> [FlowDetection] {
        let watermark = self.watermark
        close { window, length in watermark >= window + length }
        defer { pending = [] }
        return pending
    }

    /// Closes every window, as at the end of a replay.
    public mutating func finish() -> [FlowDetection] {
        close { _, _ in true }
        defer { pending = [] }
        return pending
    }

    private mutating func close(when due: (Int64, Int64) -> Bool) {
        for address in Array(activity.keys) {
            guard let state = activity[address] else { continue }
            if let window = state.counting, due(window.start, settings.window) { window.evaluate(in: &self, address: address); state.counting = nil }
            if let window = state.volume, due(window.start, settings.volumeWindow) { window.evaluate(in: &self, address: address); state.volume = nil }
            if let window = state.irc, due(window.start, settings.ircWindow) { window.evaluate(in: &self, address: address); state.irc = nil }
            if state.isEmpty { activity[address] = nil }
        }
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
