/// The hashing rule of the audit log and the one way to extend it.
///
/// The log is append-only: entry *n* stores the hash of entry *n − 1*, so changing any
/// entry changes every hash after it. Callers must append in one serial order (for
/// example inside a transaction that locks the head row); this type only computes
/// the next entry from the head it is given.
public enum AuditChain {
    /// The ``AuditEntry/previousHash`` of the first entry: 64 `"0"` characters.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Computes the hash an entry must carry: lower-case hex SHA-256 of its canonical encoding.
    ///
    /// The entry's own ``AuditEntry/hash`` field is not part of the input. The encoding is a
    /// storage format: every stored hash depends on it, so it must never change. A future
    /// format would use a new domain tag (`v2`) and keep this one for old entries.
    ///
    /// The encoding is the concatenation, with nothing between them, of:
    ///
    /// 1. `str("bailiff-audit-entry v1")` — a domain tag (22 bytes of ASCII after the prefix)
    /// 2. `i64(sequence)`
    /// 3. `i64(recordedAt)`
    /// 4. `str(actor)`
    /// 5. `str(action)`
    /// 6. `str(subject)`
    /// 7. `str(details)`
    /// 8. `str(previousHash)`
    ///
    /// where
    ///
    /// - `i64(x)` is 8 bytes: `x` as two's complement, big-endian;
    /// - `str(s)` is the number of bytes of `s` in UTF-8 as an unsigned 64-bit big-endian
    ///   integer (8 bytes), followed by those UTF-8 bytes exactly as stored: no trimming,
    ///   no Unicode normalisation, no terminator.
    ///
    /// Because every string carries its length, no two different field tuples share an
    /// encoding: moving a character across a field boundary (actor `"ab"`, action `"c"`
    /// versus actor `"a"`, action `"bc"`) changes the length prefixes and so the hash.
    public static func hash(of entry: AuditEntry) -> String {
        var encoding = CanonicalEncoding()
        encoding.append(CanonicalEncoding.domainTag)
        encoding.append(entry.sequence)
        encoding.append(entry.recordedAt)
        encoding.append(entry.actor)
        encoding.append(entry.action)
        encoding.append(entry.subject)
        encoding.append(entry.details)
        encoding.append(entry.previousHash)
        return encoding.finish()
    }

    /// Builds the entry that follows `head`, with its sequence number, link and hash filled in.
    ///
    /// Pass `nil` for an empty log to get entry 1, linked to ``genesisHash``. The result is
    /// not stored anywhere: the caller writes it, and must make sure no other writer appended
    /// after `head` in the meantime (otherwise two entries share a sequence number and
    /// ``AuditVerifier`` reports the chain broken).
    ///
    /// - Throws: ``AuditChainError`` if `head` has a sequence number no chain can continue from.
    public static func append(
        to head: AuditEntry?,
        recordedAt: Int64,
        actor: String,
        action: String,
        subject: String,
        details: String = "{}"
    ) throws(AuditChainError) -> AuditEntry {
        let sequence: Int64
        let previousHash: String
        if let head {
            guard head.sequence >= 1 else { throw .invalidHeadSequence(head.sequence) }
            guard head.sequence < Int64.max else { throw .sequenceExhausted(head: head.sequence) }
            sequence = head.sequence + 1
            previousHash = head.hash
        } else {
            sequence = 1
            previousHash = genesisHash
        }
        var entry = AuditEntry(
            sequence: sequence,
            recordedAt: recordedAt,
            actor: actor,
            action: action,
            subject: subject,
            details: details,
            previousHash: previousHash,
            hash: ""
        )
        entry.hash = hash(of: entry)
        return entry
    }
}
