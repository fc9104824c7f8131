import BailiffCore
import BailiffStore
import Foundation
import Logging

/// Applies the retention rules of the policy in force every so often (hourly by default).
public struct RetentionService: Sendable {
    let store: Store
    let policies: @Sendable () async throws -> PolicyHistory
    let logger: Logger

    public init(store: Store, policies: @escaping @Sendable () async throws -> PolicyHistory, logger: Logger) {
        self.store = store; self.policies = policies; self.logger = logger
    }

    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            let now = Int64(Date().timeIntervalSince1970)
            do {
                if let policy = try await policies().inForce(at: now) {
                    var total = 0
                    while case let removed = try await EvidenceRetention(store).removeExpired(policy: policy, now: now), !removed.isEmpty, !Task.isCancelled {
                        total += removed.count
                    }
                    if total > 0 { logger.info("retention removed expired evidence", metadata: ["messages": "\(total)", "policy": "\(policy.version)"]) }
                }
            } catch {
                logger.warning("could not apply retention; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
