import BailiffCore
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import SQLKit
import Testing
import Vapor

/// WHMCS and Proxmox VE cannot run here; each is stood in for by a small HTTP server that checks
/// every request as the product's API documentation states it, and keeps the state a real panel
/// would (a service's status, a guest's network devices and power state).
@Suite(.serialized) struct PanelAdapterTests {
    static let inventory = """
        record,id,name,customer,service,prefix,label,language,abuse,references,from
        network,,,,,192.0.2.0/24,A,,,,
        customer,C1,Alice,,,,,en,alice@example.org,,
        service,S1,,C1,,,vps-1,,,whmcs.service_id=4711;proxmox.node=pve3;proxmox.vmid=131,
        assignment,,,,S1,192.0.2.0/25,,,,,2024-01-01
        """

    /// A trusted spam case that reached its suspension rung; returns its id.
    static func suspendedCase(_ store: Store) async throws -> Int64 {
        try await InventoryRepository(store).importInventory(ServerTests.document(inventory), mode: .history, now: CaseServiceTests.t0 - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: CaseServiceTests.t0 - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        let service = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t"))
        try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.10", id: 1)])
        try await service.assignPending(now: CaseServiceTests.t0)
        try await service.runDue(now: CaseServiceTests.t0 + 48 * 3_600)
        return try #require(try await CaseRepository(store).list().first?.id)
    }

    static func peer(_ routes: (Application) -> Void) async throws -> (Application, Int) {
        let peer = try await Application.make(.testing)
        peer.http.server.configuration.hostname = "127.0.0.1"
        peer.http.server.configuration.port = 0
        routes(peer)
        try await peer.server.start()
        return (peer, try #require(peer.http.server.shared.localAddress?.port))
    }

    actor WHMCSState {
        var status = "Active"
        var calls: [[String: String]] = []
        func record(_ fields: [String: String]) { calls.append(fields) }
        func set(_ value: String) { status = value }
    }

    /// WHMCS API: form POST to includes/api.php with identifier, secret, action, responsetype=json;
    /// 200 with result=error on refusal.
    static func whmcs(_ state: WHMCSState) -> (Application) -> Void {
        { app in
            app.post("includes", "api.php") { request async throws -> Response in
                guard request.headers.contentType == .urlEncodedForm else { return Response(status: .badRequest) }
                let fields = try request.content.decode([String: String].self, as: .urlEncodedForm)
                await state.record(fields)
                func json(_ object: [String: Any]) throws -> Response {
                    Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: try JSONSerialization.data(withJSONObject: object)))
                }
                guard fields["identifier"] == "bailiff-api-id", fields["secret"] == "bailiff-api-secret" else {
                    return try json(["result": "error", "message": "Authentication Failed"])
                }
                guard fields["responsetype"] == "json" else { return Response(status: .ok, body: "result=error;message=responsetype") }
                switch fields["action"] {
                case "GetClientsProducts":
                    guard fields["serviceid"] == "4711" else { return try json(["result": "success", "totalresults": 0, "products": ["product": []]]) }
                    return try json(["result": "success", "totalresults": 1,
                                     "products": ["product": [["id": 4711, "clientid": 12, "status": await state.status]]]])
                case "ModuleSuspend":
                    guard fields["serviceid"] == "4711" else { return try json(["result": "error", "message": "Service ID Not Found"]) }
                    await state.set("Suspended")
                    return try json(["result": "success"])
                case "ModuleUnsuspend":
                    await state.set("Active")
                    return try json(["result": "success"])
                case "AddBillableItem":
                    guard fields["clientid"] == "12", let amount = fields["amount"], Double(amount) != nil, fields["description"] != nil else {
                        return try json(["result": "error", "message": "Client ID Not Found"])
                    }
                    return try json(["result": "success", "billableid": 5])
                default:
                    return try json(["result": "error", "message": "Command Not Found"])
                }
            }
        }
    }

    @Test(arguments: CaseBackend.available)
    func whmcsSuspendsOnceBillsTheClientAndTreatsResultErrorAsFailure(backend: CaseBackend) async throws {
        try await backend.withDatabase { open in
            let store = try await open()
            let id = try await Self.suspendedCase(store)
            let state = WHMCSState()
            let (peer, port) = try await Self.peer(Self.whmcs(state))
            do {
                let url = "http://127.0.0.1:\(port)/includes/api.php"
                let adapter = WHMCSAdapter(url: url, identifier: "bailiff-api-id", secret: "bailiff-api-secret", actions: ["suspend", "unsuspend", "bill", "notify"])
                #expect(adapter.actions == ["suspend", "unsuspend", "bill"], "WHMCS does not send notices")
                let outbox = ActionOutbox(store: store, adapters: [adapter], logger: Logger(label: "t"))
                let now = CaseServiceTests.t0 + 49 * 3_600
                _ = try await outbox.runOnce(now: now)
                let suspend = try #require(try await CaseRepository(store).intents(caseID: id).first { $0.action == "suspend" })
                #expect(suspend.status == "done")
                #expect(await state.status == "Suspended")
                let suspendCall = try #require(await state.calls.first { $0["action"] == "ModuleSuspend" })
                #expect(suspendCall["serviceid"] == "4711")
                #expect(suspendCall["suspendreason"]?.contains("AUP spam") == true)

                // A repeat reads the status and does not suspend again.
                try await store.sql.update("action_intents").set("status", to: "pending").where("key", .equal, suspend.key).run()
                _ = try await outbox.runOnce(now: now + 1)
                #expect(await state.calls.filter { $0["action"] == "ModuleSuspend" }.count == 1)
                #expect(try await CaseRepository(store).timeline(caseID: id).contains { $0.text.contains("already suspended in WHMCS") })

                // A delisting charge becomes a billable item of the client that owns the service.
                try await store.sql.raw("""
                    INSERT INTO charges (case_id, customer_id, kind, amount_minor, currency, non_refundable, description, created_at)
                    VALUES (\(bind: id), 'C1', 'delisting', 10000, 'EUR', 1, 'delisting of the provider''s addresses: base + 60 min', \(bind: now))
                    """).run()
                try await store.sql.raw("""
                    INSERT INTO action_intents (key, case_id, action, rung, clause, policy_version, reason, status, created_at, attempts)
                    VALUES (\(bind: "case-\(id)/rung-resolution/bill"), \(bind: id), 'bill', 'resolution', 'blocklisting', '2026.1', 'test', 'pending', \(bind: now), 0)
                    """).run()
                _ = try await outbox.runOnce(now: now + 2)
                let bill = try #require(await state.calls.first { $0["action"] == "AddBillableItem" })
                #expect(bill["clientid"] == "12")
                #expect(bill["amount"] == "100.00")
                #expect(bill["description"]?.contains("non-refundable") == true)
                #expect(try await CaseRepository(store).intents(caseID: id).first { $0.action == "bill" }?.status == "done")

                // Wrong credentials: WHMCS answers 200 with result=error, which is a failure.
                let wrong = WHMCSAdapter(url: url, identifier: "bailiff-api-id", secret: "nope", actions: ["suspend"])
                try await store.sql.update("action_intents").set("status", to: "pending").where("key", .equal, suspend.key).run()
                _ = try await ActionOutbox(store: store, adapters: [wrong], logger: Logger(label: "t")).runOnce(now: now + 3)
                let failed = try #require(try await CaseRepository(store).intents(caseID: id).first { $0.key == suspend.key })
                #expect(failed.status == "failed")
                #expect(try await CaseRepository(store).timeline(caseID: id).contains { $0.text.contains("Authentication Failed") })
            } catch {
                await peer.server.shutdown(); try await peer.asyncShutdown(); await store.shutdown()
                throw error
            }
            await peer.server.shutdown()
            try await peer.asyncShutdown()
            await store.shutdown()
        }
    }

    actor GuestState {
        var net0 = "virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1"
        var status = "running"
        var taskPolls = 0
        var requests: [String] = []
        func log(_ line: String) { requests.append(line) }
        func setNet0(_ value: String) { net0 = value }
        func setStatus(_ value: String) { status = value }
        func poll() -> Int { taskPolls += 1; return taskPolls }
        func resetPolls() { taskPolls = 0 }
    }

    /// Proxmox VE API: `PVEAPIToken=<user@realm!token>=<secret>`, JSON answers under `data`,
    /// stop/start return a UPID whose task is polled.
    static func proxmox(_ state: GuestState) -> (Application) -> Void {
        { app in
            let guest: [PathComponent] = ["api2", "json", "nodes", "pve3", "qemu", "131"]
            func authorised(_ request: Request) -> Bool {
                request.headers.first(name: "Authorization") == "PVEAPIToken=bailiff@pve!abuse=6f1c5e0e-0000-4000-8000-000000000001"
            }
            func data(_ value: Any) throws -> Response {
                Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: try JSONSerialization.data(withJSONObject: ["data": value])))
            }
            app.get(guest + ["config"]) { request async throws -> Response in
                guard authorised(request) else { return Response(status: .unauthorized) }
                await state.log("GET config")
                return try data(["net0": await state.net0, "memory": 2048, "name": "vps-1"])
            }
            app.put(guest + ["config"]) { request async throws -> Response in
                guard authorised(request), request.headers.contentType == .urlEncodedForm else { return Response(status: .unauthorized) }
                let form = try request.content.decode([String: String].self, as: .urlEncodedForm)
                await state.log("PUT config " + form.keys.sorted().joined(separator: ","))
                if let net0 = form["net0"] { await state.setNet0(net0) }
                return try data(NSNull())
            }
            app.get(guest + ["status", "current"]) { request async throws -> Response in
                guard authorised(request) else { return Response(status: .unauthorized) }
                return try data(["status": await state.status, "vmid": 131])
            }
            for verb in ["stop", "start"] {
                app.post(guest + ["status", .constant(verb)]) { request async throws -> Response in
                    guard authorised(request) else { return Response(status: .unauthorized) }
                    await state.log("POST \(verb)")
                    await state.resetPolls()
                    await state.setStatus(verb == "stop" ? "stopped" : "running")
                    return try data("UPID:pve3:0000A1B2:0012C3D4:6650F00D:qm\(verb):131:bailiff@pve!abuse:")
                }
            }
            app.get("api2", "json", "nodes", "pve3", "tasks", ":upid", "status") { request async throws -> Response in
                guard authorised(request), request.parameters.get("upid")?.hasPrefix("UPID:pve3:") == true else { return Response(status: .badRequest) }
                let polls = await state.poll()
                return try data(polls < 2 ? ["status": "running"] : ["status": "stopped", "exitstatus": "OK"])
            }
        }
    }

    @Test(arguments: CaseBackend.available)
    func proxmoxDisconnectsAndStopsTheGuestOnceAndUndoesItOnUnsuspend(backend: CaseBackend) async throws {
        try await backend.withDatabase { open in
            let store = try await open()
            let id = try await Self.suspendedCase(store)
            let state = GuestState()
            let (peer, port) = try await Self.peer(Self.proxmox(state))
            do {
                let adapter = ProxmoxAdapter(baseURL: "http://127.0.0.1:\(port)", tokenID: "bailiff@pve!abuse", tokenSecret: "6f1c5e0e-0000-4000-8000-000000000001",
                                             actions: ["suspend", "unsuspend", "terminate"])
                let outbox = ActionOutbox(store: store, adapters: [adapter], logger: Logger(label: "t"))
                let now = CaseServiceTests.t0 + 49 * 3_600
                _ = try await outbox.runOnce(now: now)
                let suspend = try #require(try await CaseRepository(store).intents(caseID: id).first { $0.action == "suspend" })
                #expect(suspend.status == "done")
                #expect(await state.net0 == "virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1,link_down=1", "the customer cannot undo a disconnected NIC")
                #expect(await state.status == "stopped")
                #expect(await state.requests == ["GET config", "PUT config net0", "POST stop"])

                // A repeat finds the guest stopped and disconnected, and changes nothing.
                try await store.sql.update("action_intents").set("status", to: "pending").where("key", .equal, suspend.key).run()
                _ = try await outbox.runOnce(now: now + 1)
                #expect(await state.requests == ["GET config", "PUT config net0", "POST stop", "GET config"])
                #expect(try await CaseRepository(store).timeline(caseID: id).contains { $0.text.contains("was already stopped and disconnected") })

                // Resolved: reconnected and started.
                let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
                try await CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t"))
                    .resolve(caseID: id, staff: "ops", statement: "customer removed the compromised mailer and changed passwords", now: now + 3_600)
                _ = try await outbox.runOnce(now: now + 3_600)
                #expect(await state.net0 == "virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1")
                #expect(await state.status == "running")
                #expect(try await CaseRepository(store).intents(caseID: id).first { $0.action == "unsuspend" }?.status == "done")

                // A token without rights fails for staff to see, not retried forever.
                let wrong = ProxmoxAdapter(baseURL: "http://127.0.0.1:\(port)", tokenID: "bailiff@pve!abuse", tokenSecret: "wrong", actions: ["suspend"])
                try await store.sql.update("action_intents").set("status", to: "pending").where("key", .equal, suspend.key).run()
                _ = try await ActionOutbox(store: store, adapters: [wrong], logger: Logger(label: "t")).runOnce(now: now + 7_200)
                #expect(try await CaseRepository(store).intents(caseID: id).first { $0.key == suspend.key }?.status == "failed")
                #expect(try await CaseRepository(store).timeline(caseID: id).contains { $0.text.contains("refused the API token (401)") })
            } catch {
                await peer.server.shutdown(); try await peer.asyncShutdown(); await store.shutdown()
                throw error
            }
            await peer.server.shutdown()
            try await peer.asyncShutdown()
            await store.shutdown()
        }
    }
}
