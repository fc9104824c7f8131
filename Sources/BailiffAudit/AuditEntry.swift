/// One row of the audit log: who did what to which subject, and when.
///
/// Entries form a hash chain: each one stores the hash of the entry before it
/// (``previousHash``) and its own ``hash`` over all its other fields
/// (see ``AuditChain/hash(of:)``). Editing, inserting or deleting a row therefore
/// breaks the chain at that point, and ``AuditVerifier`` reports where.
///
/// Build new entries with ``AuditChain/append(to:recordedAt:actor:action:subject:details:)``
/// rather than by hand, so that ``sequence``, ``previousHash`` and ``hash`` are right.
/// The memberwise initializer exists for loading stored rows.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// Position in the chain: 1 for the first entry, then 2, 3, … with no gaps.
    public var sequence: Int64
    /// When the change was recorded, in seconds since 1970-01-01T00:00:00Z.
    public var recordedAt: Int64
    /// Who made the change, such as `"system"`, `"staff:alice"` or `"node:a"`.
    public var actor: String
    /// What was done, such as `"case.opened"` or `"policy.published"`.
    public var action: String
    /// What it was done to, such as `"case:42"`.
    public var subject: String
    /// Further detail as a JSON text. It is hashed byte for byte exactly as given, so it
    /// must be stored and loaded unchanged (no re-serialisation, no Unicode normalisation).
    public var details: String
    /// The ``hash`` of the previous entry, or ``AuditChain/genesisHash`` (64 zeros) for the first.
    public var previousHash: String
    /// Lower-case hex SHA-256 of this entry's canonical encoding (see ``AuditChain/hash(of:)``).
    public var hash: String

    /// Creates an entry from stored values, without computing or checking anything.
    public init(
        sequence: Int64,
        recordedAt: Int64,
        actor: String,
        action: String,
        subject: String,
        details: String,
        previousHash: String,
        hash: String
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }
}
