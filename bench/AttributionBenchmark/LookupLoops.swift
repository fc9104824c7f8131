#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BailiffCore

/// The timed loops. Each folds every answer into a checksum that the caller prints, so the
/// optimiser cannot drop a lookup; `@inline(never)` keeps each loop a unit of its own.
enum LookupLoops {
    /// The fast path: `match`, a small struct per lookup.
    @inline(never)
    static func match(_ table: AttributionTable, _ batch: QueryBatch) -> Int {
        var checksum = 0
        batch.addresses.withUnsafeBufferPointer { addresses in
            batch.instants.withUnsafeBufferPointer { instants in
                for index in 0..<addresses.count {
                    if let match = table.match(addresses[index], at: instants[index]) {
                        checksum &+= Int(match.serviceIndex) &+ (match.isOurs ? 7 : 0)
                    } else {
                        checksum &+= 1
                    }
                }
            }
        }
        return checksum
    }

    /// The full answer: `attribute`, with the holder's records copied out.
    @inline(never)
    static func attribute(_ table: AttributionTable, _ batch: QueryBatch) -> Int {
        var checksum = 0
        batch.addresses.withUnsafeBufferPointer { addresses in
            batch.instants.withUnsafeBufferPointer { instants in
                for index in 0..<addresses.count {
                    switch table.attribute(addresses[index], at: instants[index]) {
                    case .service(let hit):
                        checksum &+= hit.service.id.utf8.count &+ hit.customer.id.utf8.count &+ (hit.reseller == nil ? 0 : 1)
                            &+ hit.assignment.prefix.length &+ Int(truncatingIfNeeded: hit.assignment.validity.from)
                    case .providerInfrastructure(let entry): checksum &+= entry.label.utf8.count
                    case .unassigned(let network): checksum &+= network.prefix.length
                    case .notOurs: checksum &+= 1
                    }
                }
            }
        }
        return checksum
    }

    /// Times `body` over the batch with `ContinuousClock` (wall time) and returns nanoseconds per
    /// lookup, the checksum, and the thread's CPU time per lookup (which, unlike wall time, leaves
    /// out the time the thread waited for a core while other processes ran).
    static func time(_ batch: QueryBatch, _ body: () -> Int) -> (nanosecondsPerLookup: Double, checksum: Int, cpuNanosecondsPerLookup: Double) {
        let clock = ContinuousClock()
        let cpuStart = threadCPUNanoseconds()
        let start = clock.now
        let checksum = body()
        let elapsed = clock.now - start
        let cpu = threadCPUNanoseconds() - cpuStart
        return (nanoseconds(elapsed) / Double(batch.count), checksum, Double(cpu) / Double(batch.count))
    }
}

func threadCPUNanoseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return spec.tv_sec * 1_000_000_000 + spec.tv_nsec
}

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}
