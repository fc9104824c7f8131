import Testing
@testable import BailiffAudit

@Suite("AuditVerifier")
struct AuditVerifierTests {
    let chain = TestChain.make(1_000)

    func anchor(at sequence: Int, in entries: [AuditEntry]) -> AuditAnchor {
        AuditAnchor(head: entries[sequence - 1], anchoredAt: TestChain.startTime + 5_000)
    }

    func broken(_ result: AuditVerification, sourceLocation: SourceLocation = #_sourceLocation) throws -> AuditBreak {
        try #require(result.breakFound, "expected a break, got \(result)", sourceLocation: sourceLocation)
    }

    @Test func intactChainVerifies() {
        let anchors = [anchor(at: 1, in: chain), anchor(at: 500, in: chain), anchor(at: 1_000, in: chain)]
        let result = AuditVerifier.verify(entries: chain, anchors: anchors)
        #expect(result == .intact(count: 1_000, head: chain[999]))
        #expect(AuditVerifier.verify(entries: chain, anchors: []) == .intact(count: 1_000, head: chain[999]))
    }

    @Test func emptyLogIsIntactWithoutAnchors() {
        #expect(AuditVerifier.verify(entries: [], anchors: []) == .intact(count: 0, head: nil))
    }

    // (a)
    @Test func editedRowIsBrokenAtThatRow() throws {
        var entries = chain
        entries[499].details = #"{"step":"nothing to see"}"#
        let found = try broken(AuditVerifier.verify(entries: entries, anchors: []))
        #expect(found.sequence == 500)
        #expect(found.kind == .editedEntry)
        #expect(found.description.contains("entry 500"))
    }

    @Test(arguments: [1, 2, 999, 1_000])
    func editedRowAtEitherEndIsFound(sequence: Int) throws {
        var entries = chain
        entries[sequence - 1].actor = "staff:mallory"
        let found = try broken(AuditVerifier.verify(entries: entries, anchors: []))
        #expect(found.sequence == Int64(sequence))
        #expect(found.kind == .editedEntry)
    }

    // (b)
    @Test func deletedTailIsCaughtByAnchor() throws {
        let anchors = [anchor(at: 1_000, in: chain)]
        let truncated = Array(chain.prefix(990))
        let found = try broken(AuditVerifier.verify(entries: truncated, anchors: anchors))
        #expect(found.kind == .deletedTail)
        #expect(found.sequence == 991)
        #expect(found.explanation.contains("entries 991…1000 were deleted"))

        // Without an anchor the truncated chain is self-consistent: that is what anchors are for.
        #expect(AuditVerifier.verify(entries: truncated, anchors: []).isIntact)
    }

    @Test func deletingEverythingIsCaughtByAnchor() throws {
        let found = try broken(AuditVerifier.verify(entries: [], anchors: [anchor(at: 3, in: chain)]))
        #expect(found.kind == .deletedTail)
        #expect(found.sequence == 1)
    }

    // (c)
    @Test func recomputedChainIsCaughtByEarlierAnchor() throws {
        let anchors = [anchor(at: 250, in: chain), anchor(at: 600, in: chain)]
        var forged = chain
        forged[299].subject = "case:9999"
        forged = TestChain.rewrite(forged, from: 299)

        // The forgery is self-consistent…
        #expect(AuditVerifier.verify(entries: forged, anchors: []).isIntact)
        // …but not with the anchor taken before it.
        let found = try broken(AuditVerifier.verify(entries: forged, anchors: anchors))
        #expect(found.kind == .anchorMismatch)
        #expect(found.sequence == 600)
        #expect(found.firstSuspectSequence == 251)
        #expect(found.firstSuspectSequence <= 300)
        #expect(found.explanation.contains("entries 251…600"))
    }

    @Test func recomputedChainIsCaughtAtTheEditedEntryWhenAnchoredThere() throws {
        var forged = chain
        forged[299].actor = "staff:mallory"
        forged = TestChain.rewrite(forged, from: 299)
        let found = try broken(AuditVerifier.verify(entries: forged, anchors: [anchor(at: 300, in: chain)]))
        #expect(found.kind == .anchorMismatch)
        #expect(found.sequence == 300)
        #expect(found.firstSuspectSequence == 1)
    }

    // (d)
    @Test func removedAndRenumberedRowIsCaught() throws {
        var entries = chain
        entries.remove(at: 199)
        for index in 199..<entries.count { entries[index].sequence -= 1 }
        let found = try broken(AuditVerifier.verify(entries: entries, anchors: []))
        #expect(found.sequence == 200)
        #expect(found.kind == .brokenLink)
    }

    @Test func removedRowWithoutRenumberingIsAGap() throws {
        var entries = chain
        entries.remove(at: 199)
        let found = try broken(AuditVerifier.verify(entries: entries, anchors: []))
        #expect(found.sequence == 200)
        #expect(found.kind == .sequenceGap)
        #expect(found.explanation.contains("entry 200 is missing"))
    }

    @Test func removedRenumberedAndRehashedRowIsCaughtByAnchor() throws {
        var entries = chain
        entries.remove(at: 199)
        entries = TestChain.rewrite(entries, from: 199)
        #expect(AuditVerifier.verify(entries: entries, anchors: []).isIntact)

        let atEnd = try broken(AuditVerifier.verify(entries: entries, anchors: [anchor(at: 1_000, in: chain)]))
        #expect(atEnd.kind == .deletedTail)
        let inMiddle = try broken(AuditVerifier.verify(entries: entries, anchors: [anchor(at: 400, in: chain)]))
        #expect(inMiddle.kind == .anchorMismatch)
        #expect(inMiddle.sequence == 400)
    }

    @Test func insertedRowIsCaught() throws {
        var entries = chain
        var extra = entries[199]
        extra.actor = "staff:mallory"
        extra.hash = AuditChain.hash(of: extra)
        entries.insert(extra, at: 200)
        let found = try broken(AuditVerifier.verify(entries: entries, anchors: []))
        #expect(found.kind == .sequenceRepeat)
        #expect(found.sequence == 201)
    }

    @Test func chainNotStartingAtOneIsCaught() throws {
        let found = try broken(AuditVerifier.verify(entries: chain.dropFirst(), anchors: []))
        #expect(found.kind == .sequenceGap)
        #expect(found.sequence == 1)

        var renumbered = Array(chain.dropFirst())
        for index in renumbered.indices { renumbered[index].sequence -= 1 }
        let link = try broken(AuditVerifier.verify(entries: renumbered, anchors: []))
        #expect(link.kind == .brokenLink)
        #expect(link.sequence == 1)
    }

    @Test func firstProblemWinsAndLaterCallsRepeatIt() throws {
        var entries = chain
        entries[99].action = "case.deleted"
        entries[699].action = "case.deleted"
        var verifier = AuditVerifier(anchors: [anchor(at: 1_000, in: chain)])
        var first: AuditBreak?
        for entry in entries.prefix(990) { first = first ?? verifier.check(entry) }
        #expect(first?.sequence == 100)
        #expect(verifier.check(entries[990])?.sequence == 100)
        #expect(try broken(verifier.finish()).sequence == 100)
    }

    @Test func extremeAnchorTimesStillProduceAMessage() throws {
        for time in [Int64.max, Int64.min, 0] {
            let far = AuditAnchor(sequence: 2_000, hash: AuditChain.genesisHash, anchoredAt: time)
            let found = try broken(AuditVerifier.verify(entries: chain, anchors: [far]))
            #expect(found.kind == .deletedTail)
            #expect(found.explanation.contains("(\(time))"))
        }
    }

    @Test func anchorWithImpossibleSequenceIsReported() throws {
        let bad = AuditAnchor(sequence: 0, hash: AuditChain.genesisHash, anchoredAt: 0)
        let found = try broken(AuditVerifier.verify(entries: chain, anchors: [bad]))
        #expect(found.kind == .invalidAnchor)
    }

    @Test func conflictingAnchorsAtOneSequenceAreCaught() throws {
        let good = anchor(at: 10, in: chain)
        let other = AuditAnchor(sequence: 10, hash: chain[10].hash, anchoredAt: 1)
        let found = try broken(AuditVerifier.verify(entries: chain, anchors: [good, other]))
        #expect(found.kind == .anchorMismatch)
        #expect(found.sequence == 10)
    }

    @Test func streamsALongChainWithoutHoldingIt() {
        let count = 100_000
        let last = GeneratedChain(count: count).reduce(nil as AuditEntry?) { _, entry in entry }
        let anchors = [last.map { AuditAnchor(head: $0, anchoredAt: 0) }].compactMap { $0 }
        let result = AuditVerifier.verify(entries: GeneratedChain(count: count), anchors: anchors)
        #expect(result == .intact(count: Int64(count), head: last))
    }
}
