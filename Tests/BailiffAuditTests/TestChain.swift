@testable import BailiffAudit

/// Builders for test chains.
enum TestChain {
    static let startTime: Int64 = 1_700_000_000

    /// A valid chain of `count` entries with varied actors, actions and subjects.
    static func make(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            entries.append(next(after: entries.last, index: index))
        }
        return entries
    }

    static func next(after head: AuditEntry?, index: Int) -> AuditEntry {
        let actors = ["system", "staff:alice", "node:a", "node:b"]
        let actions = ["case.opened", "case.updated", "policy.published", "case.closed"]
        do {
            return try AuditChain.append(
                to: head,
                recordedAt: startTime + Int64(index),
                actor: actors[index % actors.count],
                action: actions[(index / 3) % actions.count],
                subject: "case:\(index / 5 + 1)",
                details: #"{"step":\#(index)}"#
            )
        } catch {
            fatalError("test chain cannot be built: \(error)")
        }
    }

    /// What a forger who knows the algorithm does: renumber from `index` on and recompute
    /// every link and hash from there, so the chain is self-consistent again.
    static func rewrite(_ entries: [AuditEntry], from index: Int) -> [AuditEntry] {
        var result = entries
        for position in index..<result.count {
            result[position].sequence = Int64(position + 1)
            result[position].previousHash = position == 0 ? AuditChain.genesisHash : result[position - 1].hash
            result[position].hash = AuditChain.hash(of: result[position])
        }
        return result
    }
}

/// A chain generated on the fly, so verifying it never holds more than one entry.
struct GeneratedChain: Sequence {
    let count: Int

    struct Iterator: IteratorProtocol {
        let count: Int
        var index = 0
        var head: AuditEntry?

        mutating func next() -> AuditEntry? {
            guard index < count else { return nil }
            let entry = TestChain.next(after: head, index: index)
            head = entry
            index += 1
            return entry
        }
    }

    func makeIterator() -> Iterator { Iterator(count: count) }
}
