/// Locks an account after repeated wrong passwords or codes, so that guessing is slow.
///
/// Five failures in a row lock the account for fifteen minutes; a success resets the count.
/// The lock is per account, not per client address, so a spread-out attack is slowed too;
/// the price is that an attacker can keep a known account locked, which staff see in the audit log.
public struct LoginLockout: Sendable, Hashable {
    public var maximumFailures: Int
    public var lockSeconds: Int64

    public init(maximumFailures: Int = 5, lockSeconds: Int64 = 900) {
        self.maximumFailures = maximumFailures; self.lockSeconds = lockSeconds
    }

    /// The account's state as stored.
    public struct State: Sendable, Hashable {
        public var failures: Int
        public var lockedUntil: Int64?

        public init(failures: Int, lockedUntil: Int64?) { self.failures = failures; self.lockedUntil = lockedUntil }
    }

    public func isLocked(_ state: State, now: Int64) -> Bool { (state.lockedUntil ?? 0) > now }

    /// The state after a failed attempt.
    public func failed(_ state: State, now: Int64) -> State {
        // A lock that has run out starts a fresh count (attempts during a lock are refused unread).
        let failures = (state.lockedUntil != nil && !isLocked(state, now: now) ? 0 : state.failures) + 1
        return failures >= maximumFailures ? State(failures: failures, lockedUntil: now + lockSeconds) : State(failures: failures, lockedUntil: nil)
    }

    /// The state after a successful attempt.
    public func succeeded() -> State { State(failures: 0, lockedUntil: nil) }
}
