import BailiffCore

/// Checks, untimed, that the table answers every query as the generator intended, so the timed
/// figures are figures of correct lookups.
struct Verification {
    var checked = 0
    var wrong = 0
    var firstWrong: [String] = []
    /// Answers by query kind: how many were a service, other (infrastructure or unassigned), not ours.
    var outcomes: [QueryBatch.Kind: (service: Int, other: Int, notOurs: Int)] = [:]

    init(_ table: AttributionTable, _ batch: QueryBatch) {
        for index in 0..<batch.count {
            let match = table.match(batch.addresses[index], at: batch.instants[index])
            let expected = batch.expected[index]
            let ok: Bool
            switch expected {
            case QueryBatch.notOurs: ok = match == nil
            case QueryBatch.anyService: ok = (match?.serviceIndex ?? -1) >= 0
            default: ok = match?.serviceIndex == expected
            }
            var outcome = outcomes[batch.kinds[index], default: (0, 0, 0)]
            if let match { if match.serviceIndex >= 0 { outcome.service += 1 } else { outcome.other += 1 } } else { outcome.notOurs += 1 }
            outcomes[batch.kinds[index]] = outcome
            checked += 1
            if !ok {
                wrong += 1
                if firstWrong.count < 5 {
                    firstWrong.append("\(batch.addresses[index]) at \(batch.instants[index]): expected \(expected), got \(match.map { String($0.serviceIndex) } ?? "nil")")
                }
            }
        }
    }
}
