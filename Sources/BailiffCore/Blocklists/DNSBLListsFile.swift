import Foundation

/// Reads blocklists from JSON, for lists the catalogue lacks (a private feed, a test zone):
///
///     [{"name": "local", "zone": "bl.example.net", "ipv4": true, "ipv6": true,
///       "codes": [{"code": "127.0.0.2", "class": "abuse", "meaning": "spam source"},
///                 {"code": "127.0.0.10-127.0.0.11", "class": "policy", "meaning": "dynamic range"}],
///       "other_codes": "abuse", "delist_url": "https://…", "daily_budget": 0, "queries_per_second": 1000}]
public enum DNSBLListsFile {
    public static func read(_ data: Data) throws -> [DNSBLList] {
        guard let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw DNSBLListsFileError(reason: "the lists file must be a JSON array of objects")
        }
        return try array.enumerated().map { index, object in
            let place = "list \(index + 1)"
            guard let name = object["name"] as? String, !name.isEmpty else { throw DNSBLListsFileError(reason: "\(place): give a name") }
            guard let zone = object["zone"] as? String, zone.contains(".") else { throw DNSBLListsFileError(reason: "\(place) (\(name)): give the zone, e.g. bl.example.net") }
            func codeClass(_ text: Any?, _ what: String) throws -> DNSBLList.CodeClass {
                guard let text = text as? String, let value = DNSBLList.CodeClass(rawValue: text) else {
                    throw DNSBLListsFileError(reason: "\(place) (\(name)): \(what) must be one of \(DNSBLList.CodeClass.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            let codes = try (object["codes"] as? [[String: Any]] ?? []).map { code -> DNSBLList.Code in
                let text = code["code"] as? String ?? ""
                let bounds = text.split(separator: "-").map { try? IPv4Address(parsing: $0.trimmingCharacters(in: .whitespaces)) }
                guard (1...2).contains(bounds.count), let first = bounds.first ?? nil, let last = bounds.last ?? nil, first.value >> 24 == 127, first <= last else {
                    throw DNSBLListsFileError(reason: "\(place) (\(name)): code '\(text)' must be 127.x.y.z or a range 127.x.y.z-127.x.y.z")
                }
                return DNSBLList.Code(first.value, through: last.value, try codeClass(code["class"], "a code's class"), code["meaning"] as? String ?? text)
            }
            return DNSBLList(name: name, zone: zone, ipv4: object["ipv4"] as? Bool ?? true, ipv6: object["ipv6"] as? Bool ?? false, codes: codes,
                             otherCodes: object["other_codes"] == nil ? .abuse : try codeClass(object["other_codes"], "other_codes"),
                             delistURL: object["delist_url"] as? String ?? "", dailyBudget: object["daily_budget"] as? Int ?? 0,
                             queriesPerSecond: object["queries_per_second"] as? Int ?? 1_000, enabled: true)
        }
    }
}

public struct DNSBLListsFileError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the blocklists file is not usable: \(reason)" }
}
