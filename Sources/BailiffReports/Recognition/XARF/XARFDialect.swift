/// Which generation of XARF JSON a document is, told apart by its member names.
///
/// Three incompatible JSON layouts are in use under the XARF name:
/// - the abusix schema-discussion schemas (`Version` "alpha", "1", "2", "3", "development";
///   PascalCase `ReporterInfo` and `Report` with `SourceIp`) — what Abusix sends
///   (vpsfree-cz-configuration x_arf_json_v3.eml);
/// - the v3 layout of the xarf-spec samples (`Version` "3.0.0", `Report.Source` object,
///   `Report.Attachment`, `Report.AdditionalInfo`; samples/v3 of xarf/xarf-spec);
/// - XARF v4 (`xarf_version` "4.x.y", snake_case, flat; schemas/v4/xarf-core.json).
enum XARFDialect: Sendable, Equatable {
    case abusix
    case xarfSpecV3
    case v4

    /// The dialect of a JSON object, or nil when it has none of the members that mark XARF.
    static func detect(_ root: XARFJSONObject) -> XARFDialect? {
        if root.has("xarf_version") || (root.has("source_identifier") && (root.has("category") || root.has("class"))) {
            return .v4
        }
        if let node = root.value("Report"), let report = XARFJSONObject(node, path: "Report") {
            let sourceIsObject = report.value("Source").flatMap { XARFJSONObject($0, path: "") } != nil
            if sourceIsObject || report.has("Attachment") || report.has("AdditionalInfo") { return .xarfSpecV3 }
        }
        if root.has("Version") || root.has("ReporterInfo") || root.has("Report") {
            return .abusix
        }
        return nil
    }
}
