/// One record of either file format, before its fields are turned into typed values.
struct RawRecord {
    enum Value {
        case text(String)
        case list([String])
        case map([String: String])

        init?(json: LocatedJSON) {
            switch json {
            case .string(let text, _): self = .text(text)
            case .number(_, let text, _): self = .text(text)
            case .null: self = .text("")
            case .array(let elements, _):
                var list: [String] = []
                for element in elements {
                    guard case .string(let text, _) = element else { return nil }
                    list.append(text)
                }
                self = .list(list)
            case .object(let members, _):
                var map: [String: String] = [:]
                for (key, value) in members {
                    switch value {
                    case .string(let text, _): map[key] = text
                    case .number(_, let text, _): map[key] = text
                    default: return nil
                    }
                }
                self = .map(map)
            case .bool: return nil
            }
        }
    }

    var kind: InventoryRecordKind
    var line: Int
    var fields: [String: Value]

    /// Checks the fields and appends the typed record, or the problems, to the document.
    func convert(into document: inout InventoryDocument, problems: inout [ImportProblem]) {
        var reader = FieldReader(record: self)
        for key in fields.keys.sorted() where !kind.allowedFields.contains(key) {
            reader.problem("'\(key)' does not apply to a \(kind.rawValue) record; it may carry \(kind.allowedFields.sorted().joined(separator: ", "))")
        }
        for key in kind.requiredFields where fields[key] == nil {
            reader.problem("a \(kind.rawValue) record needs '\(key)'")
        }
        switch kind {
        case .network:
            let prefix = reader.prefix("prefix")
            if let prefix, reader.ok {
                document.networks.append(Located(line: line, ProviderNetwork(prefix: prefix, label: reader.text("label") ?? "")))
            }
        case .infrastructure:
            let prefix = reader.prefix("prefix")
            let role: InfrastructureRole? = reader.choice("role")
            if let prefix, let role, reader.ok {
                document.infrastructure.append(Located(line: line, InfrastructureEntry(prefix: prefix, role: role, label: reader.text("label") ?? "")))
            }
        case .reseller:
            let reseller = Reseller(
                id: reader.identifier("id") ?? "", name: reader.text("name") ?? "", language: reader.language(),
                createdAt: reader.instant("created"), contacts: reader.contacts()
            )
            if reader.ok { document.resellers.append(Located(line: line, reseller)) }
        case .customer:
            let customer = Customer(
                id: reader.identifier("id") ?? "", resellerID: reader.identifier("reseller"), name: reader.text("name") ?? "",
                language: reader.language(), createdAt: reader.instant("created"), flags: reader.flags(), contacts: reader.contacts()
            )
            if reader.ok { document.customers.append(Located(line: line, customer)) }
        case .service:
            let service = Service(
                id: reader.identifier("id") ?? "", customerID: reader.identifier("customer") ?? "", label: reader.text("label") ?? "",
                kind: reader.choice("kind") ?? .vps, status: reader.choice("status") ?? .active, references: reader.references()
            )
            if reader.ok { document.services.append(Located(line: line, service)) }
        case .assignment:
            let prefix = reader.prefix("prefix")
            let row = AssignmentRow(
                prefix: prefix ?? IPPrefix(.v4(IPv4Address(0)), length: 0), serviceID: reader.identifier("service") ?? "",
                from: reader.instant("from"), until: reader.instant("until")
            )
            if let from = row.from, let until = row.until, until <= from {
                reader.problem("'until' (\(Timestamp.format(until))) must be after 'from' (\(Timestamp.format(from)))")
            }
            if prefix != nil, reader.ok { document.assignments.append(Located(line: line, row)) }
        }
        problems += reader.problems
    }
}

/// Reads typed values out of a record's fields, noting a problem for each bad one.
private struct FieldReader {
    let record: RawRecord
    var problems: [ImportProblem] = []
    var ok: Bool { problems.isEmpty }

    init(record: RawRecord) { self.record = record }

    mutating func problem(_ message: String) {
        problems.append(ImportProblem(line: record.line, message))
    }

    mutating func text(_ key: String) -> String? {
        switch record.fields[key] {
        case nil: return nil
        case .text(let text): return text.trimmingSpaces.isEmpty ? nil : text.trimmingSpaces
        case .list, .map: problem("'\(key)' must be a single value"); return nil
        }
    }

    mutating func list(_ key: String) -> [String] {
        switch record.fields[key] {
        case nil: return []
        case .text(let text): return text.split(separator: ";").map(\.trimmingSpaces).filter { !$0.isEmpty }
        case .list(let list): return list.map(\.trimmingSpaces).filter { !$0.isEmpty }
        case .map: problem("'\(key)' must be a list"); return []
        }
    }

    /// Ids are what other records and external systems refer to: printable, no spaces, ≤ 64 bytes.
    mutating func identifier(_ key: String) -> String? {
        guard let text = text(key) else { return nil }
        guard text.utf8.count <= 64, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            problem("'\(key)' '\(text.prefix(70))' must be at most 64 printable ASCII characters without spaces")
            return nil
        }
        return text
    }

    mutating func prefix(_ key: String) -> IPPrefix? {
        guard let text = text(key) else { return nil }
        do { return try IPPrefix(parsing: text) } catch {
            problem("'\(key)': \(error)")
            return nil
        }
    }

    mutating func instant(_ key: String) -> Int64? {
        guard let text = text(key) else { return nil }
        guard let instant = Timestamp.parse(text) else {
            problem("'\(key)' '\(text.prefix(40))' is not a date; write 2024-03-01 or 2024-03-01T12:00:00Z")
            return nil
        }
        return instant
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String) -> T? where T.RawValue == String {
        guard let text = text(key) else { return nil }
        guard let value = T(rawValue: text.lowercased()) else {
            problem("'\(key)' '\(text.prefix(40))' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A BCP 47 language tag such as `en`, `et` or `pt-BR`; English when absent.
    mutating func language() -> String {
        guard let text = text("language") else { return "en" }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let valid = (2...3).contains(parts[0].count) && parts.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        guard valid else {
            problem("'language' '\(text.prefix(20))' is not a language tag such as en, et or pt-BR")
            return "en"
        }
        return text
    }

    mutating func flags() -> Set<CustomerFlag> {
        var flags: Set<CustomerFlag> = []
        for text in list("flags") {
            guard let flag = CustomerFlag(rawValue: text.lowercased()) else {
                problem("flag '\(text.prefix(40))' is not one of \(CustomerFlag.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            flags.insert(flag)
        }
        return flags
    }

    mutating func contacts() -> Contacts {
        var addresses: [ContactRole: [String]] = [:]
        for role in ContactRole.allCases {
            let list = list(role.rawValue)
            for address in list where !EmailAddress.isPlausible(address) {
                problem("\(role.rawValue) contact '\(address.prefix(80))' is not an e-mail address")
            }
            addresses[role] = list
        }
        return Contacts(addresses)
    }

    /// `key=value;key=value` in CSV, an object in JSON.
    mutating func references() -> [String: String] {
        switch record.fields["references"] {
        case nil: return [:]
        case .map(let map): return map
        case .list: problem("'references' must be key=value pairs"); return [:]
        case .text(let text):
            var map: [String: String] = [:]
            for pair in text.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, !parts[0].trimmingSpaces.isEmpty else {
                    problem("reference '\(pair.prefix(60))' must be written system.key=value, e.g. whmcs.service_id=4711")
                    continue
                }
                let key = parts[0].trimmingSpaces
                if map[key] != nil { problem("reference '\(key)' is given twice") }
                map[key] = parts[1].trimmingSpaces
            }
            return map
        }
    }
}
