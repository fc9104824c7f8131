import BailiffCore
import BailiffStore
import Foundation
import Logging
import Synchronization

/// The process ExaBGP runs (`process … { run bailiff exabgp; }`): it writes announce and
/// withdraw commands on its output and reads ExaBGP's acknowledgement of each (`done` or
/// `error`; ExaBGP's `api.ack`, on by default) from its input.
///
/// ExaBGP's `done` means the command was accepted and queued for the peers, not that a peer
/// took the route, so the feed sends only commands it built and checked itself, one at a time,
/// and records each answer on the case. On start it announces every wanted route again: a
/// restarted speaker (which forgot its routes) is brought back to the stored state.
public final class ExaBGPFeed: Sendable {
    let store: Store
    let send: @Sendable (String) -> Void
    let acknowledgements: AsyncStream<String>
    let logger: Logger
    /// Commands the speaker accepted from this process, by prefix: what it knows from us.
    private let told = Mutex<[String: String]>([:])
    /// Commands it refused, by prefix, with when to try again: ExaBGP refuses commands while
    /// its neighbours are still being set up, so a refusal is retried, 2 s doubling to 5 min.
    private let refused = Mutex<[String: (command: String, retryAt: Int64, attempts: Int)]>([:])

    public init(store: Store, send: @escaping @Sendable (String) -> Void, acknowledgements: AsyncStream<String>, logger: Logger) {
        self.store = store; self.send = send; self.acknowledgements = acknowledgements; self.logger = logger
    }

    /// Brings the speaker to the stored state; returns how many commands were sent, or nil when
    /// ExaBGP closed the pipe (it is shutting down).
    public func synchronise(now: Int64, next: () async -> String?) async throws -> Int? {
        let repository = BlackholeRepository(store)
        var sent = 0
        for entry in try await repository.all() {
            let command = entry.command
            let already = told.withLock { $0[entry.prefix] }
            let needed = entry.desired == "announce" ? already != command : (already != nil || entry.withdrawnAt == nil)
            guard needed else { continue }
            let earlier = refused.withLock { $0[entry.prefix] }.flatMap { $0.command == command ? $0 : nil }
            if let earlier, now < earlier.retryAt { continue }
            send(command)
            sent += 1
            guard let answer = await next() else { return nil }
            let accepted = answer == "done"
            if accepted {
                told.withLock { $0[entry.prefix] = entry.desired == "announce" ? command : nil }
                refused.withLock { $0[entry.prefix] = nil }
            } else {
                let attempts = (earlier?.attempts ?? 0) + 1
                refused.withLock { $0[entry.prefix] = (command, now + min(300, 2 << min(attempts, 8)), attempts) }
                logger.error("ExaBGP refused a command", metadata: ["command": "\(command)", "answer": "\(answer)"])
            }
            // The case hears of the first refusal and of the success, not of every retry.
            if accepted || earlier == nil { try await repository.confirm(entry, accepted: accepted, answer: answer, now: now) }
            if answer == "shutdown" { return nil }
        }
        return sent
    }

    /// Runs until ExaBGP closes the pipe or the task is cancelled.
    public func run(every interval: Duration) async {
        var lines = acknowledgements.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                let result = try await synchronise(now: Int64(Date().timeIntervalSince1970)) { await lines.next() }
                if result == nil { logger.notice("ExaBGP closed the API pipe; the feed stops"); return }
            } catch {
                logger.warning("could not read the wanted blackhole routes; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
