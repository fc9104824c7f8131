import BailiffStore
import Foundation
import Logging

/// Removes expired sessions and stale portal links, hourly: a stolen copy of an old cookie
/// finds nothing, and the tables stay small.
public struct WebHousekeeping: Sendable {
    let store: Store
    let logger: Logger

    public init(store: Store, logger: Logger) { self.store = store; self.logger = logger }

    public func runOnce(now: Int64) async throws -> (sessions: Int, links: Int) {
        (try await WebSessionRepository(store).removeExpired(now: now), try await PortalLinkRepository(store).removeStale(now: now))
    }

    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                let removed = try await runOnce(now: Int64(Date().timeIntervalSince1970))
                if removed.sessions + removed.links > 0 {
                    logger.info("web housekeeping", metadata: ["sessions": "\(removed.sessions)", "links": "\(removed.links)"])
                }
            } catch {
                logger.error("web housekeeping failed; retrying later", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
