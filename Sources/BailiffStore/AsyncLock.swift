import Synchronization

/// A first-come, first-served lock for async code: waiters suspend instead of blocking a thread.
///
/// SQLite allows one writer at a time; when two of our own tasks both try, the loser's
/// connection spins in SQLite's busy handler. Taking this lock around every write transaction
/// of the process makes them queue instead.
public final class AsyncLock: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    private static let registry = Mutex<[String: AsyncLock]>([:])

    public init() {}

    /// The one lock of this process for `key` (a database file's path).
    static func shared(for key: String) -> AsyncLock {
        registry.withLock { locks in
            if let lock = locks[key] { return lock }
            let lock = AsyncLock()
            locks[key] = lock
            return lock
        }
    }

    public func withLock<T>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                if state.locked {
                    state.waiters.append(continuation)
                    return false
                }
                state.locked = true
                return true
            }
            if granted { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.locked = false
                return nil
            }
            return state.waiters.removeFirst()  // stays locked: handed to the next waiter
        }
        next?.resume()
    }
}
