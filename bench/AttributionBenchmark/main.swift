#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BailiffCore

// Attribution benchmark: builds the attribution table from a generated inventory of 1,000,000
// IPv4 and 100,000 IPv6 prefix entries, and times lookups of a fixed batch of 1,000,000 queries.
//
// Usage: AttributionBenchmark [DATA-DIRECTORY] [--batches N]
// DATA-DIRECTORY (default bench/.data) receives the prefixes and query addresses for the
// Python peer (bench/attribution_pytricia.py). Lines starting with "RESULT " are for scripts.

var dataDirectory = "bench/.data"
var batches = 5
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--batches":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else {
            printError("--batches needs a positive number"); exit(2)
        }
        batches = value
    case "-h", "--help":
        print("usage: AttributionBenchmark [DATA-DIRECTORY] [--batches N]"); exit(0)
    default:
        dataDirectory = argument
    }
}

func megabytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576) }
func seconds(_ duration: Duration) -> Double { nanoseconds(duration) / 1e9 }
func result(_ key: String, _ value: String) { print("RESULT \(key)=\(value)") }

let shape = InventoryShape()
let clock = ContinuousClock()

/// Generates the inventory and the queries and writes the peer's files; only the snapshot and
/// the batch outlive it, so the generator's bookkeeping is gone before memory is measured.
func prepare(writingTo dataDirectory: String) -> (InventorySnapshot, QueryBatch) {
    let start = clock.now
    var generator = InventoryGenerator(shape: shape)
    let inventory = generator.generate()
    let batch = QueryBatch(inventory, shape: shape)
    print("generated in \(fixed(seconds(clock.now - start))) s (seed 0x\(String(shape.seed, radix: 16)))")
    for line in inventory.summary { print("  " + line) }
    print("  queries: \(batch.count) — hits now \(batch.count(of: .hit)), past instants of reassigned prefixes \(batch.count(of: .past)), misses outside our space \(batch.count(of: .miss)); IPv4 \(batch.addresses.filter { $0.family == .v4 }.count), IPv6 \(batch.addresses.filter { $0.family == .v6 }.count)")
    let written = DataFiles.write(inventory.snapshot, batch, to: dataDirectory)
    print("wrote \(dataDirectory)/v4-prefixes.txt (\(written.v4Prefixes) distinct prefixes), v6-prefixes.txt (\(written.v6Prefixes)), queries.txt (\(written.queries) addresses)")
    return (inventory.snapshot, batch)
}

print("== Bailiff attribution benchmark ==")
print("load average at start: \(ProcessMemory.loadAverage() ?? "unavailable") (other processes running inflate wall-clock figures)")
let (snapshot, batch) = prepare(writingTo: dataDirectory)

// Build, with the resident set measured just before and just after (freed heap handed back
// first both times, so the growth is what the table keeps plus allocator fragmentation).
ProcessMemory.releaseFreeHeap()
let residentBefore = ProcessMemory.residentBytes()
let buildStart = clock.now
let table = AttributionTable(snapshot)
let buildSeconds = seconds(clock.now - buildStart)
ProcessMemory.releaseFreeHeap()
let residentAfter = ProcessMemory.residentBytes()
withExtendedLifetime(snapshot) {}  // the snapshot is live at both measurements

let statistics = table.statistics
let holderBytes = snapshot.services.count * (MemoryLayout<ServiceAttribution.ServiceSummary>.stride + 4)
    + snapshot.customers.count * (MemoryLayout<ServiceAttribution.CustomerSummary>.stride + 4)
    + snapshot.resellers.count * MemoryLayout<ServiceAttribution.ResellerSummary>.stride
    + snapshot.infrastructure.count * MemoryLayout<InfrastructureEntry>.stride
    + snapshot.networks.count * MemoryLayout<ProviderNetwork>.stride
let residentGrowth: Int? = if let residentBefore, let residentAfter { residentAfter - residentBefore } else { nil }
print("built the table in \(fixed(buildSeconds, 2)) s: \(statistics.prefixes) distinct prefixes, \(statistics.entries) entries, \(statistics.ranges) elementary ranges")
print("memory: index arrays (statistics.indexBytes) \(megabytes(statistics.indexBytes)) MB")
if let residentGrowth {
    print("        resident-set growth over the build \(megabytes(residentGrowth)) MB — includes the holder arrays (service, customer, reseller summaries, about \(megabytes(holderBytes)) MB; short ids and labels are stored inline) and allocator slack")
} else {
    print("        resident-set growth: unavailable (no /proc)")
}

let verification = Verification(table, batch)
for kind in [QueryBatch.Kind.hit, .past, .miss] {
    let outcome = verification.outcomes[kind, default: (0, 0, 0)]
    print("  answers to \(kind) queries: service \(outcome.service), infrastructure/unassigned \(outcome.other), not ours \(outcome.notOurs)")
}
guard verification.wrong == 0 else {
    print("VERIFICATION FAILED: \(verification.wrong) of \(verification.checked) answers differ from the generator's intent")
    for line in verification.firstWrong { print("  " + line) }
    exit(1)
}
print("verified: all \(verification.checked) answers are the intended holder (or, in prefixes with nested holders, a service)")

// Timed batches.
_ = LookupLoops.match(table, batch)  // warm-up
var matchTimes: [Double] = [], matchCPUTimes: [Double] = []
var matchChecksum: Int?
for number in 1...batches {
    let (perLookup, checksum, cpuPerLookup) = LookupLoops.time(batch) { LookupLoops.match(table, batch) }
    if let matchChecksum, matchChecksum != checksum { print("checksum changed between batches!"); exit(1) }
    matchChecksum = checksum
    matchTimes.append(perLookup)
    matchCPUTimes.append(cpuPerLookup)
    print("  match batch \(number): \(fixed(perLookup)) ns/lookup (thread CPU time \(fixed(cpuPerLookup)) ns/lookup)")
}
let sortedTimes = matchTimes.sorted()
let best = sortedTimes[0]
let median = sortedTimes.count % 2 == 1 ? sortedTimes[sortedTimes.count / 2]
    : (sortedTimes[sortedTimes.count / 2 - 1] + sortedTimes[sortedTimes.count / 2]) / 2
let (attributePerLookup, attributeChecksum, attributeCPU) = LookupLoops.time(batch) { LookupLoops.attribute(table, batch) }
print("  attribute batch: \(fixed(attributePerLookup)) ns/lookup (thread CPU time \(fixed(attributeCPU)) ns/lookup)")

// The same lookups by family, best of three, for context.
var familyBest: [IPFamily: Double] = [:]
for family in [IPFamily.v4, .v6] {
    var subset = batch
    let keep = batch.addresses.indices.filter { batch.addresses[$0].family == family }
    subset.addresses = keep.map { batch.addresses[$0] }; subset.instants = keep.map { batch.instants[$0] }
    familyBest[family] = (0..<3).map { _ in LookupLoops.time(subset) { LookupLoops.match(table, subset) }.nanosecondsPerLookup }.min()
}

print("")
print("match:     best \(fixed(best)) ns/lookup, median \(fixed(median)) ns/lookup over \(batches) batches of \(batch.count) (IPv4 only \(fixed(familyBest[.v4]!)), IPv6 only \(fixed(familyBest[.v6]!)))")
print("attribute: \(fixed(attributePerLookup)) ns/lookup (full answer, one batch)")
print("checksums: match \(matchChecksum!), attribute \(attributeChecksum)")
print("thread CPU time per match lookup: best \(fixed(matchCPUTimes.min()!)) ns; load average at end: \(ProcessMemory.loadAverage() ?? "unavailable")")
print("peak resident set: \(ProcessMemory.peakResidentBytes().map { megabytes($0) + " MB" } ?? "unavailable") (generator, snapshot and queries included)")

result("match_ns_best", fixed(best))
result("match_ns_median", fixed(median))
result("match_cpu_ns_best", fixed(matchCPUTimes.min()!))
result("attribute_ns", fixed(attributePerLookup))
result("match_v4_ns_best", fixed(familyBest[.v4]!))
result("match_v6_ns_best", fixed(familyBest[.v6]!))
result("build_seconds", fixed(buildSeconds, 2))
result("index_mb", megabytes(statistics.indexBytes))
result("rss_growth_mb", residentGrowth.map(megabytes) ?? "n/a")
result("holder_arrays_mb", megabytes(holderBytes))
result("entries", String(statistics.entries))
result("distinct_prefixes", String(statistics.prefixes))
result("queries", String(batch.count))
result("found", String(verification.outcomes.values.reduce(0) { $0 + $1.service + $1.other }))
