#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BailiffCore

/// The files the Python peer reads, so that both sides index the same prefixes and ask the
/// same addresses in the same order.
///
/// - `v4-prefixes.txt`, `v6-prefixes.txt`: every distinct prefix the table indexes (assignment,
///   infrastructure and provider-network prefixes), one per line in CIDR notation.
/// - `queries.txt`: the query addresses, one per line, in batch order (no instants: the peer
///   has no time dimension).
enum DataFiles {
    struct Written {
        var v4Prefixes: Int
        var v6Prefixes: Int
        var queries: Int
    }

    static func write(_ snapshot: InventorySnapshot, _ batch: QueryBatch, to directory: String) -> Written {
        makeDirectory(directory)
        var v4Text = "", v6Text = ""
        v4Text.reserveCapacity(20 * snapshot.assignments.count)
        var v4Count = 0, v6Count = 0
        var previous: IPPrefix?
        func add(_ prefix: IPPrefix) {
            if prefix.family == .v4 {
                v4Text += prefix.description; v4Text += "\n"; v4Count += 1
            } else {
                v6Text += prefix.description; v6Text += "\n"; v6Count += 1
            }
        }
        // The generator emits all holders of a prefix one after the other.
        for assignment in snapshot.assignments where assignment.prefix != previous {
            add(assignment.prefix)
            previous = assignment.prefix
        }
        var extra = Set<IPPrefix>()
        for prefix in snapshot.infrastructure.map(\.prefix) + snapshot.networks.map(\.prefix) where extra.insert(prefix).inserted {
            add(prefix)
        }
        writeFile(v4Text, to: directory + "/v4-prefixes.txt")
        writeFile(v6Text, to: directory + "/v6-prefixes.txt")

        var queryText = ""
        queryText.reserveCapacity(20 * batch.count)
        for address in batch.addresses { queryText += address.description; queryText += "\n" }
        writeFile(queryText, to: directory + "/queries.txt")
        return Written(v4Prefixes: v4Count, v6Prefixes: v6Count, queries: batch.count)
    }

    private static func makeDirectory(_ path: String) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST { fail("cannot create \(partial)") }
        }
    }

    private static func writeFile(_ text: String, to path: String) {
        guard let file = fopen(path, "w") else { fail("cannot write \(path)") }
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != text.utf8.count || fclose(file) != 0 { fail("short write to \(path)") }
    }

    private static func fail(_ message: String) -> Never {
        printError("AttributionBenchmark: \(message)")
        exit(2)
    }
}

/// Writes a line to standard error (file descriptor 2; the C `stderr` global is not concurrency-safe).
func printError(_ message: String) {
    var line = message + "\n"
    _ = line.withUTF8 { write(2, $0.baseAddress, $0.count) }
}
