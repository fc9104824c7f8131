import BailiffAudit
import BailiffStore
import Foundation
import Logging

/// Appends the audit log's head to the anchor file every so often (when it moved), so that
/// `bailiff audit verify` can tell a deleted tail or a recomputed chain from the real one. The
/// file should also be shipped off the machine (log shipping, backup): an attacker who can
/// rewrite both the database and the file is out of its reach.
public struct AuditAnchoring: Sendable {
    let store: Store
    let path: String
    let logger: Logger

    public init(store: Store, path: String, logger: Logger) { self.store = store; self.path = path; self.logger = logger }

    /// Anchors the head if it moved since `last`; returns the head's sequence.
    public func anchorIfMoved(since last: Int64?) async throws -> Int64? {
        guard let head = try await AuditLog.head(store), head.sequence != last else { return last }
        try AuditAnchorFile.append(AuditAnchor(head: head, anchoredAt: Int64(Date().timeIntervalSince1970)), to: path)
        return head.sequence
    }

    public func run(every interval: Duration) async {
        var last: Int64?
        while !Task.isCancelled {
            do { last = try await anchorIfMoved(since: last) } catch {
                logger.warning("could not anchor the audit log", metadata: ["file": "\(path)", "error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
