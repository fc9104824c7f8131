import Foundation

/// Blocklist monitoring: which lists to ask, through which server, how hard.
public struct DNSBLSettings: Sendable, Hashable {
    /// Names of catalogue lists to enable (`DNSBLCatalogue`), e.g. `zen,spamcop`.
    public var enabledLists: [String] = []
    /// A JSON file of further lists (or replacements for catalogue entries, by name); empty: none.
    public var listsFile = ""
    /// The DNS server asked (a local recursive resolver, or a list's mirror); empty: /etc/resolv.conf's first.
    public var server = ""
    /// Queries in flight at once.
    public var window = 256
    public var timeoutMilliseconds = 2_000
    public var retries = 2
    /// Hours between scheduled sweeps of the provider's space; 0: no scheduled sweeps.
    public var sweepHours = 0
    /// Addresses one sweep asks about at most (a /14 by default).
    public var maximumAddresses = 262_144

    public init() {}
}

extension BailiffConfiguration {
    static let dnsblKeys: [Key] = [
        Key(name: "dnsbl.lists", help: "catalogue lists to query, comma-separated (\(DNSBLCatalogue.lists.map(\.name).joined(separator: ", ")))", isSecret: false,
            apply: { config, value in
                let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if let unknown = names.first(where: { name in !DNSBLCatalogue.lists.contains { $0.name == name } }) {
                    return "'\(unknown)' is not in the catalogue (\(DNSBLCatalogue.lists.map(\.name).joined(separator: ", "))); define it in dnsbl.lists_file"
                }
                config.dnsbl.enabledLists = names
                return nil
            }, show: { $0.dnsbl.enabledLists.joined(separator: ",") }),
        Key(name: "dnsbl.lists_file", help: "JSON file of further blocklists (zone, codes and their classes); empty: none", isSecret: false,
            apply: { config, value in config.dnsbl.listsFile = value; return nil }, show: { $0.dnsbl.listsFile }),
        Key(name: "dnsbl.server", help: "DNS server for blocklist queries (host:port); empty: the first nameserver of /etc/resolv.conf", isSecret: false,
            apply: { config, value in config.dnsbl.server = value; return nil }, show: { $0.dnsbl.server }),
        Key(name: "dnsbl.window", help: "blocklist queries in flight at once", isSecret: false,
            apply: { config, value in
                guard let window = Int(value), (1...10_000).contains(window) else { return "must be 1–10000" }
                config.dnsbl.window = window
                return nil
            }, show: { String($0.dnsbl.window) }),
        Key(name: "dnsbl.timeout_ms", help: "milliseconds to wait for one answer", isSecret: false,
            apply: { config, value in
                guard let ms = Int(value), (10...30_000).contains(ms) else { return "must be 10–30000 ms" }
                config.dnsbl.timeoutMilliseconds = ms
                return nil
            }, show: { String($0.dnsbl.timeoutMilliseconds) }),
        Key(name: "dnsbl.retries", help: "tries after the first when a query times out", isSecret: false,
            apply: { config, value in
                guard let retries = Int(value), (0...5).contains(retries) else { return "must be 0–5" }
                config.dnsbl.retries = retries
                return nil
            }, show: { String($0.dnsbl.retries) }),
        Key(name: "dnsbl.sweep_hours", help: "hours between sweeps of the provider's space against the lists (0: none; `bailiff dnsbl sweep` runs one now)", isSecret: false,
            apply: { config, value in
                guard let hours = Int(value), (0...168).contains(hours) else { return "must be 0–168 hours" }
                config.dnsbl.sweepHours = hours
                return nil
            }, show: { String($0.dnsbl.sweepHours) }),
        Key(name: "dnsbl.max_addresses", help: "addresses one sweep asks about at most", isSecret: false,
            apply: { config, value in
                guard let count = Int(value), (1...16_777_216).contains(count) else { return "must be 1–16777216" }
                config.dnsbl.maximumAddresses = count
                return nil
            }, show: { String($0.dnsbl.maximumAddresses) }),
    ]

    /// The lists to query: enabled catalogue entries and the lists file's, the file winning by name.
    public func blocklists() throws -> [DNSBLList] {
        var lists = DNSBLCatalogue.lists.filter { dnsbl.enabledLists.contains($0.name) }.map { list -> DNSBLList in
            var enabled = list
            enabled.enabled = true
            return enabled
        }
        if !dnsbl.listsFile.isEmpty {
            guard let data = FileManager.default.contents(atPath: dnsbl.listsFile) else { throw DNSBLListsFileError(reason: "cannot read \(dnsbl.listsFile)") }
            for list in try DNSBLListsFile.read(data) {
                lists.removeAll { $0.name == list.name }
                lists.append(list)
            }
        }
        return lists
    }
}
