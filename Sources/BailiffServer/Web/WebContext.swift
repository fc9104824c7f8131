import BailiffCore
import BailiffStore
import BailiffWeb
import Logging
import Synchronization
import Vapor

/// What the web controllers share.
final class WebContext: Sendable {
    let store: Store
    let configuration: BailiffConfiguration
    let attribution: AttributionService
    let authenticator: WebAuthenticator
    let policies: PolicyCache
    let cases: CaseService
    let port25: Port25RequestService
    let lockout = LoginLockout()
    /// Sign-in attempts per client address: 20 at once, then one every 3 s.
    let loginLimiter = Mutex(RateLimiter(burst: 20, refillSeconds: 3))
    /// Public form submissions per client address: 5 at once, then one a minute.
    let reportLimiter = Mutex(RateLimiter(burst: 5, refillSeconds: 60))

    init(_ context: BailiffApplication.Context) {
        store = context.store
        configuration = context.configuration
        attribution = context.attribution
        authenticator = WebAuthenticator(store: context.store, configuration: context.configuration)
        let policies = PolicyCache(store: context.store)
        self.policies = policies
        cases = CaseService(store: context.store, policies: { try await policies.history() }, logger: Logger(label: "bailiff.web"))
        port25 = Port25RequestService.configured(context.configuration, store: context.store)
    }

    /// Categories customers and resellers never see: those the policy keeps out of the portals,
    /// and child abuse whatever a policy says.
    func hiddenCategories(now: Int64) async throws -> Set<String> {
        var hidden: Set<String> = [AbuseCategory.childAbuse.rawValue]
        for document in try await policies.history(now: now).versions {
            for (category, rule) in document.rules where !rule.visibleInPortals { hidden.insert(category.rawValue) }
        }
        return hidden
    }

    func access(now: Int64) async throws -> CaseAccess { CaseAccess(hiddenCategories: try await hiddenCategories(now: now)) }

    func allow(_ limiter: borrowing Mutex<RateLimiter>, _ request: Request) -> Bool {
        let now = Date().timeIntervalSince1970
        return limiter.withLock { $0.allow(request.clientAddress, now: now) }
    }
}

extension CaseSummary {
    init(_ record: CaseRepository.CaseRecord) {
        self.init(id: record.id, category: record.category, status: record.status, serviceID: record.serviceID, customerID: record.customerID,
                  resellerID: record.resellerID, rung: record.rung, deadline: record.deadline, openedAt: record.openedAt, updatedAt: record.updatedAt,
                  assignee: record.assignee, clause: record.clause, policyVersion: record.policyVersion)
    }
}
