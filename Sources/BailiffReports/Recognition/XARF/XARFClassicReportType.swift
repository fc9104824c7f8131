/// The report types of the abusix XARF schemas (schema-discussion versions alpha, 1, 2, 3 and
/// development), with what each requires beyond the common fields.
///
/// Transcribed from `schemas/<version>/<type>.schema.json` of abusix/xarf: the "shape" is which
/// shared base the type's `Report` builds on (`IpBasedReport`, `IpAndUrlBasedReport`,
/// `AccountBasedReport` in `xarf_shared.schema.json`), `required` the extra members the type
/// schema lists under `required`.
struct XARFClassicReportType: Sendable {
    /// Which source a type's report must name.
    enum Shape: Sendable {
        /// `IpBasedReport`: `SourceIp` required.
        case ip
        /// `IpAndUrlBasedReport`: `SourceIp` or `SourceUrl` required.
        case ipOrURL
        /// `AccountBasedReport` and `not IpAndUrlBasedReport`: `Account` required, neither
        /// `SourceIp` nor `SourceUrl` allowed (potentially_compromised_account.schema.json).
        case account
    }

    let reportClass: String
    let reportType: String
    let shape: Shape
    /// Members of `Report` the type schema requires.
    let required: [String]

    /// `ReportClass` values allowed by `xarf_shared.schema.json` `ReportBase`.
    static let classes = ["Content", "Activity", "Vulnerability"]

    /// Every known type.
    static let all: [XARFClassicReportType] = [
        .init(reportClass: "Activity", reportType: "Spam", shape: .ip, required: []),
        .init(reportClass: "Activity", reportType: "LoginAttack", shape: .ip, required: []),
        .init(reportClass: "Activity", reportType: "PortScan", shape: .ip, required: []),
        .init(reportClass: "Activity", reportType: "DOS", shape: .ip, required: []),
        // rpz.schema.json: Activity/Malware with ReportSubType RPZ-Rewrite.
        .init(reportClass: "Activity", reportType: "Malware", shape: .ip, required: []),
        .init(reportClass: "Activity", reportType: "Exploit", shape: .ip, required: []),
        .init(reportClass: "Activity", reportType: "PotentiallyCompromisedAccount", shape: .account, required: ["Account"]),
        .init(reportClass: "Activity", reportType: "WebCrawler", shape: .ip, required: []),
        .init(reportClass: "Activity", reportType: "Harassment", shape: .ipOrURL, required: ["Harasser", "HarassmentDescription"]),
        .init(reportClass: "Content", reportType: "Phishing", shape: .ipOrURL, required: []),
        .init(reportClass: "Content", reportType: "Malware", shape: .ipOrURL, required: []),
        .init(reportClass: "Content", reportType: "Botnet", shape: .ip, required: []),
        .init(reportClass: "Content", reportType: "ChildAbuse", shape: .ipOrURL, required: []),
        .init(reportClass: "Content", reportType: "ChildSexualAbuseMaterial", shape: .ipOrURL, required: []),
        .init(reportClass: "Content", reportType: "Copyright", shape: .ipOrURL, required: ["InfringedMaterial"]),
        .init(reportClass: "Content", reportType: "Trademark", shape: .ipOrURL, required: ["TrademarkedMaterial"]),
        .init(reportClass: "Vulnerability", reportType: "OpenService", shape: .ipOrURL, required: ["ServiceName"]),
    ]

    /// The type for a class and type, or nil when the schemas define no such pair.
    static func find(reportClass: String, reportType: String) -> XARFClassicReportType? {
        all.first { $0.reportClass == reportClass && $0.reportType == reportType }
    }

    /// Whether this version's schema still required `SourceUrl` for Content/Malware: it did in
    /// alpha, 1 and 2 (negative/1/invalid_missing_url.json), not from 3 on (positive/3/malware_no_url.json).
    static func malwareNeedsURL(version: String) -> Bool {
        ["alpha", "1", "2"].contains(version)
    }
}
