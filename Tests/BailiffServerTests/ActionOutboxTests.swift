import BailiffCore
@testable import BailiffServer
import BailiffStore
import Crypto
import Foundation
import Logging
import NIOCore
import Testing
import Vapor

@Suite struct ActionOutboxTests {
    /// Opens a trusted spam case (notify + close-port-25) and suspends it, so that intents wait.
    static func caseWithIntents(_ store: Store) async throws -> Int64 {
        let service = try await CaseServiceTests.prepared(store)
        try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.10", id: 1)])
        try await service.assignPending(now: CaseServiceTests.t0)
        try await service.runDue(now: CaseServiceTests.t0 + 48 * 3_600)  // → suspend
        return try #require(try await CaseRepository(store).list().first?.id)
    }

    /// A real program as the command hook: JSON on stdin, 0 done, 75 later, anything else failed
    /// with its stderr. Actions no adapter was enabled for are dry runs. Nothing is done twice.
    @Test func theCommandHookIsRunAndItsExitStatusRead() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let id = try await Self.caseWithIntents(store)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hook-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let script = directory.appendingPathComponent("hook.sh").path
            try """
                #!/bin/sh
                # notify: later the first time, done after; suspend: done; close-port-25: fails
                cat >> "\(directory.path)/inputs.jsonl"; echo >> "\(directory.path)/inputs.jsonl"
                case "$1" in
                  notify) if [ -e "\(directory.path)/seen" ]; then echo "mailed"; exit 0; fi; touch "\(directory.path)/seen"; echo "mail server busy" >&2; exit 75 ;;
                  suspend) echo "vm 131 stopped"; exit 0 ;;
                  *) echo "firewall API refused" >&2; exit 3 ;;
                esac
                """.write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            let outbox = ActionOutbox(store: store, adapters: [CommandAdapter(path: script, actions: ["notify", "suspend", "close-port-25"])], logger: Logger(label: "t"))
            let now = CaseServiceTests.t0 + 49 * 3_600
            #expect(try await outbox.runOnce(now: now) == 4)  // notify, close-port-25 (rung notice), notify, suspend (rung suspend)
            var intents = try await CaseRepository(store).intents(caseID: id)
            let byStatus = Dictionary(grouping: intents, by: { $0.status }).mapValues { $0.count }
            #expect(byStatus == ["pending": 1, "done": 2, "failed": 1])  // the first notify is told to wait; the second finds the server free
            #expect(try await outbox.runOnce(now: now + 10) == 0)  // backoff: not due yet
            #expect(try await outbox.runOnce(now: now + ActionOutbox.backoff(attempts: 0)) == 1)
            intents = try await CaseRepository(store).intents(caseID: id)
            #expect(intents.filter { $0.action == "notify" }.allSatisfy { $0.status == "done" })
            let inputs = try String(contentsOfFile: directory.path + "/inputs.jsonl", encoding: .utf8).split(separator: "\n")
            #expect(inputs.count == 5)
            #expect(inputs.contains { $0.contains("\"action\":\"suspend\"") && $0.contains("\"clause\":\"spam\"") && $0.contains("\"serviceID\":\"S1\"") })
            let timeline = try await CaseRepository(store).timeline(caseID: id).filter { $0.kind == "action" }.map(\.text)
            #expect(timeline.contains { $0.contains("close-port-25 failed at command") && $0.contains("firewall API refused") })
            #expect(timeline.contains { $0.contains("suspend done by command: vm 131 stopped") })

            // No adapter at all: a dry run, recorded.
            let dry = ActionOutbox(store: store, adapters: [], logger: Logger(label: "t"))
            let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
            try await CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t")).runDue(now: CaseServiceTests.t0 + (48 + 168) * 3_600)  // → terminate
            #expect(try await dry.runOnce(now: CaseServiceTests.t0 + 300 * 3_600) == 2)
            #expect(try await CaseRepository(store).intents(caseID: id).filter { $0.action == "terminate" }.map(\.status) == ["dry-run"])
            await store.shutdown()
        }
    }

    /// A real HTTP peer for the webhook: it checks the signature and the idempotency key, answers
    /// 503 once and 200 after; the retry reaches it with the same key.
    @Test func theWebhookIsSignedAndRetried() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let id = try await Self.caseWithIntents(store)
            let secret = "webhook-secret-0123456789"
            let received = ReceivedRequests()
            let peer = try await Application.make(.testing)
            peer.http.server.configuration.hostname = "127.0.0.1"
            peer.http.server.configuration.port = 0
            peer.post("hook") { request async throws -> Response in
                let body = Data(request.body.data.map { Array($0.readableBytesView) } ?? [])
                let header = request.headers.first(name: "X-Bailiff-Signature") ?? ""
                let timestamp = Int64(header.split(separator: ",").first?.dropFirst(2) ?? "") ?? 0
                let valid = header == WebhookAdapter.signature(body: body, timestamp: timestamp, secret: secret)
                let key = request.headers.first(name: "Idempotency-Key") ?? ""
                let count = await received.add(key: key, valid: valid)
                return Response(status: count == 1 && key.hasSuffix("/suspend") ? .serviceUnavailable : (valid ? .ok : .unauthorized))
            }
            try await peer.server.start()
            let port = try #require(peer.http.server.shared.localAddress?.port)
            do {
                let webhook = WebhookAdapter(url: "http://127.0.0.1:\(port)/hook", secret: secret, actions: ["suspend", "notify"])
                let outbox = ActionOutbox(store: store, adapters: [webhook], logger: Logger(label: "t"))
                let now = CaseServiceTests.t0 + 49 * 3_600
                try await outbox.runOnce(now: now)
                try await outbox.runOnce(now: now + ActionOutbox.backoff(attempts: 0))
                let intents = try await CaseRepository(store).intents(caseID: id)
                #expect(intents.filter { $0.action == "suspend" }.map(\.status) == ["done"])
                #expect(intents.filter { $0.action == "notify" }.allSatisfy { $0.status == "done" })
                let requests = await received.all
                #expect(requests.allSatisfy { $0.valid })
                let suspendKey = "case-\(id)/rung-suspend/suspend"
                #expect(requests.filter { $0.key == suspendKey }.count == 2)  // the 503, then the retry with the same key
            } catch {
                await peer.server.shutdown(); try await peer.asyncShutdown(); await store.shutdown()
                throw error
            }
            await peer.server.shutdown()
            try await peer.asyncShutdown()
            await store.shutdown()
        }
    }

    /// Two nodes on one database with a batch of pending intents: every one is carried out,
    /// none twice.
    @Test(arguments: CaseBackend.available)
    func twoNodesCarryOutEachIntentOnce(backend: CaseBackend) async throws {
        try await backend.withDatabase { open in
            let setup = try await open()
            _ = try await CaseServiceTests.prepared(setup)
            for index in 0..<30 {
                try await CaseServiceTests.insertOpenScanningCase(setup, token: "tok\(index)y", serviceID: "S\(index)", deadline: nil)
                try await setup.sql.raw("""
                    INSERT INTO action_intents (key, case_id, action, rung, clause, policy_version, reason, status, created_at, attempts)
                    SELECT \(bind: "case-x\(index)/rung-notice/notify"), id, 'notify', 'notice', 'scanning', '2026.1', 'test', 'pending', \(bind: CaseServiceTests.t0), 0
                    FROM cases WHERE token = \(bind: "tok\(index)y")
                    """).run()
            }
            await setup.shutdown()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nodes-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let script = directory.appendingPathComponent("hook.sh").path
            try "#!/bin/sh\ngrep -o '\"key\":\"[^\"]*\"' >> \"\(directory.path)/done.txt\"\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            let nodeA = try await open(), nodeB = try await open()
            let adapter = CommandAdapter(path: script, actions: ["notify"])
            let a = ActionOutbox(store: nodeA, adapters: [adapter], logger: Logger(label: "a"))
            let b = ActionOutbox(store: nodeB, adapters: [adapter], logger: Logger(label: "b"))
            let now = CaseServiceTests.t0 + 60
            async let fromA = a.runOnce(now: now, limit: 4)
            async let fromB = b.runOnce(now: now, limit: 4)
            var attempted = try await fromA + fromB
            while case let more = try await a.runOnce(now: now, limit: 5) + b.runOnce(now: now, limit: 5), more > 0 { attempted += more }
            #expect(attempted == 30)
            let lines = try String(contentsOfFile: directory.path + "/done.txt", encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 30 && Set(lines).count == 30)
            await nodeA.shutdown()
            await nodeB.shutdown()
        }
    }

    /// A node that died holding intents (claimed, never recorded): after the stale time another
    /// run takes them over and carries them out; until then nobody does them twice.
    @Test func intentsOfADeadNodeAreTakenOver() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let id = try await Self.caseWithIntents(store)
            let now = CaseServiceTests.t0 + 49 * 3_600
            let claimed = try await IntentRepository(store).claimDue(now: now, limit: 10)  // the node dies here
            #expect(claimed.count == 4)
            let outbox = ActionOutbox(store: store, adapters: [], logger: Logger(label: "t"))
            #expect(try await outbox.runOnce(now: now + 599) == 0)
            #expect(try await outbox.runOnce(now: now + 601) == 4)
            #expect(try await CaseRepository(store).intents(caseID: id).allSatisfy { $0.status == "dry-run" })
            await store.shutdown()
        }
    }

    @Test func theSignatureIsTheDocumentedHMAC() {
        // HMAC-SHA256 with key "k" × 16 over "1700000000.{}", computed independently with Python's hmac module.
        let value = WebhookAdapter.signature(body: Data("{}".utf8), timestamp: 1_700_000_000, secret: String(repeating: "k", count: 16))
        #expect(value == "t=1700000000,v1=6d58fb78491a4cd45b0a5944663cf2020c2185a67defd8caec14059846f09e3d")
    }
}

actor ReceivedRequests {
    struct Entry: Sendable { var key: String; var valid: Bool }
    var all: [Entry] = []
    func add(key: String, valid: Bool) -> Int {
        all.append(Entry(key: key, valid: valid))
        return all.filter { $0.key == key }.count
    }
}
