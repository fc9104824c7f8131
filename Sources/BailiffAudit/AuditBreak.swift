/// The first place where an audit log fails verification, and what the failure means.
public struct AuditBreak: Sendable, Equatable, CustomStringConvertible {
    /// What kind of damage was found.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Sequence numbers skip ahead: entries are missing (deleted rows).
        case sequenceGap = "gap in sequence numbers"
        /// A sequence number repeats or goes backwards (duplicated, inserted or reordered rows).
        case sequenceRepeat = "repeated sequence number"
        /// An entry's stored hash is not the hash of its fields (an edited row).
        case editedEntry = "edited entry"
        /// An entry's previousHash is not the hash of the entry before it (rows deleted, inserted or rehashed).
        case brokenLink = "broken link"
        /// An anchor names a sequence number past the last entry (the newest rows were deleted).
        case deletedTail = "deleted tail"
        /// An entry's hash differs from an anchor taken at its sequence number (the chain was recomputed).
        case anchorMismatch = "anchor mismatch"
        /// An anchor has a sequence number below 1, which no entry can have.
        case invalidAnchor = "invalid anchor"
    }

    /// The sequence number where the chain is broken: the entry that fails, the first one
    /// missing, or, for ``Kind/anchorMismatch``, the anchored entry whose hash changed.
    public var sequence: Int64
    /// The earliest entry that may have been tampered with. Equal to ``sequence`` except for
    /// ``Kind/anchorMismatch``, where the rewrite can start anywhere after the last anchor
    /// that still matched.
    public var firstSuspectSequence: Int64
    /// What kind of damage was found.
    public var kind: Kind
    /// One or two sentences saying what is wrong and what to do.
    public var explanation: String

    public init(sequence: Int64, firstSuspectSequence: Int64? = nil, kind: Kind, explanation: String) {
        self.sequence = sequence
        self.firstSuspectSequence = firstSuspectSequence ?? sequence
        self.kind = kind
        self.explanation = explanation
    }

    public var description: String {
        "audit chain broken at entry \(sequence) (\(kind.rawValue)): \(explanation)"
    }
}
