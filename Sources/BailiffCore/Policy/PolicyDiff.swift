/// What changed between two policy versions, in lines people can review: clauses added,
/// removed or retitled, and for each category its clause, severity, standing window and ladder.
public enum PolicyDiff {
    public static func lines(from old: PolicyDocument, to new: PolicyDocument) -> [String] {
        var lines: [String] = []
        let oldClauses = Dictionary(old.clauses.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let newClauses = Dictionary(new.clauses.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        for id in newClauses.keys.sorted() where oldClauses[id] == nil { lines.append("+ clause \(id): \(newClauses[id]!)") }
        for id in oldClauses.keys.sorted() where newClauses[id] == nil { lines.append("- clause \(id): \(oldClauses[id]!)") }
        for id in oldClauses.keys.sorted() where newClauses[id] != nil && newClauses[id] != oldClauses[id] {
            lines.append("~ clause \(id): \"\(oldClauses[id]!)\" → \"\(newClauses[id]!)\"")
        }
        for category in AbuseCategory.allCases {
            let before = old.rules[category].map(describe), after = new.rules[category].map(describe)
            if before != after { lines.append("~ \(category.rawValue): \(before ?? "no rule") → \(after ?? "no rule")") }
        }
        if old.trust != new.trust { lines.append("~ trust settings changed") }
        if old.fees != new.fees {
            lines.append("~ fees: \(old.fees.delistingBaseMinor)+\(old.fees.delistingHourlyMinor)/h \(old.fees.currency) → \(new.fees.delistingBaseMinor)+\(new.fees.delistingHourlyMinor)/h \(new.fees.currency)")
        }
        if old.retention != new.retention { lines.append("~ retention changed") }
        return lines
    }

    static func describe(_ rule: CategoryRule) -> String {
        let ladder = rule.ladder.map { rung in
            rung.id + "(" + rung.actions.map(\.rawValue).joined(separator: "+") + (rung.deadlineHours.map { ", \($0)h→\(rung.onDeadline?.rawValue ?? "?")" } ?? "") + ")"
        }.joined(separator: " › ")
        return "clause \(rule.clause), \(rule.severity.rawValue), window \(rule.standingWindowDays)d: \(ladder)"
    }
}
