import BailiffCore

extension ReportAnalysis {
    /// One line of `bailiff parse --json` — a stable contract operators debug feeds with:
    /// `{"file", "status", "format", "reason", "events": [{"ip", "port", "url", "category",
    /// "occurredAt", "reporter"}]}`, absent fields omitted.
    public func jsonLine(file: String) -> String {
        let quote = JSONText.quote
        var members = ["\"file\": \(quote(file))", "\"status\": \(quote(status.rawValue))"]
        if let format { members.append("\"format\": \(quote(format))") }
        if let reason { members.append("\"reason\": \(quote(reason))") }
        let eventObjects = events.map { event -> String in
            var fields: [String] = []
            if let ip = event.ip { fields.append("\"ip\": \(quote(ip.description))") }
            if let port = event.port { fields.append("\"port\": \(port)") }
            if let url = event.url { fields.append("\"url\": \(quote(url))") }
            fields.append("\"category\": \(quote(event.category.rawValue))")
            fields.append("\"occurredAt\": \(quote(Timestamp.format(event.occurredAt)))")
            if let reporter = event.reporter { fields.append("\"reporter\": \(quote(reporter))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        members.append("\"events\": [" + eventObjects.joined(separator: ", ") + "]")
        if let ipNotice {
            let missing = ipNotice.missing.map { quote($0.rawValue) }.joined(separator: ", ")
            members.append("\"compliance\": {\"compliant\": \(ipNotice.isCompliant), \"missing\": [\(missing)]}")
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// A few lines for people.
    public func summary(file: String) -> String {
        var lines = ["\(file): \(status.rawValue)" + (format.map { " (\($0))" } ?? "") + (reason.map { " — \($0)" } ?? "")]
        for event in events {
            let what = [event.ip?.description, event.port.map { "port \($0)" }, event.url].compactMap { $0 }.joined(separator: " ")
            lines.append("  \(event.category) \(what) at \(Timestamp.format(event.occurredAt)) (\(event.timeSource.rawValue))")
        }
        return lines.joined(separator: "\n")
    }
}
