/// A half-open interval of time `[from, until)` in whole seconds since the Unix epoch.
///
/// `until == nil` means "still valid". Whole seconds are precise enough for who held an address
/// and keep the attribution table small; instants are compared as integers everywhere.
public struct Validity: Hashable, Sendable, Codable {
    public var from: Int64
    public var until: Int64?

    public init(from: Int64, until: Int64? = nil) {
        self.from = from
        self.until = until
    }

    /// Whether the interval covers the instant `t`.
    @inline(__always)
    public func contains(_ t: Int64) -> Bool { from <= t && t < (until ?? .max) }

    /// Whether the two intervals share at least one instant.
    public func overlaps(_ other: Validity) -> Bool {
        from < (other.until ?? .max) && other.from < (until ?? .max)
    }

    public var isOpen: Bool { until == nil }
}
