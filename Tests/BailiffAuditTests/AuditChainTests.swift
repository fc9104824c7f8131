import Testing
@testable import BailiffAudit

@Suite("AuditChain hashing and appending")
struct AuditChainTests {
    /// Regression guard for the storage format: this value was computed by an independent
    /// implementation of the encoding documented on `AuditChain.hash(of:)`. If this test
    /// fails, stored audit logs no longer verify: revert the change to the encoding.
    @Test func pinnedHashOfFixedEntry() {
        let entry = AuditEntry(
            sequence: 1,
            recordedAt: 1_700_000_000,
            actor: "staff:alice",
            action: "case.opened",
            subject: "case:42",
            details: #"{"reason":"phishing","note":"é ✓"}"#,
            previousHash: AuditChain.genesisHash,
            hash: ""
        )
        #expect(AuditChain.hash(of: entry) == "2c4c481df19a6f537e52e67ba64c2bbb78752023ad510d9536bc7ce17b30a899")
    }

    @Test func pinnedHashWithEmptyStringsAndNegativeTime() {
        let entry = AuditEntry(
            sequence: 7, recordedAt: -1, actor: "", action: "", subject: "", details: "",
            previousHash: AuditChain.genesisHash, hash: "ignored"
        )
        #expect(AuditChain.hash(of: entry) == "5a0cfd902f6d4fad0904a1a6a3cbd39cbd4f6d5b12b3d1df3ee89863f9940f32")
    }

    @Test func fieldBoundariesCannotBeShifted() {
        func entry(_ actor: String, _ action: String, _ subject: String = "case:1", _ details: String = "{}") -> AuditEntry {
            AuditEntry(
                sequence: 1, recordedAt: 0, actor: actor, action: action, subject: subject,
                details: details, previousHash: AuditChain.genesisHash, hash: ""
            )
        }
        #expect(AuditChain.hash(of: entry("ab", "c")) != AuditChain.hash(of: entry("a", "bc")))
        #expect(AuditChain.hash(of: entry("a", "b", "c:1", "{}")) != AuditChain.hash(of: entry("a", "b", "c:", "1{}")))
        #expect(AuditChain.hash(of: entry("", "ab")) != AuditChain.hash(of: entry("ab", "")))
    }

    @Test func hashIgnoresStoredHashField() {
        var entry = TestChain.make(1)[0]
        let original = AuditChain.hash(of: entry)
        entry.hash = "anything"
        #expect(AuditChain.hash(of: entry) == original)
    }

    @Test func hashIsByteExactNotUnicodeEquivalent() {
        let composed = AuditEntry(
            sequence: 1, recordedAt: 0, actor: "staff:jos\u{E9}", action: "a", subject: "s",
            details: "{}", previousHash: AuditChain.genesisHash, hash: ""
        )
        var decomposed = composed
        decomposed.actor = "staff:jose\u{301}"
        #expect(composed.actor == decomposed.actor)  // Swift calls them equal…
        #expect(AuditChain.hash(of: composed) != AuditChain.hash(of: decomposed))  // …the log does not.
    }

    @Test func appendStartsAtOneAndLinks() throws {
        let first = try AuditChain.append(to: nil, recordedAt: 10, actor: "system", action: "log.started", subject: "audit")
        #expect(first.sequence == 1)
        #expect(first.previousHash == AuditChain.genesisHash)
        #expect(first.details == "{}")
        #expect(first.hash == AuditChain.hash(of: first))

        let second = try AuditChain.append(to: first, recordedAt: 11, actor: "staff:alice", action: "case.opened", subject: "case:42", details: #"{"a":1}"#)
        #expect(second.sequence == 2)
        #expect(second.previousHash == first.hash)
        #expect(second.hash == AuditChain.hash(of: second))
        #expect(second.hash.utf8.count == 64)
    }

    @Test func appendRejectsImpossibleHeads() {
        var head = TestChain.make(1)[0]
        head.sequence = Int64.max
        #expect(throws: AuditChainError.sequenceExhausted(head: Int64.max)) {
            try AuditChain.append(to: head, recordedAt: 0, actor: "system", action: "x", subject: "y")
        }
        head.sequence = 0
        #expect(throws: AuditChainError.invalidHeadSequence(0)) {
            try AuditChain.append(to: head, recordedAt: 0, actor: "system", action: "x", subject: "y")
        }
    }
}
