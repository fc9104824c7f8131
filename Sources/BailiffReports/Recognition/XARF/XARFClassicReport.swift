import BailiffCore

/// Validates an XARF JSON report of the abusix schema-discussion generation (`Version` alpha,
/// 1, 2, 3, development) and reads its facts.
///
/// Follows `schemas/3/xarf_shared.schema.json` of abusix/xarf (the other versions differ only
/// where noted): `ReporterInfo` and `Report` required; `ReportClass`, `ReportType`, `Date` required;
/// the source required per type (``XARFClassicReportType``); every member the shared schema
/// types is type-checked wherever it appears. All defects are collected, so a quarantine reason
/// names each one, e.g. "Report.SourceIp is not an IP address: 'not an IP' (line 18)".
///
/// The event's time is `Report.Date`, "the most recent date-time the event was noticed"
/// ($defs/Date); `FirstSeen` only stands in if `Date` were ever absent (the schemas require it).
/// For a PotentiallyCompromisedAccount report the address is `DestinationIp`: the report concerns
/// the account at the destination, not the attacker (`AttackerIp`, only quoted in the excerpt).
enum XARFClassicReport {
    /// Versions the schemas define.
    static let versions = ["alpha", "1", "2", "3", "development"]

    /// Reads the report, or returns every defect found.
    static func read(_ root: XARFJSONObject) -> Result<XARFReportFacts, XARFDefects> {
        var defects = XARFDefects()
        var notes: [String] = []

        // Version: absent in positive/alpha/no_version_sample.json, which the alpha schema accepts.
        var version = "alpha"
        if root.has("Version") {
            if let text = root.string("Version", &defects) {
                if versions.contains(text) { version = text } else {
                    defects.add("Version \(XARFDefects.quote(text)) is not a known XARF version (\(versions.joined(separator: ", ")))",
                                line: root.value("Version")?.line ?? root.line)
                }
            }
        } else {
            notes.append("no Version member; read as XARF alpha")
        }
        _ = root.bool("Disclosure", &defects)
        checkInternalProcessing(root, &defects)

        let reporter = readReporter(root, &defects)
        guard let report = root.object("Report", &defects, required: true) else { return .failure(defects) }

        // ReportBase (xarf_shared.schema.json#/properties/ReportBase).
        let reportClass = report.oneOf("ReportClass", XARFClassicReportType.classes, &defects, required: true)
        let reportType = report.string("ReportType", &defects, required: true, minLength: 1)
        let subType = report.string("ReportSubType", &defects)
        _ = report.string("ReporterCaseID", &defects)
        _ = report.oneOf("ReporterSeverity", ["low", "medium", "high"], &defects)
        _ = report.string("ReporterNotes", &defects)
        checkCustom(report, &defects)

        // $defs/Date: Date required, FirstSeen optional.
        let date = report.dateTime("Date", &defects, required: true)
        let firstSeen = report.dateTime("FirstSeen", &defects)

        let type: XARFClassicReportType?
        if let reportClass, let reportType {
            type = XARFClassicReportType.find(reportClass: reportClass, reportType: reportType)
            if type == nil {
                defects.add("Report.ReportClass/ReportType \(XARFDefects.quote("\(reportClass)/\(reportType)")) is not a report type the XARF schemas define",
                            line: report.line)
            }
        } else {
            type = nil
        }

        // Members typed by the shared schema wherever they appear.
        let sourceIP = report.ip("SourceIp", &defects)
        let sourcePort = report.port("SourcePort", &defects)
        _ = report.integer("ASN", &defects, range: 1...4_199_999_999, rangeName: "an AS number (1–4199999999)")
        let sourceURL = report.string("SourceUrl", &defects, format: .uri)
        // alpha spelt the infringing location InfringingUrl (positive/alpha/copyright_sample.json).
        let infringingURL = report.string("InfringingUrl", &defects, format: .uri)
        let destinationIP = report.ip("DestinationIp", &defects)
        let destinationPort = report.port("DestinationPort", &defects, allowArray: true)
        let attackerIP = report.ip("AttackerIp", &defects)
        _ = report.port("AttackerPort", &defects, allowArray: true)
        _ = report.integer("ByteCount", &defects)
        _ = report.integer("PacketCount", &defects)
        for key in ["SmtpMailFromAddress", "SmtpRcptToAddress", "FromAddress"] { _ = report.string(key, &defects, format: .email) }
        _ = report.bool("Ongoing", &defects)
        for key in ["ThreatActor", "InfringedMaterial", "MaterialType", "SharingProtocol", "TrademarkedMaterial",
                    "RegistrationOffice", "RegistrationNumber", "MalwareName", "ServiceName", "ServiceVersion",
                    "Harasser", "HarassmentDescription", "BotnetName"]
        {
            _ = report.string(key, &defects)
        }
        _ = report.string("CourtOrder", &defects, format: .uri)
        let rpzDomain = report.string("RpzDomain", &defects, format: .hostname)
        _ = report.oneOf("TransportProtocol", ["tcp", "udp"], &defects)
        _ = report.oneOf("HarassmentType", ["doxing", "stalking", "sexual", "believes", "defamation", "extortion", "hate"], &defects)
        _ = report.oneOf("HarassmentLocation", ["website", "chat", "game"], &defects)
        checkFile(report, version: version, &defects)
        checkSamples(report, version: version, &defects, notes: &notes)
        checkExploit(report, &defects)
        let account = checkAccount(report, &defects)

        // What the type requires (XARFClassicReportType).
        if let type {
            for key in type.required where !report.has(key) { defects.add("missing Report.\(key) (required for \(type.reportType) reports)") }
            switch type.shape {
            case .ip:
                if !report.has("SourceIp") { defects.add("missing Report.SourceIp (required for \(type.reportType) reports)") }
            case .ipOrURL:
                if type.reportClass == "Content", type.reportType == "Malware", XARFClassicReportType.malwareNeedsURL(version: version) {
                    if !report.has("SourceUrl") { defects.add("missing Report.SourceUrl (required for Malware reports before XARF 3)") }
                } else if !report.has("SourceIp"), !report.has("SourceUrl"), !report.has("InfringingUrl") {
                    defects.add("missing Report.SourceIp or Report.SourceUrl (one is required for \(type.reportType) reports)")
                }
            case .account:
                for key in ["SourceIp", "SourceUrl"] where report.has(key) {
                    defects.add("Report.\(key) is not allowed in a PotentiallyCompromisedAccount report (it names the account, not a source)",
                                line: report.value(key)?.line ?? report.line)
                }
            }
        }

        guard defects.isEmpty, let reportClass, let reportType, let type,
            let category = XARFCategoryMapping.classic["\(reportClass)/\(reportType)"]
        else {
            if defects.isEmpty { defects.add("Report.ReportClass/ReportType has no category mapping") }
            return .failure(defects)
        }

        var facts: XARFReportFacts
        let kind = "XARF \(version) \(reportClass)/\(reportType)" + (subType.map { " (\($0))" } ?? "")
        if type.shape == .account {
            // The account lives at the destination: that is whom the report concerns.
            facts = XARFReportFacts(ip: destinationIP, port: destinationPort, url: nil, category: category,
                                    occurredAt: date ?? firstSeen, reporter: reporter, summary: "")
            var text = "\(kind): account \(account ?? "?") at \(facts.sourceText)"
            if let attackerIP { text += ", used from \(attackerIP)" }
            facts.summary = text
        } else {
            facts = XARFReportFacts(ip: sourceIP, port: sourcePort, url: sourceURL ?? infringingURL, category: category,
                                    occurredAt: date ?? firstSeen, reporter: reporter, summary: "")
            var text = "\(kind) from \(facts.sourceText)"
            if sourceIP != nil, let url = facts.url { text += " (\(url))" }
            if let destinationIP { text += " to \(destinationIP)" + (destinationPort.map { " port \($0)" } ?? "") }
            if let rpzDomain { text += ", looked up \(rpzDomain)" }
            facts.summary = text
        }
        if let reporter { facts.summary += "; reported by \(reporter)" }
        facts.notes = notes
        return .success(facts)
    }

    // MARK: Reporter

    /// `ReporterInfo` (required, `additionalProperties: false`) and `OnBehalfOf`; returns who reports.
    static func readReporter(_ root: XARFJSONObject, _ defects: inout XARFDefects) -> String? {
        var who: String?
        if let info = root.object("ReporterInfo", &defects, required: true) {
            info.rejectUnknownMembers(["ReporterType", "ReporterOrg", "ReporterOrgDomain", "ReporterOrgEmail", "ReporterOrgAddress",
                                       "ReporterContactEmail", "ReporterContactName", "ReporterContactPhone"], &defects)
            let type = info.oneOf("ReporterType", ["Org", "Person"], &defects)
            // xarf_shared $defs/ReporterInfo: organisation details required unless ReporterType is Person.
            let isPerson = type == "Person"
            let org = info.string("ReporterOrg", &defects, required: !isPerson, minLength: 3)
            _ = info.string("ReporterOrgDomain", &defects, required: !isPerson, format: .hostname)
            let orgEmail = info.string("ReporterOrgEmail", &defects, required: !isPerson, format: .email)
            _ = info.string("ReporterOrgAddress", &defects)
            let contactEmail = info.string("ReporterContactEmail", &defects, format: .email)
            let contactName = info.string("ReporterContactName", &defects, minLength: 3)
            _ = info.string("ReporterContactPhone", &defects, minLength: 3)
            who = org ?? contactName ?? contactEmail ?? orgEmail
        }
        if let behalf = root.object("OnBehalfOf", &defects) {
            let isPerson = behalf.oneOf("ComplainantType", ["Org", "Person"], &defects) == "Person"
            let org = behalf.string("ComplainantOrg", &defects, required: !isPerson, minLength: 3)
            _ = behalf.string("ComplainantOrgDomain", &defects, required: !isPerson, format: .hostname)
            _ = behalf.string("ComplainantOrgEmail", &defects, required: !isPerson, format: .email)
            _ = behalf.string("ComplainantContactEmail", &defects, format: .email)
            let name = behalf.string("ComplainantContactName", &defects, minLength: 3)
            _ = behalf.string("ComplainantContactPhone", &defects, minLength: 3)
            if let who2 = org ?? name, let reporter = who { who = "\(reporter) on behalf of \(who2)" }
        }
        return who
    }

    // MARK: Shared definitions

    /// `InternalProcessing` ($defs/InternalProcessing): IDs strings, data maps of strings, tags strings.
    static func checkInternalProcessing(_ root: XARFJSONObject, _ defects: inout XARFDefects) {
        guard let processing = root.object("InternalProcessing", &defects) else { return }
        if let subscriber = processing.object("SubscriberInformation", &defects) {
            _ = subscriber.string("ID", &defects)
            subscriber.stringMap("SubscriberData", &defects)
        }
        if let contract = processing.object("ContractInformation", &defects) {
            _ = contract.string("ID", &defects)
            contract.stringMap("ResolverData", &defects)
        }
        _ = processing.stringArray("EventTags", &defects)
    }

    /// `Report.Custom`: an object whose values are strings or integers
    /// (negative/*/invalid_additional_fields.json puts an array and an object there).
    static func checkCustom(_ report: XARFJSONObject, _ defects: inout XARFDefects) {
        guard let custom = report.object("Custom", &defects) else { return }
        for member in custom.members {
            switch member.value {
            case .string: continue
            case .number(_, let text, _) where Int64(text) != nil: continue
            default:
                defects.add("\(custom.name(member.key)) must be a string or an integer, found \(member.value.kindName)", line: member.value.line)
            }
        }
    }

    /// `File` members: `FileName` string, `FileSize` ≥ 0, `FileHash` a `Hash` object — before
    /// version 3 also a plain string (positive/1/copyright_sample.json: `"FileHash": "somehashhere"`).
    static func checkFile(_ object: XARFJSONObject, version: String, _ defects: inout XARFDefects) {
        _ = object.string("FileName", &defects)
        _ = object.integer("FileSize", &defects, range: 0...Int64.max, rangeName: "a size (0 or more)")
        guard let hash = object.value("FileHash") else { return }
        if ["alpha", "1", "2"].contains(version), case .string = hash { return }
        checkHash(object, "FileHash", &defects)
    }

    /// `$defs/Hash`: `HashValue` and `HashAlgorithm` (of the listed algorithms) required.
    static func checkHash(_ object: XARFJSONObject, _ key: String, _ defects: inout XARFDefects) {
        guard let hash = object.object(key, &defects) else { return }
        _ = hash.string("HashValue", &defects, required: true)
        _ = hash.oneOf("HashAlgorithm", ["sha1", "sha2", "sha3", "sha256", "sha512", "md5", "argon2id", "scrypt", "bcrypt", "pbkdf2"],
                       &defects, required: true)
        _ = hash.bool("HashComplete", &defects)
    }

    /// `Samples` (CommonProps): an array of at least one `Sample`. A single `Sample` object is
    /// accepted too, as Abusix sends it (vpsfree-cz-configuration x_arf_json_v3.eml).
    static func checkSamples(_ report: XARFJSONObject, version: String, _ defects: inout XARFDefects, notes: inout [String]) {
        if let samples = report.array("Samples", &defects) {
            if samples.isEmpty { defects.add("Report.Samples is empty; the schema wants at least one sample", line: report.value("Samples")?.line ?? report.line) }
            for (index, sample) in samples.enumerated() { checkSample(sample, name: "Report.Samples[\(index)]", version: version, &defects) }
        }
        if let sample = report.value("Sample") {
            checkSample(sample, name: "Report.Sample", version: version, &defects)
            notes.append("evidence given as a single Report.Sample object rather than a Samples array")
        }
    }

    /// One `Sample`: either `ContentType` and `Payload` strings (with `Base64Encoded` a boolean,
    /// `Description` a string), or a `File` with a `FileName` (anyOf in the schema).
    static func checkSample(_ node: LocatedJSON, name: String, version: String, _ defects: inout XARFDefects) {
        guard let sample = XARFJSONObject(node, path: name) else {
            defects.add("\(name) must be an object, found \(node.kindName)", line: node.line)
            return
        }
        var asPayload = XARFDefects()
        _ = sample.string("ContentType", &asPayload, required: true)
        _ = sample.string("Payload", &asPayload, required: true)
        _ = sample.bool("Base64Encoded", &asPayload)
        _ = sample.string("Description", &asPayload)
        if asPayload.isEmpty { return }
        if case .string = sample.value("FileName") ?? .null(line: 0) {
            checkFile(sample, version: version, &defects)
            return
        }
        for message in asPayload.messages { defects.add(message) }
    }

    /// Exploit members: `CVE` (pattern `CVE-dddd-dddd…`) and `CVSS` (Version and Vector required,
    /// the vector spelt as the version demands).
    static func checkExploit(_ report: XARFJSONObject, _ defects: inout XARFDefects) {
        if let cve = report.string("CVE", &defects), !isCVE(cve) {
            defects.add("Report.CVE is not a CVE identifier (CVE-yyyy-nnnn): \(XARFDefects.quote(cve))", line: report.value("CVE")?.line ?? report.line)
        }
        guard let cvss = report.object("CVSS", &defects) else { return }
        _ = cvss.number("Score", &defects)
        let version = cvss.oneOf("Version", ["3.1", "3.0", "2"], &defects, required: true)
        let vector = cvss.string("Vector", &defects, required: true)
        let severities = version == "2" ? ["Low", "Medium", "High"] : ["None", "Low", "Medium", "High", "Critical"]
        _ = cvss.oneOf("Severity", severities, &defects)
        if let version, let vector, !XARFCVSSVector.isValid(vector, version: version) {
            defects.add("Report.CVSS.Vector is not a CVSS \(version) vector: \(XARFDefects.quote(vector))", line: cvss.value("Vector")?.line ?? cvss.line)
        }
    }

    /// `CVE-` four digits `-` four to seven digits.
    static func isCVE(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "CVE" && parts[1].utf8.count == 4 && (4...7).contains(parts[2].utf8.count)
            && parts[1].utf8.allSatisfy(XARFFormat.isDigit) && parts[2].utf8.allSatisfy(XARFFormat.isDigit)
    }

    /// `Account` (AccountBasedReport) and `PasswordHash`; returns a name for the account.
    static func checkAccount(_ report: XARFJSONObject, _ defects: inout XARFDefects) -> String? {
        if report.has("PasswordHash") { checkHash(report, "PasswordHash", &defects) }
        guard let account = report.object("Account", &defects) else { return nil }
        if account.members.isEmpty { defects.add("Report.Account is empty; it must name the account", line: account.line) }
        let identifier = account.string("AccountIdentifier", &defects)
        if let identifier, XARFFormat.isEmail(identifier) {
            defects.add("Report.Account.AccountIdentifier must not be an e-mail address (that belongs in AccountEmail): \(XARFDefects.quote(identifier))",
                        line: account.value("AccountIdentifier")?.line ?? account.line)
        }
        let email = account.string("AccountEmail", &defects)
        var name: String?
        if case .string(let text, _) = account.value("AccountName") ?? .null(line: 0) { name = text }
        return identifier ?? email ?? name
    }
}
