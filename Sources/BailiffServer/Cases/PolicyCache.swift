import BailiffCore
import BailiffStore
import Foundation
import Synchronization

/// The published policy history, read from the store and kept for a few seconds, so that the
/// case loop does not re-read and re-validate the policy files on every pass, yet a version
/// published by another node or by `bailiff policy publish` is seen promptly.
public final class PolicyCache: Sendable {
    let store: Store
    let maximumAge: Int64
    private let cached = Mutex<(loadedAt: Int64, history: PolicyHistory)?>(nil)

    public init(store: Store, maximumAgeSeconds: Int64 = 10) {
        self.store = store; self.maximumAge = maximumAgeSeconds
    }

    public func history(now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> PolicyHistory {
        if let entry = cached.withLock({ $0 }), now - entry.loadedAt < maximumAge { return entry.history }
        let history = try await PolicyRepository(store).history()
        cached.withLock { $0 = (now, history) }
        return history
    }

    /// Publishes the built-in default policy when nothing was ever published, so that a fresh
    /// installation enforces something sensible from its first report.
    public static func publishDefaultIfNone(_ store: Store, now: Int64) async throws -> Bool {
        guard try await PolicyRepository(store).all().isEmpty else { return false }
        try await PolicyRepository(store).publish(DefaultPolicy.document, source: DefaultPolicy.text, by: "bailiff (built-in default)", now: now)
        return true
    }
}
