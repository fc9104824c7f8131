/// Why ``AuditChain/append(to:recordedAt:actor:action:subject:details:)`` could not build the next entry.
public enum AuditChainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The head's sequence number is already `Int64.max`, so no next number exists.
    case sequenceExhausted(head: Int64)
    /// The head's sequence number is below 1, which no valid chain contains.
    case invalidHeadSequence(Int64)

    public var description: String {
        switch self {
        case .sequenceExhausted(let head):
            return "cannot append after audit entry \(head): the sequence number would overflow; "
                + "the stored head is almost certainly corrupt, run `bailiff audit verify` to find out where"
        case .invalidHeadSequence(let head):
            return "cannot append after audit entry \(head): sequence numbers start at 1; "
                + "the stored head is corrupt, run `bailiff audit verify` to find out where"
        }
    }
}
