import BailiffCore

/// Recognises XARF JSON abuse reports — the abusix schema-discussion generation (`Version`
/// alpha/1/2/3/development), the xarf-spec v3 sample layout and XARF v4 — and turns a
/// structurally valid one into one ``ReportEvent``.
///
/// A report arrives either bare (the HTTP intake: ``analyze(json:context:)``) or in a mail, as an
/// `application/json` (or `*.json`) part or as the whole body. Validation follows the schemas
/// (see ``XARFClassicReport``, ``XARFSpecV3Report``, ``XARFv4Report``); a report that breaks them
/// is quarantined with a reason naming every defect, because an abuse desk must not act on a
/// report it only half understands. Input is hostile: sizes are bounded, nothing traps.
public struct XARFRecognizer: ReportRecognizer {
    public let format = "xarf"

    /// Largest JSON text read; XARF v4 caps evidence at 50 × 5 MiB, real reports are far smaller.
    public static let maximumJSONSize = 16 * 1024 * 1024

    public init() {}

    /// What reading one JSON text came to.
    enum Outcome {
        case notJSON(String)
        case notXARF(String)
        case invalid(String)
        case valid(XARFReportFacts)
    }

    /// Analyses a bare XARF JSON document, as the HTTP intake receives it. Never nil: anything
    /// that is not a valid XARF report is quarantined with the reason (syntax error with line and
    /// column, "not an XARF report", or the structural defects). Times missing from the report
    /// fall back to `context.receivedAt`.
    public static func analyze(json bytes: [UInt8], context: AnalysisContext) -> ReportAnalysis {
        switch read(bytes) {
        case .notJSON(let why): return .quarantined("xarf", "not JSON: \(why)")
        case .notXARF(let why): return .quarantined("xarf", "not an XARF report: \(why)")
        case .invalid(let why): return .quarantined("xarf", why)
        case .valid(let facts): return facts.analysis(format: "xarf", messageDate: nil, context: context)
        }
    }

    /// Analyses a mail carrying XARF JSON. Claims it when a JSON part (or the JSON body) is XARF,
    /// or when the mail announces XARF (`Feedback-Type: xarf`, a part named `*xarf*.json`) but the
    /// JSON cannot be read; otherwise returns nil.
    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        let candidates = Self.jsonCandidates(message)
        var facts: [XARFReportFacts] = []
        var problems: [String] = []
        var unreadable: [String] = []
        for part in candidates {
            let label = part.path.isEmpty ? "the body" : "part \(part.path)"
            switch Self.read(part.body) {
            case .valid(let found): facts.append(found)
            case .invalid(let why): problems.append(candidates.count > 1 ? "\(label): \(why)" : why)
            case .notJSON(let why): unreadable.append("\(label) is not JSON: \(why)")
            case .notXARF(let why): unreadable.append("\(label) is not an XARF report: \(why)")
            }
        }
        if !facts.isEmpty {
            let analyses = facts.map { $0.analysis(format: format, messageDate: message.date, context: context) }
            let parsed = analyses.filter { $0.status == .parsed }
            // Only provider-infrastructure sources: keep the (first) quarantine.
            guard !parsed.isEmpty else { return analyses[0] }
            if analyses.count == 1, problems.isEmpty { return parsed[0] }
            // Several reports in one mail (the spec wants one per mail, but senders bundle):
            // every understood one counts; the others are noted.
            var notes = parsed.compactMap(\.reason)
            notes += analyses.filter { $0.status != .parsed }.compactMap(\.reason)
            notes += problems.map { "ignored invalid XARF in \($0)" }
            return ReportAnalysis(status: .parsed, format: format, reason: notes.isEmpty ? nil : notes.joined(separator: "; "),
                                  events: parsed.flatMap(\.events))
        }
        if !problems.isEmpty { return .quarantined(format, problems.joined(separator: "; ")) }
        if Self.announcesXARF(message) {
            let why = unreadable.isEmpty ? "the mail announces XARF but carries no JSON report" : unreadable.joined(separator: "; ")
            return .quarantined(format, why)
        }
        return nil
    }

    /// Reads one JSON text as XARF.
    static func read(_ bytes: [UInt8]) -> Outcome {
        guard bytes.count <= maximumJSONSize else {
            return .notJSON("\(bytes.count) bytes exceed the limit of \(maximumJSONSize)")
        }
        let json: LocatedJSON
        do { json = try LocatedJSON.parse(bytes) } catch { return .notJSON(error.description) }
        guard let root = XARFJSONObject(json, path: "") else {
            return .notXARF("the JSON text is \(json.kindName), not an object")
        }
        guard let dialect = XARFDialect.detect(root) else {
            return .notXARF("none of Version, ReporterInfo, Report or xarf_version is present")
        }
        let result: Result<XARFReportFacts, XARFDefects>
        switch dialect {
        case .abusix: result = XARFClassicReport.read(root)
        case .xarfSpecV3: result = XARFSpecV3Report.read(root)
        case .v4: result = XARFv4Report.read(root)
        }
        switch result {
        case .success(let facts): return .valid(facts)
        case .failure(let defects): return .invalid(defects.reason)
        }
    }

    /// Leaf parts that may hold XARF JSON: `application/json` or `+json` types, `*.json`
    /// attachments, and a single-part body that starts with `{`.
    static func jsonCandidates(_ message: MIMEMessage) -> [MIMEPart] {
        var out: [MIMEPart] = []
        for part in message.allParts where part.isLeaf {
            let type = part.mimeType
            let name = part.filename?.lowercased() ?? ""
            if type == "application/json" || type.hasSuffix("+json") || name.hasSuffix(".json") {
                out.append(part)
            } else if part === message.root, startsWithBrace(part.body) {
                out.append(part)
            }
        }
        return out
    }

    static func startsWithBrace(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(bytes[index]) {
            index += 1
        }
        return index < bytes.count && bytes[index] == UInt8(ascii: "{")
    }

    /// Whether the mail says it carries XARF: a `message/feedback-report` part with
    /// `Feedback-Type: xarf` (as Abusix sends, vpsfree-cz-configuration x_arf_json_v*.eml) or a
    /// JSON attachment named like `xarf.json`.
    static func announcesXARF(_ message: MIMEMessage) -> Bool {
        for part in message.allParts {
            if part.mimeType == "message/feedback-report", let text = part.text ?? String(validating: part.body, as: UTF8.self) {
                for line in text.split(separator: "\n") {
                    let pair = line.split(separator: ":", maxSplits: 1)
                    if pair.count == 2, pair[0].trimmingSpaces.lowercased() == "feedback-type",
                        pair[1].trimmingSpaces.lowercased() == "xarf"
                    {
                        return true
                    }
                }
            }
            if let name = part.filename?.lowercased(), name.contains("xarf"), name.hasSuffix(".json") { return true }
        }
        return false
    }
}
