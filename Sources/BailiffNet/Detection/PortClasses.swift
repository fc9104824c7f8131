import BailiffCore

/// The detectors' port lists as one 64K-entry table: a flow's ports are classified by indexing,
/// not by hashing into sets, on every flow.
struct PortClasses: Sendable {
    static let smtp: UInt8 = 1, ircClient: UInt8 = 2, ircLink: UInt8 = 4
    private let table: [UInt8]

    init(_ settings: FlowDetectorSettings) {
        var table = [UInt8](repeating: 0, count: 65_536)
        for port in settings.smtpPorts { table[Int(port)] |= Self.smtp }
        for port in settings.ircClientPorts { table[Int(port)] |= Self.ircClient }
        for port in settings.ircLinkPorts { table[Int(port)] |= Self.ircLink }
        self.table = table
    }

    func has(_ port: UInt16, _ kind: UInt8) -> Bool { table[Int(port)] & kind != 0 }
}
