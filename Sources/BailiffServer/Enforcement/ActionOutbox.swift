import BailiffCore
import BailiffStore
import Foundation
import Logging

/// Carries out action intents through the enabled adapters: durable (the intents are rows),
/// at least once (a claim whose node died is taken over), retried with exponential backoff, and
/// safe by default — an action no adapter was enabled for is recorded as a dry run.
public struct ActionOutbox: Sendable {
    let store: Store
    let adapters: [any EnforcementAdapter]
    let logger: Logger

    public init(store: Store, adapters: [any EnforcementAdapter], logger: Logger) {
        self.store = store; self.adapters = adapters; self.logger = logger
    }

    /// Seconds before the next try after `attempts` failed ones: 30 s doubling, at most an hour.
    public static func backoff(attempts: Int) -> Int64 { min(3_600, 30 << min(attempts, 7)) }

    /// Carries out the intents due now; returns how many were attempted.
    @discardableResult
    public func runOnce(now: Int64, limit: Int = 50) async throws -> Int {
        let intents = IntentRepository(store)
        let due = try await intents.claimDue(now: now, limit: limit)
        var batches: [(adapter: Int, work: [IntentRepository.Work])] = []
        for work in due {
            guard let index = adapters.firstIndex(where: { $0.actions.contains(work.action) }) else {
                try await intents.record(work, .dryRun(detail: "would \(work.action) for service \(work.serviceID) (no adapter is enabled for \(work.action))"), now: now)
                continue
            }
            if let batch = batches.firstIndex(where: { $0.adapter == index }) { batches[batch].work.append(work) } else {
                batches.append((index, [work]))
            }
        }
        for (index, batch) in batches {
            let adapter = adapters[index]
            let outcomes = await adapter.perform(batch: batch)
            for (work, outcome) in zip(batch, outcomes) {
                let result: IntentRepository.Result
                switch outcome {
                case .done(let detail): result = .done(adapter: adapter.name, detail: detail)
                case .retry(let reason): result = .retry(adapter: adapter.name, reason: reason, at: now + Self.backoff(attempts: work.attempts))
                case .later(let until, let reason): result = .held(adapter: adapter.name, reason: reason, until: until)
                case .failed(let reason):
                    logger.error("an enforcement action failed", metadata: ["intent": "\(work.key)", "adapter": "\(adapter.name)", "reason": "\(reason)"])
                    result = .failed(adapter: adapter.name, reason: reason)
                }
                try await intents.record(work, result, now: now)
            }
        }
        return due.count
    }

    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                while try await runOnce(now: Int64(Date().timeIntervalSince1970)) > 0, !Task.isCancelled {}
            } catch {
                logger.warning("could not carry out intents; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
