/// Checks an audit log against its own hash chain and against the anchors kept outside it.
///
/// It catches, and reports the first of, in sequence order:
/// - a gap or a repeat in sequence numbers (deleted, duplicated or reordered rows);
/// - a previousHash that is not the previous entry's hash (rows deleted or inserted and renumbered);
/// - a stored hash that is not the hash of the entry's fields (an edited row);
/// - an anchored entry whose hash changed (the chain was recomputed after an edit);
/// - an anchor past the last entry (the newest rows were deleted).
///
/// Without anchors, a forger who deletes the newest rows or recomputes every hash after
/// an edit goes unnoticed; anchors are what make those detectable.
///
/// Entries are consumed one at a time in sequence order, keeping only the previous entry and
/// the anchors in memory, so a log of any length can be checked from a database cursor.
/// Use ``verify(entries:anchors:)`` for a `Sequence`, or feed pages of rows to ``check(_:)``
/// and call ``finish()`` when the rows come from an asynchronous source.
public struct AuditVerifier: Sendable {
    private let anchorsBySequence: [Int64: [AuditAnchor]]
    private let furthestAnchor: AuditAnchor?
    private var count: Int64 = 0
    private var previous: AuditEntry?
    private var lastMatchedAnchorSequence: Int64 = 0
    private var found: AuditBreak?

    /// Prepares to verify entries against `anchors` (any order, duplicates allowed).
    public init(anchors: [AuditAnchor]) {
        anchorsBySequence = Dictionary(grouping: anchors, by: \.sequence)
        furthestAnchor = anchors.max { $0.sequence < $1.sequence }
        if let invalid = anchors.filter({ $0.sequence < 1 }).min(by: { $0.sequence < $1.sequence }) {
            found = AuditBreak(
                sequence: invalid.sequence,
                kind: .invalidAnchor,
                explanation: "the anchor taken at \(EpochTime.describe(invalid.anchoredAt)) names entry "
                    + "\(invalid.sequence), but entries are numbered from 1; the anchor source is damaged, "
                    + "find out how before trusting it."
            )
        }
    }

    /// Verifies a whole log: `entries` must be every entry, in ascending sequence order.
    ///
    /// Stops at the first problem. Iterates `entries` once and holds only one entry at a time.
    public static func verify(entries: some Sequence<AuditEntry>, anchors: [AuditAnchor]) -> AuditVerification {
        var verifier = AuditVerifier(anchors: anchors)
        for entry in entries {
            if verifier.check(entry) != nil { break }
        }
        return verifier.finish()
    }

    /// Checks the next entry in sequence order.
    ///
    /// - Returns: The first break found so far, or nil if everything up to `entry` verifies.
    ///   Once a break is found it is returned for every later call; stop feeding entries then.
    @discardableResult
    public mutating func check(_ entry: AuditEntry) -> AuditBreak? {
        if let found { return found }
        found = firstProblem(with: entry)
        if found == nil {
            count += 1
            previous = entry
            if anchorsBySequence[entry.sequence] != nil { lastMatchedAnchorSequence = entry.sequence }
        }
        return found
    }

    /// The result for the entries checked so far, treating them as the whole log.
    public func finish() -> AuditVerification {
        if let found { return .broken(found) }
        if let anchor = furthestAnchor, anchor.sequence > count {
            let missing = count + 1 == anchor.sequence ? "entry \(anchor.sequence) was" : "entries \(count + 1)…\(anchor.sequence) were"
            let ending = count == 0 ? "the log is empty" : "the log ends at entry \(count)"
            return .broken(AuditBreak(
                sequence: count + 1,
                kind: .deletedTail,
                explanation: "the anchor taken at \(EpochTime.describe(anchor.anchoredAt)) names entry "
                    + "\(anchor.sequence), but \(ending): \(missing) deleted. "
                    + "Restore the missing entries from a backup; do not take a new anchor until they are back."
            ))
        }
        return .intact(count: count, head: previous)
    }

    private func firstProblem(with entry: AuditEntry) -> AuditBreak? {
        let expected = count + 1
        let sequence = entry.sequence

        if sequence > expected {
            let missing = sequence - 1 == expected ? "entry \(expected) is" : "entries \(expected)…\(sequence - 1) are"
            let context = expected == 1 ? "the log starts at entry \(sequence) instead of 1" : "entry \(expected - 1) is followed by entry \(sequence)"
            return AuditBreak(
                sequence: expected,
                kind: .sequenceGap,
                explanation: "\(context), so \(missing) missing (deleted rows). Restore them from a backup."
            )
        }
        if sequence < expected {
            let context = expected == 1 ? "the log starts at entry \(sequence) instead of 1" : "entry \(sequence) follows entry \(expected - 1)"
            return AuditBreak(
                sequence: expected,
                kind: .sequenceRepeat,
                explanation: "\(context), but sequence numbers must rise by exactly one: a row is duplicated, "
                    + "inserted or out of order. Check that the rows are read ordered by sequence, then compare with a backup."
            )
        }

        let expectedPrevious = previous?.hash ?? AuditChain.genesisHash
        if !Hex.bytesEqual(entry.previousHash, expectedPrevious) {
            let explanation = expected == 1
                ? "entry 1's previousHash is not 64 zeros, so it is not the start of the log: "
                    + "earlier entries were deleted and the rest renumbered. Compare with a backup."
                : "entry \(sequence)'s previousHash is not the hash of entry \(sequence - 1): rows between them "
                    + "were deleted or inserted and renumbered, or entry \(sequence - 1) was changed and rehashed. "
                    + "Compare both with a backup."
            return AuditBreak(sequence: sequence, kind: .brokenLink, explanation: explanation)
        }

        if !Hex.bytesEqual(entry.hash, AuditChain.hash(of: entry)) {
            return AuditBreak(
                sequence: sequence,
                kind: .editedEntry,
                explanation: "entry \(sequence)'s stored hash does not match its contents: a field of this row "
                    + "was changed after it was written. Compare it with a backup; do not rehash it."
            )
        }

        for anchor in anchorsBySequence[sequence] ?? [] where !Hex.bytesEqual(anchor.hash, entry.hash) {
            let suspect = lastMatchedAnchorSequence + 1
            let since = lastMatchedAnchorSequence == 0
                ? "no earlier anchor matches, so the rewrite may start anywhere in entries 1…\(sequence)"
                : "the last anchor that still matches is at entry \(lastMatchedAnchorSequence), "
                    + "so the rewrite starts somewhere in entries \(suspect)…\(sequence)"
            return AuditBreak(
                sequence: sequence,
                firstSuspectSequence: suspect,
                kind: .anchorMismatch,
                explanation: "entry \(sequence)'s hash differs from the anchor taken at "
                    + "\(EpochTime.describe(anchor.anchoredAt)): the chain was recomputed after that anchor; "
                    + "\(since). Compare those entries with a backup."
            )
        }
        return nil
    }
}
