

/// How the collector treats its exporters.
public struct FlowCollectorSettings: Sendable, Hashable {
    /// Only datagrams from these networks are read; the rest are counted and dropped (UDP sources
    /// are easy to forge, but a template from a stranger must not replace an exporter's).
    public var exporters: [IPPrefix]
    /// A sampling rate that overrides whatever an exporter says (some say nothing).
    public var samplingRates: [IPAddress: UInt32]
    /// How long a template stays valid after it was last received (RFC 7011 §8.4 for IPFIX over
    /// UDP; the same rule for NetFlow v9), milliseconds.
    public var templateLifetime: Int64
    /// How long data sets that arrived before their template are kept, milliseconds, and how
    /// many per exporter.
    public var holdForTemplate: Int64
    public var holdLimit: Int

    public init(
        exporters: [IPPrefix] = FlowCollectorSettings.loopback, samplingRates: [IPAddress: UInt32] = [:], templateLifetime: Int64 = 1_800_000,
        holdForTemplate: Int64 = 10_000, holdLimit: Int = 64
    ) {
        self.exporters = exporters; self.samplingRates = samplingRates; self.templateLifetime = templateLifetime
        self.holdForTemplate = holdForTemplate; self.holdLimit = holdLimit
    }

    public static let loopback: [IPPrefix] = [
        try! IPPrefix(parsing: "127.0.0.0/8"), try! IPPrefix(parsing: "::1/128"),
    ]
}
