import BailiffCore

/// One thing a report says happened: who (address, port, URL), when, what, on whose word.
public struct ReportEvent: Sendable, Hashable {
    /// Where the time of an event came from, weakest last.
    public enum TimeSource: String, Sendable, Hashable, Codable {
        /// The report states it for this event.
        case report
        /// The report's own `Date` header.
        case messageDate = "message-date"
        /// When Bailiff received it.
        case arrival
    }

    public var ip: IPAddress?
    public var port: Int?
    public var url: String?
    public var category: AbuseCategory
    /// Seconds since the epoch, UTC.
    public var occurredAt: Int64
    public var timeSource: TimeSource
    /// Who says so: the reporting organisation or address.
    public var reporter: String?
    /// A short excerpt of the evidence, for notices and the case page.
    public var excerpt: String?
    /// For spam: the address that received the reported mail, when the report says (the AUP
    /// excepts companies' general addresses at their own domains).
    public var recipient: String?
    /// For spam with a copy of the mail: what it shows of the sender's mass-mailing duties
    /// (``MassMailerFindings``), as lines for the case and the notice.
    public var findings: [String]

    public init(
        ip: IPAddress? = nil, port: Int? = nil, url: String? = nil, category: AbuseCategory, occurredAt: Int64,
        timeSource: TimeSource, reporter: String? = nil, excerpt: String? = nil, recipient: String? = nil, findings: [String] = []
    ) {
        self.ip = ip; self.port = port; self.url = url; self.category = category; self.occurredAt = occurredAt
        self.timeSource = timeSource; self.reporter = reporter; self.excerpt = excerpt; self.recipient = recipient; self.findings = findings
    }
}

/// What reading a message came to.
public struct ReportAnalysis: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// A report, understood: its events follow.
        case parsed
        /// Not a report at all (auto-reply, bounce of others' mail, DMARC aggregate, newsletter…).
        case notAReport = "not-a-report"
        /// A report that could not be understood; kept with the reason, for a person to look at.
        case quarantined
    }

    public var status: Status
    /// The recognised format, e.g. `arf`, `xarf`, `spamcop`, `shadowserver`, `free-text`.
    public var format: String?
    /// Why it is not a report or was quarantined; for parsed reports, notes worth keeping.
    public var reason: String?
    public var events: [ReportEvent]
    /// For intellectual-property notices: whether the complaint meets the AUP's requirements.
    public var ipNotice: IPNoticeAssessment?

    public init(status: Status, format: String? = nil, reason: String? = nil, events: [ReportEvent] = []) {
        self.status = status; self.format = format; self.reason = reason; self.events = events
    }

    public static func quarantined(_ format: String?, _ reason: String) -> ReportAnalysis {
        ReportAnalysis(status: .quarantined, format: format, reason: reason)
    }
}
