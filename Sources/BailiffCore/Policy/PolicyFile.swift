/// Reads a policy file: Markdown text whose headings carry clause ids and whose one fenced
/// `policy` block holds the rules as JSON.
///
/// ````markdown
/// # Acceptable Use Policy
/// ## Spam and e-mail marketing {#spam}
/// …the clause as customers read it…
/// ```policy
/// { "version": "2026.1", "effective": "2026-01-01T00:00:00Z",
///   "categories": { "spam": { "clause": "spam", "severity": "high", "ladder": [ … ] }, … } }
/// ```
/// ````
///
/// Every problem is reported at once with its line (in the whole file): JSON syntax, unknown
/// categories, clauses or actions, a category without a rule, a rung nobody can reach, a
/// deadline without a follow-up, a follow-up without a deadline. A file with problems is never
/// half-loaded.
public enum PolicyFile {
    public static func read(_ text: String) -> Result<PolicyDocument, PolicyFailure> {
        var reader = Reader(text: text)
        let document = reader.read()
        if let document, reader.problems.isEmpty { return .success(document) }
        return .failure(PolicyFailure(problems: reader.problems.isEmpty ? [PolicyProblem(line: 0, "the policy could not be read")] : reader.problems))
    }

    /// Clause ids: lower-case letters, digits and hyphens, starting with a letter.
    static func isClauseID(_ id: Substring) -> Bool {
        guard let first = id.first, first.isLetter, first.isLowercase else { return false }
        return id.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
    }

    private struct Reader {
        let text: String
        var problems: [PolicyProblem] = []

        mutating func problem(_ line: Int, _ message: String) { problems.append(PolicyProblem(line: line, message)) }

        mutating func read() -> PolicyDocument? {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
            var clauses: [PolicyClause] = []
            var title = ""
            var kept: [Substring] = []
            var rulesText: [Substring] = []
            var rulesLine = 0
            var fence: (marker: Substring, isRules: Bool)?
            var rulesBlocks = 0
            for (index, line) in lines.enumerated() {
                let number = index + 1
                let trimmed = line.drop { $0 == " " }
                if let open = fence {
                    if trimmed.hasPrefix(open.marker) && trimmed.drop(while: { $0 == "`" || $0 == "~" }).allSatisfy(\.isWhitespace) {
                        fence = nil
                        if !open.isRules { kept.append(line) }
                    } else if open.isRules {
                        rulesText.append(line)
                    } else {
                        kept.append(line)
                    }
                    continue
                }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    let marker = trimmed.prefix { $0 == "`" || $0 == "~" }
                    let info = trimmed.dropFirst(marker.count).trimmingSpaces
                    let isRules = info == "policy"
                    if isRules { rulesBlocks += 1; rulesLine = number + 1; rulesText = [] } else { kept.append(line) }
                    fence = (marker, isRules)
                    continue
                }
                kept.append(line)
                guard trimmed.hasPrefix("#") else { continue }
                let heading = trimmed.drop { $0 == "#" }.trimmingSpaces
                if title.isEmpty, trimmed.hasPrefix("# ") { title = String(heading) }
                if heading.hasSuffix("}"), let open = heading.lastIndex(of: "{") {
                    let attribute = heading[heading.index(after: open)..<heading.index(before: heading.endIndex)]
                    guard attribute.hasPrefix("#") else { continue }
                    let id = attribute.dropFirst()
                    guard PolicyFile.isClauseID(id) else {
                        problem(number, "clause id '\(id)' must be lower-case letters, digits and hyphens, starting with a letter"); continue
                    }
                    if let earlier = clauses.first(where: { $0.id == id }) {
                        problem(number, "clause id '\(id)' is already used on line \(earlier.line)"); continue
                    }
                    clauses.append(PolicyClause(id: String(id), title: String(heading[..<open].trimmingSpaces), line: number))
                }
            }
            if fence != nil { problem(lines.count, "a fenced block is not closed") }
            guard rulesBlocks == 1 else {
                problem(0, rulesBlocks == 0 ? "no ```policy block with the rules" : "more than one ```policy block; write the rules in one")
                return nil
            }
            let json: LocatedJSON
            do {
                json = try LocatedJSON.parse(Array(rulesText.joined(separator: "\n").utf8))
            } catch {
                problem(rulesLine + error.line - 1, "the rules are not valid JSON: \(error.reason) (column \(error.column))")
                return nil
            }
            let offset = rulesLine - 1
            return rules(json, offset: offset, clauses: clauses, title: title, text: kept.joined(separator: "\n"))
        }

        // MARK: rules

        mutating func rules(_ json: LocatedJSON, offset: Int, clauses: [PolicyClause], title: String, text: String) -> PolicyDocument? {
            guard case .object = json else { problem(offset + json.line, "the rules must be a JSON object"); return nil }
            let known: Set<String> = ["version", "effective", "effective_on_notice", "trust", "fees", "retention", "notices", "categories"]
            checkKeys(json, known, where: "the rules", offset: offset)
            let version = string(json["version"], "version", offset: offset, required: true) ?? ""
            if !version.isEmpty, !version.allSatisfy({ $0.isLetter || $0.isNumber || ".-_".contains($0) }) {
                problem(offset + (json["version"]?.line ?? 0), "version '\(version)' may hold only letters, digits, '.', '-' and '_'")
            }
            var effectiveAt: Int64 = 0
            if let effective = string(json["effective"], "effective", offset: offset, required: true) {
                if let instant = Timestamp.parse(effective) { effectiveAt = instant } else {
                    problem(offset + (json["effective"]?.line ?? 0), "effective '\(effective)' is not a date or RFC 3339 time (write 2026-01-01T00:00:00Z)")
                }
            }
            let onNotice = bool(json["effective_on_notice"], "effective_on_notice", offset: offset) ?? false
            let trust = self.trust(json["trust"], offset: offset)
            let fees = self.fees(json["fees"], offset: offset)
            let retention = self.retention(json["retention"], offset: offset)
            let notices = self.notices(json["notices"], offset: offset)
            var rules: [AbuseCategory: CategoryRule] = [:]
            if case .object(let members, let line)? = json["categories"] {
                for (key, value) in members {
                    guard let category = AbuseCategory(rawValue: key) else {
                        problem(offset + value.line, "unknown category '\(key)'; categories are \(AbuseCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                        continue
                    }
                    if let rule = self.rule(category, value, offset: offset, clauses: clauses) { rules[category] = rule }
                }
                for category in AbuseCategory.allCases where !members.contains(where: { $0.key == category.rawValue }) {
                    problem(offset + line, "no rule for category '\(category.rawValue)': every category needs one")
                }
            } else {
                problem(offset + json.line, "missing 'categories': one rule per category")
            }
            return PolicyDocument(
                version: version, effectiveAt: effectiveAt, effectiveOnNotice: onNotice, title: title, text: text, clauses: clauses,
                rules: rules, trust: trust, fees: fees, retention: retention, notices: notices
            )
        }

        mutating func rule(_ category: AbuseCategory, _ json: LocatedJSON, offset: Int, clauses: [PolicyClause]) -> CategoryRule? {
            let place = "category '\(category.rawValue)'"
            guard case .object = json else { problem(offset + json.line, "\(place) must be an object"); return nil }
            checkKeys(json, ["clause", "severity", "ladder", "standing_window_days", "counts_toward_standing", "visible_in_portals",
                             "notices_carry_evidence", "requires_compliant_complaint", "requests_opt_in_evidence"], where: place, offset: offset)
            let clause = string(json["clause"], "\(place): clause", offset: offset, required: true) ?? ""
            if !clause.isEmpty, !clauses.contains(where: { $0.id == clause }) {
                problem(offset + (json["clause"]?.line ?? json.line), "\(place) cites clause '\(clause)', which no heading of the text defines (write `## Title {#\(clause)}`)")
            }
            var severity = Severity.medium
            if let text = string(json["severity"], "\(place): severity", offset: offset, required: true) {
                if let value = Severity(rawValue: text) { severity = value } else {
                    problem(offset + (json["severity"]?.line ?? 0), "\(place): severity '\(text)' is not one of low, medium, high, critical")
                }
            }
            var ladder: [LadderRung] = []
            if case .array(let items, let line)? = json["ladder"] {
                if items.isEmpty { problem(offset + line, "\(place): the ladder needs at least one rung") }
                for item in items { if let rung = rung(item, place: place, offset: offset) { ladder.append(rung) } }
                checkLadder(ladder, place: place, offset: offset)
            } else {
                problem(offset + json.line, "\(place): missing 'ladder', a list of rungs")
            }
            let window = int(json["standing_window_days"], "\(place): standing_window_days", offset: offset) ?? 365
            return CategoryRule(
                category: category, clause: clause, severity: severity, ladder: ladder, standingWindowDays: window,
                countsTowardStanding: bool(json["counts_toward_standing"], "\(place): counts_toward_standing", offset: offset) ?? true,
                visibleInPortals: bool(json["visible_in_portals"], "\(place): visible_in_portals", offset: offset) ?? true,
                noticesCarryEvidence: bool(json["notices_carry_evidence"], "\(place): notices_carry_evidence", offset: offset) ?? true,
                requiresCompliantComplaint: bool(json["requires_compliant_complaint"], "\(place): requires_compliant_complaint", offset: offset) ?? false,
                requestsOptInEvidence: bool(json["requests_opt_in_evidence"], "\(place): requests_opt_in_evidence", offset: offset) ?? false,
                line: offset + json.line
            )
        }

        mutating func rung(_ json: LocatedJSON, place: String, offset: Int) -> LadderRung? {
            guard case .object = json else { problem(offset + json.line, "\(place): a rung must be an object"); return nil }
            checkKeys(json, ["id", "actions", "deadline_hours", "on_deadline"], where: "\(place) rung", offset: offset)
            let id = string(json["id"], "\(place): rung id", offset: offset, required: true) ?? "?"
            var actions: [EnforcementAction] = []
            if case .array(let items, _)? = json["actions"] {
                for item in items {
                    guard case .string(let name, let line) = item, let action = EnforcementAction(rawValue: name) else {
                        problem(offset + item.line, "\(place) rung '\(id)': unknown action \(item.kindName == "a string" ? "'\(stringValue(item) ?? "")'" : item.kindName); actions are \(EnforcementAction.allCases.map(\.rawValue).joined(separator: ", "))")
                        continue
                    }
                    _ = line
                    actions.append(action)
                }
            } else {
                problem(offset + json.line, "\(place) rung '\(id)': missing 'actions'")
            }
            let deadline = int(json["deadline_hours"], "\(place) rung '\(id)': deadline_hours", offset: offset)
            var followUp: DeadlineFollowUp?
            if let text = string(json["on_deadline"], "\(place) rung '\(id)': on_deadline", offset: offset) {
                if let value = DeadlineFollowUp(rawValue: text) { followUp = value } else {
                    problem(offset + (json["on_deadline"]?.line ?? 0), "\(place) rung '\(id)': on_deadline '\(text)' is not next, staff-review or close")
                }
            }
            return LadderRung(id: id, actions: actions, deadlineHours: deadline, onDeadline: followUp, line: offset + json.line)
        }

        mutating func checkLadder(_ ladder: [LadderRung], place: String, offset: Int) {
            var seen: Set<String> = []
            for (index, rung) in ladder.enumerated() {
                if !seen.insert(rung.id).inserted { problem(rung.line, "\(place): rung id '\(rung.id)' is used twice") }
                if rung.deadlineHours != nil && rung.onDeadline == nil {
                    problem(rung.line, "\(place) rung '\(rung.id)': a deadline without a follow-up (add on_deadline: next, staff-review or close)")
                }
                if rung.onDeadline != nil && rung.deadlineHours == nil {
                    problem(rung.line, "\(place) rung '\(rung.id)': on_deadline without deadline_hours")
                }
                if let hours = rung.deadlineHours, hours <= 0 { problem(rung.line, "\(place) rung '\(rung.id)': deadline_hours must be positive") }
                if rung.onDeadline == .next && index == ladder.count - 1 {
                    problem(rung.line, "\(place) rung '\(rung.id)': on_deadline is 'next' but it is the last rung")
                }
                if rung.isTerminal && index < ladder.count - 1 {
                    problem(ladder[index + 1].line, "\(place) rung '\(ladder[index + 1].id)' can never be reached: rung '\(rung.id)' ends the case")
                }
                if rung.isTerminal && rung.deadlineHours != nil {
                    problem(rung.line, "\(place) rung '\(rung.id)' ends the case, so it cannot have a deadline")
                }
                if rung.actions.isEmpty { problem(rung.line, "\(place) rung '\(rung.id)' does nothing: give it at least one action") }
            }
        }

        mutating func trust(_ json: LocatedJSON?, offset: Int) -> TrustPolicy {
            guard let json else { return TrustPolicy() }
            checkKeys(json, ["default", "automatic_action_needs", "independent_sources", "sources"], where: "trust", offset: offset)
            var trust = TrustPolicy()
            if let level = level(json["default"], "trust.default", offset: offset) { trust.defaultLevel = level }
            if let level = level(json["automatic_action_needs"], "trust.automatic_action_needs", offset: offset) { trust.automaticActionNeeds = level }
            if let count = int(json["independent_sources"], "trust.independent_sources", offset: offset) {
                if count < 2 { problem(offset + (json["independent_sources"]?.line ?? 0), "trust.independent_sources must be at least 2: one source alone is what trust levels are for") }
                trust.independentSources = count
            }
            if case .object(let members, _)? = json["sources"] {
                for (match, value) in members {
                    if let level = level(value, "trust.sources.\(match)", offset: offset) { trust.sources.append(.init(match: match, level: level)) }
                }
            }
            return trust
        }

        mutating func fees(_ json: LocatedJSON?, offset: Int) -> FeeSchedule {
            guard let json else { return FeeSchedule() }
            checkKeys(json, ["currency", "delisting_base", "delisting_hourly", "rounding"], where: "fees", offset: offset)
            var fees = FeeSchedule()
            if let currency = string(json["currency"], "fees.currency", offset: offset) {
                if currency.count == 3, currency.allSatisfy({ $0.isUppercase && $0.isASCII }) { fees.currency = currency } else {
                    problem(offset + (json["currency"]?.line ?? 0), "fees.currency '\(currency)' is not an ISO 4217 code such as EUR")
                }
            }
            if let amount = money(json["delisting_base"], "fees.delisting_base", offset: offset) { fees.delistingBaseMinor = amount }
            if let amount = money(json["delisting_hourly"], "fees.delisting_hourly", offset: offset) { fees.delistingHourlyMinor = amount }
            if let text = string(json["rounding"], "fees.rounding", offset: offset) {
                if let rounding = FeeSchedule.Rounding(rawValue: text) { fees.rounding = rounding } else {
                    problem(offset + (json["rounding"]?.line ?? 0), "fees.rounding '\(text)' is not started-hour, started-quarter-hour or exact-minute")
                }
            }
            return fees
        }

        mutating func retention(_ json: LocatedJSON?, offset: Int) -> RetentionPolicy {
            guard let json else { return RetentionPolicy() }
            checkKeys(json, ["default_days", "days", "legal_hold"], where: "retention", offset: offset)
            var retention = RetentionPolicy()
            if let days = int(json["default_days"], "retention.default_days", offset: offset) { retention.defaultDays = days }
            if case .object(let members, _)? = json["days"] {
                for (key, value) in members {
                    guard let category = AbuseCategory(rawValue: key) else { problem(offset + value.line, "retention.days: unknown category '\(key)'"); continue }
                    if let days = int(value, "retention.days.\(key)", offset: offset) { retention.days[category] = days }
                }
            }
            if case .array(let items, _)? = json["legal_hold"] {
                retention.legalHold = [.childAbuse]
                for item in items {
                    guard let name = stringValue(item), let category = AbuseCategory(rawValue: name) else {
                        problem(offset + item.line, "retention.legal_hold: unknown category"); continue
                    }
                    retention.legalHold.insert(category)
                }
            }
            return retention
        }

        mutating func notices(_ json: LocatedJSON?, offset: Int) -> NoticePolicy {
            guard let json else { return NoticePolicy() }
            checkKeys(json, ["redact_personal_data", "digest_hours", "suppress_hours", "urgent_actions"], where: "notices", offset: offset)
            var notices = NoticePolicy()
            if let redact = bool(json["redact_personal_data"], "notices.redact_personal_data", offset: offset) { notices.redactPersonalData = redact }
            if let hours = int(json["digest_hours"], "notices.digest_hours", offset: offset) { notices.digestHours = hours }
            if let hours = int(json["suppress_hours"], "notices.suppress_hours", offset: offset) { notices.suppressHours = hours }
            if case .array(let items, _)? = json["urgent_actions"] {
                notices.urgentActions = []
                for item in items {
                    guard let name = stringValue(item), let action = EnforcementAction(rawValue: name) else {
                        problem(offset + item.line, "notices.urgent_actions: unknown action; actions are \(EnforcementAction.allCases.map(\.rawValue).joined(separator: ", "))"); continue
                    }
                    notices.urgentActions.insert(action)
                }
            }
            return notices
        }

        // MARK: typed readers

        mutating func checkKeys(_ json: LocatedJSON, _ known: Set<String>, where place: String, offset: Int) {
            guard case .object(let members, _) = json else { return }
            for (key, value) in members where !known.contains(key) {
                problem(offset + value.line, "\(place): unknown key '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
            }
        }

        func stringValue(_ json: LocatedJSON?) -> String? {
            if case .string(let value, _)? = json { return value }
            return nil
        }

        mutating func string(_ json: LocatedJSON?, _ name: String, offset: Int, required: Bool = false) -> String? {
            guard let json else {
                if required { problem(offset, "missing \(name)") }
                return nil
            }
            guard case .string(let value, _) = json, !value.isEmpty else { problem(offset + json.line, "\(name) must be a non-empty string"); return nil }
            return value
        }

        mutating func int(_ json: LocatedJSON?, _ name: String, offset: Int) -> Int? {
            guard let json else { return nil }
            guard case .number(let value, _, _) = json, value == value.rounded(), value >= 0, value <= 1_000_000 else {
                problem(offset + json.line, "\(name) must be a whole number 0–1000000"); return nil
            }
            return Int(value)
        }

        mutating func bool(_ json: LocatedJSON?, _ name: String, offset: Int) -> Bool? {
            guard let json else { return nil }
            guard case .bool(let value, _) = json else { problem(offset + json.line, "\(name) must be true or false"); return nil }
            return value
        }

        mutating func level(_ json: LocatedJSON?, _ name: String, offset: Int) -> TrustLevel? {
            guard let text = string(json, name, offset: offset) else { return nil }
            guard let level = TrustLevel(rawValue: text) else { problem(offset + (json?.line ?? 0), "\(name) '\(text)' is not low, medium or high"); return nil }
            return level
        }

        /// "50.00" or "50" → 5000 minor units; exact decimal text, never a binary float.
        mutating func money(_ json: LocatedJSON?, _ name: String, offset: Int) -> Int? {
            guard let text = string(json, name, offset: offset) else { return nil }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 1_000_000,
                  parts.count == 1 || (parts[1].count == 2 && parts[1].allSatisfy(\.isNumber))
            else { problem(offset + (json?.line ?? 0), "\(name) '\(text)' must be an amount such as \"50.00\" (a string, two decimals)"); return nil }
            return whole * 100 + (parts.count == 2 ? Int(parts[1])! : 0)
        }
    }
}

/// Why a policy file was refused: every problem found, in file order.
public struct PolicyFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [PolicyProblem]
    public var description: String { problems.sorted { $0.line < $1.line }.map(\.description).joined(separator: "\n") }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var view = self
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return view
    }
}
