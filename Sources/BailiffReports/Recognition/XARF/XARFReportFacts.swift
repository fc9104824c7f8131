import BailiffCore

/// What a structurally valid XARF or X-ARF report says, before it becomes a ``ReportEvent``:
/// the reported source, the mapped category, the report's own time if it has one, who reports it.
///
/// Kept apart from ``ReportEvent`` because the time may still be missing here: the recogniser
/// that found the report decides the fallback (the mail's `Date`, else the arrival time).
struct XARFReportFacts: Sendable, Hashable {
    var ip: IPAddress?
    var port: Int?
    var url: String?
    var category: AbuseCategory
    /// The time the report states for the event, epoch seconds; nil when it states none.
    var occurredAt: Int64?
    var reporter: String?
    /// One line for the case page, e.g. "XARF 3 Activity/Spam from 192.0.2.55:54321 …".
    var summary: String
    /// Notes worth keeping with a parsed report (which dialect, which fallback was used).
    var notes: [String] = []

    /// Longest excerpt kept.
    static let excerptLimit = 300

    /// The analysis for these facts: one event, its time taken from the report, else from
    /// `messageDate` (the carrying mail's `Date`), else `context.receivedAt` — and the event's
    /// `timeSource` says which. A source that is the provider's own infrastructure never becomes
    /// an event (``AnalysisContext/isProviderInfrastructure``): such a report is quarantined.
    func analysis(format: String, messageDate: Int64?, context: AnalysisContext) -> ReportAnalysis {
        var notes = self.notes
        let time: Int64
        let source: ReportEvent.TimeSource
        if let occurredAt {
            time = occurredAt; source = .report
        } else if let messageDate {
            time = messageDate; source = .messageDate
            notes.append("the report states no time; used the mail's Date header")
        } else {
            time = context.receivedAt; source = .arrival
            notes.append("the report states no time and the mail has no usable Date; used the arrival time")
        }
        if let ip, context.isProviderInfrastructure(ip) {
            return .quarantined(format, "the reported source \(ip) is the provider's own infrastructure; a person must look at it")
        }
        var excerpt = summary
        if excerpt.count > Self.excerptLimit { excerpt = String(excerpt.prefix(Self.excerptLimit - 1)) + "…" }
        let event = ReportEvent(ip: ip, port: port, url: url, category: category, occurredAt: time, timeSource: source,
                                reporter: reporter, excerpt: excerpt)
        return ReportAnalysis(status: .parsed, format: format, reason: notes.isEmpty ? nil : notes.joined(separator: "; "),
                              events: [event])
    }

    /// `ip:port`, `[v6]:port`, the URL or "an unnamed source", for summaries.
    var sourceText: String {
        if let ip {
            guard let port else { return ip.description }
            return ip.family == .v6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        return url ?? "an unnamed source"
    }
}
