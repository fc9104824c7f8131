import BailiffStore

/// A system that carries out intents: a panel, a router, a firewall, a mailer, a webhook.
///
/// Adapters are called at least once per intent: a repeat must be harmless. Those that can
/// pass the intent's key to their peer (a webhook header) do; the others check state first.
public protocol EnforcementAdapter: Sendable {
    /// A short name for timelines (`webhook`, `command`).
    var name: String { get }
    /// The actions this adapter was enabled for.
    var actions: Set<String> { get }
    func perform(_ work: IntentRepository.Work) async -> AdapterOutcome
    /// Carries out several intents at once (a mailer sends them over one connection); the
    /// outcomes are in the same order. By default, one after the other.
    func perform(batch: [IntentRepository.Work]) async -> [AdapterOutcome]
}

extension EnforcementAdapter {
    public func perform(batch: [IntentRepository.Work]) async -> [AdapterOutcome] {
        var outcomes: [AdapterOutcome] = []
        for work in batch { outcomes.append(await perform(work)) }
        return outcomes
    }
}

/// What an adapter made of one intent.
public enum AdapterOutcome: Sendable, Hashable {
    case done(String)
    /// A temporary failure: try again later.
    case retry(String)
    /// A permanent failure: staff must look.
    case failed(String)
    /// Not yet, by design: try again at the instant given (a notice waiting for its digest).
    case later(until: Int64, String)
}
