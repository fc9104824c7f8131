extension Attribution {
    /// Lines for people, as `bailiff whois` prints them.
    public func report(address: IPAddress, at instant: Int64) -> String {
        var lines = ["address:    \(address)", "at:         \(Timestamp.format(instant))", "answer:     \(kind)"]
        switch self {
        case .service(let hit):
            lines += [
                "service:    \(hit.service.id) (\(hit.service.label), \(hit.service.kind.rawValue), \(hit.service.status.rawValue))",
                "customer:   \(hit.customer.id) (\(hit.customer.name))",
                "reseller:   " + (hit.reseller.map { "\($0.id) (\($0.name))" } ?? "none"),
                "assignment: \(hit.assignment.prefix) \(InventoryImportPlanner.describe(hit.assignment.validity))",
            ]
        case .providerInfrastructure(let entry):
            lines += ["provider:   infrastructure of the provider itself: \(entry.role.rawValue) \(entry.label) (\(entry.prefix))"]
        case .unassigned(let network):
            lines += ["provider:   in the provider's network \(network.prefix) (\(network.label)), held by nobody at that time"]
        case .notOurs:
            lines += ["provider:   not in the provider's address space"]
        }
        return lines.joined(separator: "\n")
    }

    /// The same as one JSON object, for scripts (`bailiff whois --json`).
    public func json(address: IPAddress, at instant: Int64) -> String {
        var members: [(String, String)] = [
            ("address", JSONText.quote(address.description)),
            ("at", JSONText.quote(Timestamp.format(instant))),
            ("answer", JSONText.quote(kind)),
        ]
        func object(_ pairs: [(String, String?)]) -> String {
            "{" + pairs.compactMap { key, value in value.map { "\(JSONText.quote(key)): \($0)" } }.joined(separator: ", ") + "}"
        }
        let q = JSONText.quote
        switch self {
        case .service(let hit):
            members.append(("service", object([("id", q(hit.service.id)), ("label", q(hit.service.label)), ("kind", q(hit.service.kind.rawValue)), ("status", q(hit.service.status.rawValue))])))
            members.append(("customer", object([("id", q(hit.customer.id)), ("name", q(hit.customer.name))])))
            members.append(("reseller", hit.reseller.map { object([("id", q($0.id)), ("name", q($0.name))]) } ?? "null"))
            members.append(("assignment", object([
                ("prefix", q(hit.assignment.prefix.description)), ("from", q(Timestamp.format(hit.assignment.validity.from))),
                ("until", hit.assignment.validity.until.map { q(Timestamp.format($0)) } ?? "null"),
            ])))
        case .providerInfrastructure(let entry):
            members.append(("infrastructure", object([("prefix", q(entry.prefix.description)), ("role", q(entry.role.rawValue)), ("label", q(entry.label))])))
        case .unassigned(let network):
            members.append(("network", object([("prefix", q(network.prefix.description)), ("label", q(network.label))])))
        case .notOurs:
            break
        }
        return object(members.map { ($0.0, Optional($0.1)) })
    }
}
