/// Writes an inventory in the JSON import format, one record per line so that the file diffs
/// well and errors on re-import point at the right record.
public enum InventoryJSONWriter {
    public static func write(_ document: InventoryDocument) -> String {
        var out = "{\n  \"format\": \"bailiff-inventory/1\""
        func section(_ name: String, _ records: [String]) {
            out += ",\n  \"\(name)\": ["
            out += records.isEmpty ? "]" : "\n    " + records.joined(separator: ",\n    ") + "\n  ]"
        }
        func object(_ members: [(String, String?)]) -> String {
            "{" + members.compactMap { key, value in value.map { "\"\(key)\": \($0)" } }.joined(separator: ", ") + "}"
        }
        func string(_ text: String) -> String { quote(text) }
        func strings(_ list: [String]) -> String { "[" + list.map(quote).joined(separator: ", ") + "]" }
        func contacts(_ contacts: Contacts) -> String? {
            contacts.isEmpty ? nil : object(ContactRole.allCases.map { role in (role.rawValue, contacts[role].isEmpty ? nil : strings(contacts[role])) })
        }
        func instant(_ value: Int64?) -> String? { value.map { quote(Timestamp.format($0)) } }

        section("networks", document.networks.map { object([("prefix", string($0.value.prefix.description)), ("label", string($0.value.label))]) })
        section("infrastructure", document.infrastructure.map {
            object([("prefix", string($0.value.prefix.description)), ("role", string($0.value.role.rawValue)), ("label", string($0.value.label))])
        })
        section("resellers", document.resellers.map {
            object([("id", string($0.value.id)), ("name", string($0.value.name)), ("language", string($0.value.language)),
                    ("created", instant($0.value.createdAt)), ("contacts", contacts($0.value.contacts))])
        })
        section("customers", document.customers.map {
            object([("id", string($0.value.id)), ("reseller", $0.value.resellerID.map(string)), ("name", string($0.value.name)),
                    ("language", string($0.value.language)), ("created", instant($0.value.createdAt)),
                    ("flags", $0.value.flags.isEmpty ? nil : strings($0.value.flags.map(\.rawValue).sorted())), ("contacts", contacts($0.value.contacts))])
        })
        section("services", document.services.map {
            object([("id", string($0.value.id)), ("customer", string($0.value.customerID)), ("label", string($0.value.label)),
                    ("kind", string($0.value.kind.rawValue)), ("status", string($0.value.status.rawValue)),
                    ("references", $0.value.references.isEmpty ? nil : "{" + $0.value.references.sorted { $0.key < $1.key }.map { "\(quote($0.key)): \(quote($0.value))" }.joined(separator: ", ") + "}")])
        })
        section("assignments", document.assignments.map {
            object([("prefix", string($0.value.prefix.description)), ("service", string($0.value.serviceID)),
                    ("from", instant($0.value.from)), ("until", instant($0.value.until))])
        })
        return out + "\n}\n"
    }

    static func quote(_ text: String) -> String { JSONText.quote(text) }
}
