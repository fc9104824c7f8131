import BailiffCore

/// The size and mix of the generated inventory, and the fixed instants the benchmark uses.
///
/// Prefix counts are *entries* (prefix plus holder plus validity): a prefix reassigned twice
/// counts three times, which is how the table stores it and how the issue states the target.
struct InventoryShape: Sendable {
    var seed: UInt64 = 0xBA11_1FF0_2025
    var v4Entries = 1_000_000
    var v6Entries = 100_000
    var services = 300_000
    var customers = 100_000
    var resellers = 40
    /// Share of customers that buy through a reseller.
    var resoldShare = 0.3

    /// "Now" is fixed so that every run builds the same table: 2025-06-01T00:00:00Z.
    var now: Int64 = 1_748_736_000
    /// The oldest current assignment starts here: 2016-01-01T00:00:00Z.
    var historyStart: Int64 = 1_451_606_400

    /// IPv4 provider networks: 28 /16s, 10 /18s, 6 /19s and 6 /20s, each in a /16 of its own.
    var v4NetworkLengths: [Int] =
        Array(repeating: 16, count: 28) + Array(repeating: 18, count: 10)
        + Array(repeating: 19, count: 6) + Array(repeating: 20, count: 6)
    /// IPv6 provider networks: a few /32s.
    var v6Networks = 4

    /// How many earlier holders a prefix has: none 85 %, one 10.5 %, two 3 %, three 1.5 %.
    var earlierHolderOdds: [(count: Int, cumulative: Double)] = [(0, 0.85), (1, 0.955), (2, 0.985), (3, 1.0)]
    /// Share of prefixes whose last holder left too (the prefix is free now).
    var freedShare = 0.03

    /// Query mix: current hits, past instants of reassigned prefixes, misses outside our space.
    var queries = 1_000_000
    var hitShare = 0.70
    var pastShare = 0.15
    /// Share of queries that are IPv4 (the rest IPv6), in each of the three kinds.
    var v4QueryShare = 0.85
}

/// Short, zero-padded identifiers such as `S004711`.
func code(_ letter: String, _ number: Int, width: Int) -> String {
    let digits = String(number)
    return letter + String(repeating: "0", count: max(0, width - digits.count)) + digits
}
