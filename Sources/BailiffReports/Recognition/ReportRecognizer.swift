import BailiffCore

/// What a recogniser may know besides the message itself.
public struct AnalysisContext: Sendable {
    /// When Bailiff received the message; the last resort for an event's time.
    public var receivedAt: Int64
    /// Addresses that must never become events: the provider's own mail relays, resolvers and
    /// routers as they appear in headers (a report quoting our relay is about someone behind it).
    public var isProviderInfrastructure: @Sendable (IPAddress) -> Bool

    public init(receivedAt: Int64, isProviderInfrastructure: @escaping @Sendable (IPAddress) -> Bool = { _ in false }) {
        self.receivedAt = receivedAt
        self.isProviderInfrastructure = isProviderInfrastructure
    }
}

/// One report format. Recognisers are tried in order; the first that claims a message decides.
public protocol ReportRecognizer: Sendable {
    /// The format's name in `bailiff parse` output, e.g. `arf`.
    var format: String { get }

    /// The analysis when `message` is of this format (even a quarantine, when it is of the format
    /// but broken); nil when it is not this recogniser's business.
    func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis?
}
