import BailiffCore

/// Validates an XARF v4 report (xarf/xarf-spec, `xarf_version` 4.x.y) and reads its facts.
///
/// Follows schemas/v4/xarf-core.json: required `xarf_version` (pattern `4.n.n`), `report_id`
/// (UUID), `timestamp` (date-time, "when the abuse incident occurred" — the event's time),
/// `reporter` and `sender` (`contact_info`: `org`, `contact` e-mail, `domain` host name, nothing
/// else), `source_identifier` (an IP address, or a domain for content reports), `category` (one
/// of seven) and `type` (one the category defines, see ``XARFCategoryMapping/v4``). Optional core
/// members are type-checked: `source_port` 1–65535, `evidence` items (`content_type` and
/// `payload` required, `hash` `algorithm:hex`, `size` ≤ 5 MiB), `tags` `namespace:predicate`,
/// `confidence` 0–1, `description` ≤ 1000 characters. Drafts before 4.0.0 called `category`
/// `class` (CHANGELOG_CLASS_TO_CATEGORY.md); that spelling is accepted.
enum XARFv4Report {
    static func read(_ root: XARFJSONObject) -> Result<XARFReportFacts, XARFDefects> {
        var defects = XARFDefects()
        var notes: [String] = []
        if let version = root.string("xarf_version", &defects, required: true), !isVersion4(version) {
            defects.add("xarf_version \(XARFDefects.quote(version)) is not a 4.x.y version", line: root.value("xarf_version")?.line ?? root.line)
        }
        _ = root.string("report_id", &defects, required: true, format: .uuid)
        let timestamp = root.dateTime("timestamp", &defects, required: true)
        let reporter = contact(root, "reporter", &defects)
        let sender = contact(root, "sender", &defects)

        let categoryKey = root.has("category") || !root.has("class") ? "category" : "class"
        if categoryKey == "class" { notes.append("pre-4.0 draft: 'class' read as 'category'") }
        let category = root.oneOf(categoryKey, XARFCategoryMapping.v4.keys.sorted(), &defects, required: true)
        let type = root.string("type", &defects, required: true, minLength: 1)
        var mapped: AbuseCategory?
        if let category, let type {
            mapped = XARFCategoryMapping.v4[category]?[type]
            if mapped == nil {
                defects.add("type \(XARFDefects.quote(type)) is not a \(category) type of XARF v4", line: root.value("type")?.line ?? root.line)
            }
        }

        var ip: IPAddress?
        var url: String?
        if let identifier = root.string("source_identifier", &defects, required: true, minLength: 1) {
            if let address = IPAddress(identifier) {
                ip = address
            } else if XARFFormat.isHostname(identifier) || XARFFormat.isURI(identifier) {
                url = identifier
            } else {
                defects.add("source_identifier is neither an IP address nor a domain: \(XARFDefects.quote(identifier))",
                            line: root.value("source_identifier")?.line ?? root.line)
            }
        }
        let port = root.port("source_port", &defects, minimum: 1)
        if let link = root.string("url", &defects, format: .uri) ?? root.string("infringing_url", &defects, format: .uri) { url = link }
        let destination = root.ip("destination_ip", &defects)
        _ = root.port("destination_port", &defects, allowArray: true)
        let firstSeen = root.dateTime("first_seen", &defects)
        _ = root.dateTime("last_seen", &defects)
        _ = root.string("evidence_source", &defects)
        _ = root.number("confidence", &defects, range: 0...1)
        _ = root.string("description", &defects, maxLength: 1000)
        if root.has("legacy_version") { _ = root.oneOf("legacy_version", ["3"], &defects) }
        _ = root.object("_internal", &defects)
        checkEvidence(root, &defects)
        checkTags(root, &defects)

        guard defects.isEmpty, let mapped, let category, let type else { return .failure(defects) }
        var who = reporter
        if let reporter, let sender, sender != reporter { who = "\(reporter) via \(sender)" }
        var facts = XARFReportFacts(ip: ip, port: port, url: url, category: mapped, occurredAt: timestamp ?? firstSeen,
                                    reporter: who ?? sender, summary: "")
        var text = "XARF v4 \(category)/\(type) from \(facts.sourceText)"
        if ip != nil, let url { text += " (\(url))" }
        if let destination { text += " to \(destination)" }
        if let who { text += "; reported by \(who)" }
        facts.summary = text
        facts.notes = notes
        return .success(facts)
    }

    /// `4.` digits `.` digits.
    static func isVersion4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "4" && parts.dropFirst().allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(XARFFormat.isDigit) }
    }

    /// `$defs/contact_info`; returns the organisation.
    static func contact(_ root: XARFJSONObject, _ key: String, _ defects: inout XARFDefects) -> String? {
        guard let info = root.object(key, &defects, required: true) else { return nil }
        info.rejectUnknownMembers(["org", "contact", "domain"], &defects)
        let org = info.string("org", &defects, required: true, minLength: 1, maxLength: 200)
        _ = info.string("contact", &defects, required: true, format: .email)
        _ = info.string("domain", &defects, required: true, format: .hostname)
        return org
    }

    /// `evidence`: at most 50 `$defs/evidence_item` objects.
    static func checkEvidence(_ root: XARFJSONObject, _ defects: inout XARFDefects) {
        guard let items = root.array("evidence", &defects) else { return }
        if items.count > 50 { defects.add("evidence has \(items.count) items; at most 50 are allowed", line: root.value("evidence")?.line ?? root.line) }
        for (index, node) in items.prefix(50).enumerated() {
            guard let item = XARFJSONObject(node, path: "evidence[\(index)]") else {
                defects.add("evidence[\(index)] must be an object, found \(node.kindName)", line: node.line)
                continue
            }
            item.rejectUnknownMembers(["content_type", "description", "payload", "hash", "size"], &defects)
            _ = item.string("content_type", &defects, required: true)
            _ = item.string("payload", &defects, required: true)
            _ = item.string("description", &defects, maxLength: 500)
            _ = item.integer("size", &defects, range: 0...5_242_880, rangeName: "a size up to 5 MiB")
            if let hash = item.string("hash", &defects), !isEvidenceHash(hash) {
                defects.add("evidence[\(index)].hash is not algorithm:hex (md5, sha1, sha256, sha512): \(XARFDefects.quote(hash))",
                            line: item.value("hash")?.line ?? item.line)
            }
        }
    }

    /// `md5|sha1|sha256|sha512` `:` hexadecimal digits.
    static func isEvidenceHash(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 && ["md5", "sha1", "sha256", "sha512"].contains(String(parts[0]))
            && !parts[1].isEmpty && parts[1].utf8.allSatisfy(XARFFormat.isHexDigit)
    }

    /// `tags`: at most 20 strings `namespace:predicate` of lowercase letters, digits, `_ + - .`.
    static func checkTags(_ root: XARFJSONObject, _ defects: inout XARFDefects) {
        guard root.has("tags") else { return }
        let tags = root.stringArray("tags", &defects)
        if tags.count > 20 { defects.add("tags has \(tags.count) entries; at most 20 are allowed", line: root.value("tags")?.line ?? root.line) }
        for tag in tags where !isTag(tag) {
            defects.add("tags entry \(XARFDefects.quote(tag)) is not namespace:predicate", line: root.value("tags")?.line ?? root.line)
        }
    }

    static func isTag(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        func ok(_ part: Substring, extra: Set<UInt8>) -> Bool {
            guard let first = part.utf8.first, XARFFormat.isDigit(first) || (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) else { return false }
            return part.utf8.allSatisfy { XARFFormat.isDigit($0) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || extra.contains($0) }
        }
        let base: Set<UInt8> = [UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-")]
        return ok(parts[0], extra: base) && ok(parts[1], extra: base.union([UInt8(ascii: ".")]))
    }
}
