import Synchronization

/// Writes many callers' requests in one transaction — one commit, one `fsync` — while each caller
/// still learns its own result only after that commit.
///
/// The first caller to find no writer at work becomes the writer: it takes everything queued,
/// writes it as one batch, answers every caller of the batch, and goes again while more has
/// arrived meanwhile. Under light load a batch holds one request and nothing waits; under heavy
/// load the batch grows by itself to whatever arrived during the previous commit.
///
/// When a batch of several fails, each of its requests is written again on its own, so that one
/// bad request fails alone instead of taking its neighbours with it.
final class GroupCommit<Request: Sendable, Response: Sendable>: Sendable {
    /// Writes a batch in one transaction and answers each request in order.
    typealias WriteBatch = @Sendable ([Request]) async throws -> [Response]

    private struct Waiting: Sendable {
        let request: Request
        let continuation: CheckedContinuation<Response, any Error>
    }

    private struct State: Sendable {
        var queue: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let maximumBatch: Int

    init(maximumBatch: Int = 256) {
        self.maximumBatch = maximumBatch
    }

    /// Queues `request` and returns its response once the batch holding it committed. `write`
    /// is used if this caller becomes the writer; every caller must pass the same logic.
    func submit(_ request: Request, write: @escaping WriteBatch) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let becomeWriter = state.withLock { state -> Bool in
                state.queue.append(Waiting(request: request, continuation: continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if becomeWriter {
                Task { await self.drain(write) }
            }
        }
    }

    private func drain(_ write: WriteBatch) async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let taken = Array(state.queue.prefix(maximumBatch))
                state.queue.removeFirst(taken.count)
                if taken.isEmpty { state.writing = false }
                return taken
            }
            if batch.isEmpty { return }
            await commit(batch, write)
        }
    }

    private func commit(_ batch: [Waiting], _ write: WriteBatch) async {
        do {
            let responses = try await write(batch.map(\.request))
            precondition(responses.count == batch.count, "a batch writer must answer every request")
            for (waiting, response) in zip(batch, responses) { waiting.continuation.resume(returning: response) }
        } catch {
            guard batch.count > 1 else {
                batch[0].continuation.resume(throwing: error)
                return
            }
            for waiting in batch {
                do {
                    let response = try await write([waiting.request])
                    waiting.continuation.resume(returning: response[0])
                } catch {
                    waiting.continuation.resume(throwing: error)
                }
            }
        }
    }
}
