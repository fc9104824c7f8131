import BailiffCore
import Foundation

/// The machine-readable part of an Abuse Reporting Format report (RFC 5965 §3.1, with the
/// authentication-failure fields of RFC 6591 and Source-Port of RFC 6692).
public struct ARFReport: Sendable, Hashable {
    /// `abuse`, `fraud`, `virus`, `other`, `not-spam` (RFC 5965 §7.3), `auth-failure` (RFC 6591).
    public var feedbackType: String
    public var userAgent: String?
    public var version: String?
    public var arrivalDate: Int64?
    public var sourceIP: IPAddress?
    public var sourcePort: Int?
    public var incidents: Int?
    public var originalMailFrom: String?
    public var originalRcptTo: [String]
    public var reportedDomains: [String]
    public var reportedURIs: [String]
    public var reportingMTA: String?
    public var authFailure: String?
    public var authenticationResults: [String]

    /// Reads the fields of a `message/feedback-report` part. Missing required fields
    /// (Feedback-Type, User-Agent, Version) are listed in `problems`; the report is still read.
    public static func parse(_ text: String) -> (report: ARFReport, problems: [String]) {
        // The part is a header block (RFC 5965 §3.1 uses RFC 5322 header syntax).
        let headers: MessageHeaders
        switch MIMEParser.parse(text.trimmingCharacters(in: .whitespacesAndNewlines) + "\r\n\r\n") {
        case .success(let parsed): headers = parsed.headers
        case .failure: headers = MessageHeaders()
        }
        var problems: [String] = []
        for required in ["Feedback-Type", "User-Agent", "Version"] where headers[required] == nil {
            problems.append("the feedback report has no \(required) field")
        }
        func clean(_ value: String?) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        let sourceText = clean(headers["Source-IP"])
        // Real reports add a comment ("148.163.85.135 (host.example)") or brackets; the address is
        // the first word.
        let sourceWord = sourceText?.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "\t" }).first
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
        let sourceIP = sourceWord.flatMap { try? IPAddress(parsing: $0) }
        if let sourceText, sourceIP == nil { problems.append("Source-IP '\(sourceText.prefix(60))' is not an IP address") }
        let report = ARFReport(
            feedbackType: clean(headers["Feedback-Type"])?.lowercased() ?? "abuse",
            userAgent: clean(headers["User-Agent"]),
            version: clean(headers["Version"]),
            arrivalDate: (clean(headers["Arrival-Date"]) ?? clean(headers["Received-Date"])).flatMap(RFC5322Date.parse),
            sourceIP: sourceIP,
            sourcePort: clean(headers["Source-Port"]).flatMap { Int($0) }.flatMap { (1...65_535).contains($0) ? $0 : nil },
            incidents: clean(headers["Incidents"]).flatMap { Int($0) },
            originalMailFrom: clean(headers["Original-Mail-From"]),
            originalRcptTo: headers.values("Original-Rcpt-To").compactMap(clean),
            reportedDomains: headers.values("Reported-Domain").compactMap(clean),
            reportedURIs: headers.values("Reported-URI").compactMap(clean),
            // "Reporting-MTA: dns; mail.example.com" (RFC 5965 §3.2 after RFC 3464's mta-name-type).
            reportingMTA: clean(headers["Reporting-MTA"]).map { $0.split(separator: ";", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? $0 },
            authFailure: clean(headers["Auth-Failure"])?.lowercased(),
            authenticationResults: headers.values("Authentication-Results").compactMap(clean)
        )
        return (report, problems)
    }
}
