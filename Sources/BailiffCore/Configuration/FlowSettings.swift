/// The network sensors: the flow collector and its detectors, and the Tor directory watch.
public struct FlowSettings: Sendable, Hashable {
    /// UDP listeners for NetFlow v5/v9, IPFIX and sFlow (`host:port`, several allowed; all
    /// protocols on every port); empty: no collector.
    public var listen: [String] = []
    public var collector = FlowCollectorSettings()
    public var detectors = FlowDetectorSettings()
    /// A name for this collector's site, carried in its reports.
    public var site = ""
    /// The token `bailiff collect` presents to ship sensor reports to the server (and that the
    /// server requires for them); empty: sensor reports over HTTP are refused. Secret.
    public var sensorToken = ""
    /// Minutes after which a blackhole for an attacked address is withdrawn to look whether the
    /// attack goes on (once blackholed, the attack is invisible in the provider's own flows); it is
    /// announced again when the attack is still there. 0: never withdrawn automatically.
    public var blackholeProbeMinutes = 60
    /// Tor exit lists, consensuses and microdescriptor files or URLs to read on a schedule;
    /// empty: no Tor watch.
    public var torSources: [String] = []
    public var torIntervalMinutes = 60

    public init() {}
}

extension BailiffConfiguration {
    static func flowKey(_ name: String, _ help: String, secret: Bool = false, _ apply: @escaping @Sendable (inout FlowSettings, String) -> String?,
                        show: @escaping @Sendable (FlowSettings) -> String) -> Key {
        Key(name: name, help: help, isSecret: secret, apply: { config, value in apply(&config.flows, value) }, show: { show($0.flows) })
    }

    static func positive<T: LosslessStringConvertible & Comparable & Numeric>(_ value: String, _ set: (T) -> Void) -> String? {
        guard let number = T(value), number > 0 else { return "must be a positive number" }
        set(number)
        return nil
    }

    static let flowKeys: [Key] = [
        flowKey("flows.listen", "UDP host:port listeners for NetFlow/IPFIX/sFlow, space-separated; empty: no collector", { flows, value in
            let listeners = value.split(separator: " ").map(String.init)
            guard listeners.allSatisfy({ $0.split(separator: ":").last.flatMap { Int($0) }.map { (1...65_535).contains($0) } ?? false }) else {
                return "must be host:port pairs separated by spaces, e.g. 127.0.0.1:2055 [::1]:6343"
            }
            flows.listen = listeners
            return nil
        }, show: { $0.listen.joined(separator: " ") }),
        flowKey("flows.exporters", "networks allowed to send flows, space-separated (default 127.0.0.0/8 ::1/128)", { flows, value in
            var prefixes: [IPPrefix] = []
            for word in value.split(separator: " ") {
                guard let prefix = try? IPPrefix(parsing: word) else { return "\"\(word)\" is not a prefix such as 192.0.2.0/24" }
                prefixes.append(prefix)
            }
            flows.collector.exporters = prefixes
            return nil
        }, show: { $0.collector.exporters.map(\.description).joined(separator: " ") }),
        flowKey("flows.sampling", "sampling rates that override the exporters', e.g. 192.0.2.1=1000 198.51.100.7=512", { flows, value in
            var rates: [IPAddress: UInt32] = [:]
            for word in value.split(separator: " ") {
                let parts = word.split(separator: "=")
                guard parts.count == 2, let address = IPAddress(parts[0]), let rate = UInt32(parts[1]), rate > 0 else {
                    return "\"\(word)\" is not exporter=rate (e.g. 192.0.2.1=1000)"
                }
                rates[address] = rate
            }
            flows.collector.samplingRates = rates
            return nil
        }, show: { $0.collector.samplingRates.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }),
        flowKey("flows.template_lifetime_seconds", "how long a NetFlow v9/IPFIX template stays valid without a refresh (default 1800)", { flows, value in
            positive(value) { (seconds: Int64) in flows.collector.templateLifetime = seconds * 1_000 }
        }, show: { String($0.collector.templateLifetime / 1_000) }),
        flowKey("flows.site", "name of this collector's site, carried in its reports", { flows, value in flows.site = value; return nil }, show: { $0.site }),
        flowKey("flows.sensor_token", "token bailiff collect presents to ship sensor reports; empty: refused over HTTP", secret: true, { flows, value in
            guard value.isEmpty || (value.count >= 16 && value.allSatisfy({ $0.isASCII && !$0.isWhitespace })) else {
                return "must be at least 16 printable characters without spaces, or empty"
            }
            flows.sensorToken = value
            return nil
        }, show: { $0.sensorToken }),
        flowKey("flows.blackhole_probe_minutes", "withdraw an attack blackhole after this long to see if the attack goes on; 0: never", { flows, value in
            guard let minutes = Int(value), minutes >= 0 else { return "must be a number of minutes, 0 or more" }
            flows.blackholeProbeMinutes = minutes
            return nil
        }, show: { String($0.blackholeProbeMinutes) }),
        flowKey("flows.window_seconds", "window of the SMTP and scan detectors (default 300)", { flows, value in
            positive(value) { (seconds: Int64) in flows.detectors.window = seconds * 1_000 }
        }, show: { String($0.detectors.window / 1_000) }),
        flowKey("flows.volume_window_seconds", "window of the flood detectors (default 60)", { flows, value in
            positive(value) { (seconds: Int64) in flows.detectors.volumeWindow = seconds * 1_000 }
        }, show: { String($0.detectors.volumeWindow / 1_000) }),
        flowKey("flows.smtp_servers", "distinct mail servers in a window that make an SMTP burst (default 50)", { flows, value in
            positive(value) { (count: Int) in flows.detectors.smtpDistinctServers = count }
        }, show: { String($0.detectors.smtpDistinctServers) }),
        flowKey("flows.smtp_servers_opened", "the same for addresses with port 25 opened (default 500)", { flows, value in
            positive(value) { (count: Int) in flows.detectors.smtpDistinctServersOpened = count }
        }, show: { String($0.detectors.smtpDistinctServersOpened) }),
        flowKey("flows.scan_hosts", "unanswered hosts probed on one port in a window that make a scan (default 100)", { flows, value in
            positive(value) { (count: Int) in flows.detectors.scanDistinctHosts = count }
        }, show: { String($0.detectors.scanDistinctHosts) }),
        flowKey("flows.scan_ports", "ports probed on one host in a window that make a scan (default 100)", { flows, value in
            positive(value) { (count: Int) in flows.detectors.scanDistinctPorts = count }
        }, show: { String($0.detectors.scanDistinctPorts) }),
        flowKey("flows.flood_pps", "outbound non-conversation packets/s to one destination that make a flood (default 20000)", { flows, value in
            positive(value) { (rate: Double) in flows.detectors.floodPacketsPerSecond = rate }
        }, show: { String(Int($0.detectors.floodPacketsPerSecond)) }),
        flowKey("flows.flood_bps", "the same in bits/s (default 200000000)", { flows, value in
            positive(value) { (rate: Double) in flows.detectors.floodBitsPerSecond = rate }
        }, show: { String(Int($0.detectors.floodBitsPerSecond)) }),
        flowKey("flows.attack_pps", "inbound non-conversation packets/s to one address that make an attack (default 50000)", { flows, value in
            positive(value) { (rate: Double) in flows.detectors.attackPacketsPerSecond = rate }
        }, show: { String(Int($0.detectors.attackPacketsPerSecond)) }),
        flowKey("flows.attack_bps", "the same in bits/s (default 500000000)", { flows, value in
            positive(value) { (rate: Double) in flows.detectors.attackBitsPerSecond = rate }
        }, show: { String(Int($0.detectors.attackBitsPerSecond)) }),
        flowKey("flows.irc_clients", "distinct long-lived clients on IRC client ports that, with a server link, make an IRC server (default 10)", { flows, value in
            positive(value) { (count: Int) in flows.detectors.ircDistinctClients = count }
        }, show: { String($0.detectors.ircDistinctClients) }),
        flowKey("tor.sources", "Tor exit lists, consensuses or microdescriptor files/URLs to watch, space-separated", { flows, value in
            flows.torSources = value.split(separator: " ").map(String.init)
            return nil
        }, show: { $0.torSources.joined(separator: " ") }),
        flowKey("tor.interval_minutes", "how often the Tor sources are read (default 60)", { flows, value in
            positive(value) { (minutes: Int) in flows.torIntervalMinutes = minutes }
        }, show: { String($0.torIntervalMinutes) }),
    ]
}
