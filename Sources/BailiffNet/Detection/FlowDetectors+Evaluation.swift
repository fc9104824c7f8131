import BailiffCore

/// A window that can be judged when it closes.
protocol ClosableWindow {
    var start: Int64 { get }
    func evaluate(in detectors: inout FlowDetectors, address: IPAddress)
}

extension CountingWindow: ClosableWindow {
    func evaluate(in detectors: inout FlowDetectors, address: IPAddress) { detectors.evaluate(self, address: address) }
}

extension VolumeWindow: ClosableWindow {
    func evaluate(in detectors: inout FlowDetectors, address: IPAddress) { detectors.evaluate(self, address: address) }
}

extension IRCWindow: ClosableWindow {
    func evaluate(in detectors: inout FlowDetectors, address: IPAddress) { detectors.evaluate(self, address: address) }
}

extension FlowDetectors {
    func top<Key: CustomStringConvertible>(_ counts: [Key: UInt64], _ limit: Int = 10) -> [FlowDetection.Peer] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.description < $1.key.description }.prefix(limit)
            .map { FlowDetection.Peer(address: $0.key.description, count: $0.value) }
    }

    mutating func evaluate(_ window: CountingWindow, address: IPAddress) {
        let limit = port25Opened.contains(address) ? settings.smtpDistinctServersOpened : settings.smtpDistinctServers
        if window.smtpServers.count >= limit {
            report(FlowDetection(
                address: address.description, category: "spam", detector: "smtp-burst", windowStart: window.start, windowEnd: window.end,
                summary: "\(address) opened SMTP connections to \(window.smtpServers.count) distinct mail servers in \(minutes(window.end - window.start)) "
                    + "(threshold \(limit)\(port25Opened.contains(address) ? ", port 25 opened" : ", port 25 not opened"))",
                counters: ["distinct_servers": Double(window.smtpServers.count), "smtp_flows": Double(window.smtpFlows), "threshold": Double(limit)],
                topPeers: window.smtpServers.sorted().prefix(10).map { FlowDetection.Peer(address: $0.description, count: 1) },
                sampleFlows: window.smtpSamples.map(\.description)))
        }
        // Horizontal: one port, many hosts that never answered.
        var horizontal: (port: UInt16, hosts: Int, probed: Int)?
        // Sweeps of the mail port are the SMTP detector's: a spam run through a closed port 25 is
        // spam, not a scan.
        for (port, hosts) in window.probedHosts where hosts.count >= settings.scanDistinctHosts && !settings.smtpPorts.contains(port) {
            let answers = self.answers
            let unanswered = hosts.filter { !answers.answered($0, to: address) }.count
            if unanswered >= settings.scanDistinctHosts, unanswered > horizontal?.hosts ?? 0 { horizontal = (port, unanswered, hosts.count) }
        }
        if let horizontal {
            report(FlowDetection(
                address: address.description, category: "scanning", detector: "horizontal-scan", windowStart: window.start, windowEnd: window.end,
                summary: "\(address) probed port \(horizontal.port) on \(horizontal.hosts) distinct hosts that did not answer in \(minutes(window.end - window.start))",
                counters: ["port": Double(horizontal.port), "unanswered_hosts": Double(horizontal.hosts), "probed_hosts": Double(horizontal.probed),
                           "probe_flows": Double(window.probeFlows), "threshold": Double(settings.scanDistinctHosts)],
                topPeers: top(window.probedHosts.mapValues { UInt64($0.count) }).map { FlowDetection.Peer(address: "port \($0.address)", count: $0.count) },
                sampleFlows: window.probeSamples.map(\.description)))
            return
        }
        // Vertical: one host, many ports.
        if let (host, ports) = window.probedPorts.max(by: { $0.value.count < $1.value.count }), ports.count >= settings.scanDistinctPorts {
            report(FlowDetection(
                address: address.description, category: "scanning", detector: "vertical-scan", windowStart: window.start, windowEnd: window.end,
                summary: "\(address) probed \(ports.count) distinct ports of \(host) in \(minutes(window.end - window.start))",
                counters: ["distinct_ports": Double(ports.count), "probe_flows": Double(window.probeFlows), "threshold": Double(settings.scanDistinctPorts)],
                topPeers: top(window.probedPorts.mapValues { UInt64($0.count) }, 5),
                sampleFlows: window.probeSamples.map(\.description)))
        }
    }

    mutating func evaluate(_ window: VolumeWindow, address: IPAddress) {
        let span = settings.minimumRateSpan
        // Thresholds against what each destination certainly received (the sketch never overstates).
        let floods = window.outbound.entries.filter { entry in
            var volume = entry.volume
            volume.packets = entry.guaranteed
            return volume.packets >= settings.floodMinimumPackets
                && (volume.packetsPerSecond(minimum: span) >= settings.floodPacketsPerSecond || volume.bitsPerSecond(minimum: span) >= settings.floodBitsPerSecond)
        }
        let total = window.outboundTotal
        let spray = total.packets >= settings.floodMinimumPackets && total.packetsPerSecond(minimum: span) >= settings.floodAggregatePacketsPerSecond
        if !floods.isEmpty || spray {
            let worst = floods.max { $0.guaranteed < $1.guaranteed }
            let subject = worst.map { "to \($0.peer)" } ?? "to many destinations"
            let volume = worst?.volume ?? total
            report(FlowDetection(
                address: address.description, category: "network-attack", detector: "outbound-flood", windowStart: total.first, windowEnd: total.last,
                summary: "\(address) sent \(Int(volume.packetsPerSecond(minimum: span))) packets/s (\(megabits(volume.bitsPerSecond(minimum: span)))) "
                    + "of non-conversation traffic \(subject)",
                counters: ["packets_per_second": volume.packetsPerSecond(minimum: span), "bits_per_second": volume.bitsPerSecond(minimum: span),
                           "packets": Double(volume.packets), "bytes": Double(volume.bytes), "total_packets": Double(total.packets),
                           "threshold_pps": settings.floodPacketsPerSecond],
                topPeers: window.outbound.entries.sorted { $0.guaranteed > $1.guaranteed }.map { FlowDetection.Peer(address: $0.peer.description, count: $0.guaranteed) },
                sampleFlows: window.outboundSamples.map(\.description)))
        }
        let inbound = window.inboundTotal
        if inbound.packets >= settings.floodMinimumPackets,
            inbound.packetsPerSecond(minimum: span) >= settings.attackPacketsPerSecond || inbound.bitsPerSecond(minimum: span) >= settings.attackBitsPerSecond
        {
            report(FlowDetection(
                address: address.description, category: "attack-target", detector: "inbound-attack", windowStart: inbound.first, windowEnd: inbound.last,
                summary: "\(address) received \(Int(inbound.packetsPerSecond(minimum: span))) packets/s (\(megabits(inbound.bitsPerSecond(minimum: span)))) "
                    + "of non-conversation traffic",
                counters: ["packets_per_second": inbound.packetsPerSecond(minimum: span), "bits_per_second": inbound.bitsPerSecond(minimum: span),
                           "packets": Double(inbound.packets), "bytes": Double(inbound.bytes),
                           "threshold_pps": settings.attackPacketsPerSecond],
                topPeers: window.inboundSources.entries.sorted { $0.guaranteed > $1.guaranteed }
                    .map { FlowDetection.Peer(address: $0.peer.description, count: $0.guaranteed) },
                sampleFlows: window.inboundSamples.map(\.description)))
        }
    }

    mutating func evaluate(_ window: IRCWindow, address: IPAddress) {
        let clients = window.clients.filter { $0.value >= settings.ircSessionMinimum }
        let links = window.links.filter { $0.value.longest >= settings.ircSessionMinimum && $0.value.bytes >= settings.ircLinkBurstBytes }
        guard clients.count >= settings.ircDistinctClients, !links.isEmpty else { return }
        let end = window.start + settings.ircWindow
        report(FlowDetection(
            address: address.description, category: "irc", detector: "irc-server", windowStart: window.start, windowEnd: end,
            summary: "\(address) served \(clients.count) IRC clients in long-lived sessions and kept \(links.count) server link(s) "
                + "(\(links.keys.sorted().map(\.description).joined(separator: ", ")))",
            counters: ["clients": Double(clients.count), "links": Double(links.count),
                       "link_bytes": Double(links.values.map(\.bytes).reduce(0, +)), "threshold_clients": Double(settings.ircDistinctClients)],
            topPeers: top(links.mapValues(\.bytes)) + top(clients.mapValues { UInt64($0) }, 5),
            sampleFlows: window.samples.map(\.description)))
    }

    func minutes(_ milliseconds: Int64) -> String {
        milliseconds < 120_000 ? "\(max(0, milliseconds) / 1_000) s" : "\(milliseconds / 60_000) min"
    }

    func megabits(_ bitsPerSecond: Double) -> String { "\(Int(bitsPerSecond / 1_000_000)) Mbit/s" }
}
