import BailiffCore
import BailiffServer
import BailiffStore
import Foundation
import Logging
import Prometheus
import Testing
import VaporTesting

@Suite struct ServerTests {
    static func temporarySQLitePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-server-\(UUID().uuidString)/bailiff.sqlite").path
    }

    static let inventory = """
        record,id,name,customer,service,prefix,label,from
        network,,,,,192.0.2.0/24,A,
        customer,C1,Alice,,,,,
        service,S1,,C1,,,vps-1,
        service,S2,,C1,,,vps-2,
        assignment,,,,S1,192.0.2.0/25,,2024-01-01
        """

    static func document(_ csv: String) -> InventoryDocument {
        InventoryFileReader.read(Array(csv.utf8), format: .csv).0
    }

    @Test func healthAndMetricsReportTheInventory() async throws {
        let path = Self.temporarySQLitePath()
        let store = try await Store(.sqlite(path: path))
        try await store.migrate()
        try await InventoryRepository(store).importInventory(Self.document(Self.inventory), mode: .history, now: 1_750_000_000, source: "test")
        let registry = PrometheusCollectorRegistry()
        let attribution = try await AttributionService(store: store, registry: registry, logger: Logger(label: "test"))
        let context = BailiffApplication.Context(configuration: BailiffConfiguration(), store: store, attribution: attribution, registry: registry)
        let app = try await BailiffApplication.make(context, environment: .testing)
        do {
            try await app.testing().test(.GET, "healthz") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("\"inventoryRevision\":1"))
            }
            try await app.testing().test(.GET, "metrics") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("bailiff_attribution_revision 1"))
                #expect(response.body.string.contains("bailiff_attribution_prefixes 2"))
            }
        } catch {
            try await app.asyncShutdown(); await store.shutdown()
            throw error
        }
        try await app.asyncShutdown()
        await store.shutdown()
    }

    /// Another process (here: a second, independent connection pool on the same file) changes the
    /// inventory; the server's table follows without being told.
    @Test func attributionFollowsChangesMadeElsewhere() async throws {
        let path = Self.temporarySQLitePath()
        let server = try await Store(.sqlite(path: path))
        try await server.migrate()
        try await InventoryRepository(server).importInventory(Self.document(Self.inventory), mode: .history, now: 1_750_000_000, source: "test")
        let attribution = try await AttributionService(store: server, registry: PrometheusCollectorRegistry(), logger: Logger(label: "test"))
        let address = try IPAddress(parsing: "192.0.2.200")
        let later = Timestamp.parse("2025-06-01")!
        #expect(attribution.attribute(address, at: later) == .unassigned(ProviderNetwork(prefix: try IPPrefix(parsing: "192.0.2.0/24"), label: "A")))

        let refresher = Task { await attribution.run(every: .milliseconds(50)) }
        defer { refresher.cancel() }
        let other = try await Store(.sqlite(path: path))
        try await InventoryRepository(other).importInventory(
            Self.document("record,service,prefix,from\nassignment,S2,192.0.2.128/25,2025-01-01"), mode: .history, now: 1_750_000_100, source: "elsewhere"
        )
        await other.shutdown()

        // Poll with a deadline rather than sleeping a fixed time: generous, because a CI machine
        // running the whole suite on two cores once kept the 50 ms refresher waiting past 10 s.
        let deadline = ContinuousClock.now + .seconds(30)
        while attribution.current.revision < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard case .service(let hit) = attribution.attribute(address, at: later) else {
            Issue.record("the table did not pick up the change within 30 s")
            await server.shutdown()
            return
        }
        #expect(hit.service.id == "S2")
        refresher.cancel()
        await server.shutdown()
    }
}

@Suite struct ReportIntakeHTTPTests {
    static let token = "test-token-0123456789abcdef"

    struct StoredReply: Decodable {
        var sha256: String
        var newMessage: Bool
        var newDeliveries: [String]
    }

    static func withApp(token: String = token, sensorToken: String = "", _ body: (Application, Store) async throws -> Void) async throws {
        let store = try await Store(.sqlite(path: ServerTests.temporarySQLitePath()))
        try await store.migrate()
        var configuration = BailiffConfiguration()
        configuration.intakeToken = token
        configuration.flows.sensorToken = sensorToken
        configuration.intakeMaximumMessageBytes = 4_096
        let registry = PrometheusCollectorRegistry()
        let attribution = try await AttributionService(store: store, registry: registry, logger: Logger(label: "test"))
        let app = try await BailiffApplication.make(.init(configuration: configuration, store: store, attribution: attribution, registry: registry), environment: .testing)
        do { try await body(app, store) } catch {
            try await app.asyncShutdown(); await store.shutdown()
            throw error
        }
        try await app.asyncShutdown()
        await store.shutdown()
    }

    static let mail = "From: a@example.org\r\nSubject: scan from 198.51.100.4\r\nMessage-ID: <m1@example.org>\r\n\r\nport scan\r\n"

    /// `bailiff collect` ships sensor reports with the sensor token on the sensor channel; that
    /// token carries nothing else, and the intake token cannot use the sensor channel.
    @Test func sensorReportsNeedTheSensorTokenAndItCarriesNothingElse() async throws {
        let sensorToken = "sensor-token-0123456789abcdef"
        let report = SensorReport(sensor: "flows", generatedAt: 1_764_000_000, events: [
            SensorReport.Event(ip: "198.51.100.4", category: "scanning", occurredAt: 1_764_000_000, detector: "horizontal-scan", summary: "a scan"),
        ]).json()
        try await Self.withApp(sensorToken: sensorToken) { app, store in
            func post(_ token: String, channel: String?, _ body: String, type: HTTPMediaType = .json) async throws -> HTTPStatus {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                headers.contentType = type
                if let channel { headers.add(name: "X-Bailiff-Channel", value: channel) }
                var status = HTTPStatus.internalServerError
                try await app.testing().test(.POST, "api/v1/reports", headers: headers, body: ByteBuffer(string: body), afterResponse: { status = $0.status })
                return status
            }
            #expect(try await post(Self.token, channel: "sensor", report) == .forbidden)
            #expect(try await post(sensorToken, channel: nil, report) == .forbidden)
            #expect(try await post(sensorToken, channel: "sensor", Self.mail, type: HTTPMediaType(type: "message", subType: "rfc822")) == .forbidden)
            #expect(try await post("wrong-token-0123456789", channel: "sensor", report) == .unauthorized)
            #expect(try await post(sensorToken, channel: "sensor", report) == .created)
            let messages = try await EvidenceRepository(store).counts().messages
            #expect(messages == 1)
        }
    }

    /// `bailiff collect --server` against a running server: the report arrives on the sensor
    /// channel; a wrong token is an error the collector sees (and keeps the report to retry).
    @Test func aRemoteCollectorShipsItsReportsToARunningServer() async throws {
        let sensorToken = "sensor-token-0123456789abcdef"
        let report = SensorReport(sensor: "flows", site: "fra1", generatedAt: 1_764_000_000, events: [
            SensorReport.Event(ip: "198.51.100.4", category: "scanning", occurredAt: 1_764_000_000, detector: "horizontal-scan", summary: "a scan"),
        ])
        try await Self.withApp(sensorToken: sensorToken) { app, store in
            let port = try freeLoopbackPort()
            try await app.server.start(address: .hostname("127.0.0.1", port: port))
            do {
                try await HTTPSensorReporter(serverURL: "http://127.0.0.1:\(port)", token: sensorToken).deliver(report)
                await #expect(throws: (any Error).self) {
                    try await HTTPSensorReporter(serverURL: "http://127.0.0.1:\(port)", token: "not-the-sensor-token-000").deliver(report)
                }
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
            let stored = try await EvidenceRepository(store).counts()
            #expect(stored.messages == 1)
            let sha256 = try #require(try await ReportRepository(store).pending(limit: 10).first)
            #expect(try await EvidenceRepository(store).deliveries(sha256: sha256).map(\.channel) == ["sensor"])
        }
    }

    @Test func storesARawMailOnceWithItsEnvelope() async throws {
        try await Self.withApp { app, store in
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: Self.token)
            headers.contentType = HTTPMediaType(type: "message", subType: "rfc822")
            headers.add(name: "X-Bailiff-Recipient", value: "abuse@provider.example, abuse+c9@provider.example")
            headers.add(name: "X-Bailiff-Sender", value: "a@example.org")
            var sha = ""
            try await app.testing().test(.POST, "api/v1/reports", headers: headers, body: ByteBuffer(string: Self.mail), afterResponse: { response in
                #expect(response.status == .created)
                let stored = try response.content.decode(StoredReply.self)
                #expect(stored.newDeliveries.count == 2)
                sha = stored.sha256
            })
            try await app.testing().test(.POST, "api/v1/reports", headers: headers, body: ByteBuffer(string: Self.mail), afterResponse: { response in
                #expect(response.status == .ok)
            })
            let deliveries = try await EvidenceRepository(store).deliveries(sha256: sha)
            #expect(deliveries.map(\.channel) == ["http", "http"])
            #expect(deliveries.allSatisfy { $0.mailFrom == "a@example.org" })
        }
    }

    @Test func refusesWithAReasonAndStoresNothing() async throws {
        try await Self.withApp { app, store in
            func post(_ token: String?, _ type: HTTPMediaType?, _ body: String) async throws -> (HTTPStatus, String) {
                var headers = HTTPHeaders()
                if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
                if let type { headers.contentType = type }
                var result: (HTTPStatus, String) = (.ok, "")
                try await app.testing().test(.POST, "api/v1/reports", headers: headers, body: ByteBuffer(string: body), afterResponse: { response in
                    result = (response.status, response.body.string)
                })
                return result
            }
            let json = HTTPMediaType.json, rfc822 = HTTPMediaType(type: "message", subType: "rfc822")
            #expect(try await post(nil, rfc822, Self.mail).0 == .unauthorized)
            #expect(try await post("wrong-token-0123456789", rfc822, Self.mail).0 == .unauthorized)
            #expect(try await post(Self.token, .plainText, Self.mail).0 == .unsupportedMediaType)
            let badJSON = try await post(Self.token, json, "{\"Version\": \"4\",")
            #expect(badJSON.0 == .badRequest && badJSON.1.contains("not valid JSON"))
            #expect(try await post(Self.token, rfc822, String(repeating: "x", count: 5_000)).0 == .payloadTooLarge)
            #expect(try await post(Self.token, rfc822, "").0 == .badRequest)
            #expect(try await EvidenceRepository(store).counts().messages == 0)
            #expect(try await post(Self.token, json, "{\"Version\": \"4\", \"Category\": \"abuse\"}").0 == .created)
        }
        try await Self.withApp(token: "") { app, _ in
            try await app.testing().test(.POST, "api/v1/reports", body: ByteBuffer(string: Self.mail), afterResponse: { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.body.string.contains("intake.token"))
            })
        }
    }
}

@Suite struct PipeIngestTests {
    @Test func envelopeFromPostfixEnvironment() {
        let envelope = PipeIngest.envelope(environment: ["SENDER": "r@example.org", "RECIPIENT": "abuse+c7@provider.example", "EXTENSION": "c7"], now: 5)
        #expect(envelope.recipients == ["abuse+c7@provider.example"])
        #expect(envelope.mailFrom == "r@example.org" && envelope.channel == .pipe)
        let onlyExtension = PipeIngest.envelope(environment: ["RECIPIENT": "abuse@provider.example", "EXTENSION": "c9"], now: 5)
        #expect(onlyExtension.recipients == ["abuse+c9@provider.example"])
        #expect(PipeIngest.envelope(environment: [:], now: 5).recipients.isEmpty)
    }

    @Test func mboxSeparatorAndLimits() {
        #expect(PipeIngest.stripMboxSeparator(Array("From a@b Mon Jan 1 00:00:00 2025\nSubject: x\n\ny\n".utf8)) == Array("Subject: x\n\ny\n".utf8))
        #expect(PipeIngest.stripMboxSeparator(Array("From: a@b\n\ny\n".utf8)) == Array("From: a@b\n\ny\n".utf8))
        #expect(PipeIngest.validate([], maximumBytes: 10)?.exitCode == 65)
        #expect(PipeIngest.validate(Array(repeating: 65, count: 11), maximumBytes: 10)?.exitCode == 65)
        #expect(PipeIngest.validate([65], maximumBytes: 10) == nil)
        #expect(PipeIngest.Outcome.temporaryFailure("x").exitCode == 75)
    }

    @Test func forwardingToAnUnreachableServerIsTemporary() async {
        let outcome = await PipeIngest.forward(
            Array("Subject: x\r\n\r\ny\r\n".utf8), envelope: PipeIngest.envelope(environment: [:], now: 1),
            serverURL: "http://127.0.0.1:1", token: "0123456789abcdef0123", timeout: .seconds(5)
        )
        #expect(outcome.exitCode == 75)
    }
}

@Suite struct ReportProcessorTests {
    static let arf = """
        From: fbl@mailbox.example\r
        Subject: complaint\r
        Content-Type: multipart/report; report-type=feedback-report; boundary="b"\r
        \r
        --b\r
        Content-Type: message/feedback-report\r
        \r
        Feedback-Type: abuse\r
        User-Agent: FBL/2.0\r
        Version: 1\r
        Source-IP: 192.0.2.10\r
        Arrival-Date: Mon, 02 Jun 2025 10:00:00 +0000\r
        \r
        --b--\r

        """

    /// Stored → parsed → attributed at the event's time → recorded; re-parsing replaces, never duplicates.
    @Test(arguments: ["sqlite"])
    func storedReportsBecomeAttributedEvents(backend: String) async throws {
        let store = try await Store(.sqlite(path: ServerTests.temporarySQLitePath()))
        try await store.migrate()
        try await InventoryRepository(store).importInventory(ServerTests.document(ServerTests.inventory), mode: .history, now: 1_750_000_000, source: "test")
        let evidence = EvidenceRepository(store)
        let envelope = Envelope(channel: .lmtp, mailFrom: "fbl@mailbox.example", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: 1_750_000_000)
        let report = try await evidence.store(Array(Self.arf.utf8), envelope: envelope)
        let vague = try await evidence.store(Array("From: a@b.example\r\nSubject: hello\r\n\r\nlook at 192.0.2.99\r\n".utf8), envelope: envelope)
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
        let processor = ReportProcessor(store: store, table: { table }, logger: Logger(label: "test"))
        #expect(try await processor.processPending() == 2)
        #expect(try await processor.processPending() == 0)

        let reports = ReportRepository(store)
        let events = try await reports.events(sha256: report.sha256)
        #expect(events.count == 1)
        #expect(events.first?.attribution == "service" && events.first?.serviceID == "S1" && events.first?.customerID == "C1")
        #expect(events.first?.assignmentPrefix == "192.0.2.0/25")
        #expect(events.first?.occurredAt == Timestamp.parse("2025-06-02T10:00:00Z"))
        #expect(try await reports.status(sha256: report.sha256)?.status == "parsed")
        let quarantined = try await reports.status(sha256: vague.sha256)
        #expect(quarantined?.status == "quarantined" && quarantined?.reason?.contains("192.0.2.99") == true)

        #expect(try await reports.markForReparse(status: nil) == 2)
        #expect(try await processor.processPending() == 2)
        #expect(try await reports.events(sha256: report.sha256).count == 1)
        await store.shutdown()
    }

    /// A resolver that answers from a table, as a DNS server would.
    struct TableResolver: HostResolver {
        let answers: [String: [String]]
        func lookup(_ name: String) async -> HostLookup {
            guard let addresses = answers[name] else { return HostLookup(name: name, addresses: [], failure: "no such host", resolvedAt: 1_750_000_100) }
            return HostLookup(name: name, addresses: addresses.compactMap { IPAddress($0) }, failure: nil, resolvedAt: 1_750_000_100)
        }
    }

    /// A report naming only a URL: the host is resolved at intake, the address held by a service
    /// is chosen over one that is not ours, and the answer with its time is kept as evidence; a
    /// name that does not resolve stays unattributed with the failure recorded.
    @Test func urlOnlyReportsAreResolvedAndTheAnswerKept() async throws {
        let store = try await Store(.sqlite(path: ServerTests.temporarySQLitePath()))
        try await store.migrate()
        try await InventoryRepository(store).importInventory(ServerTests.document(ServerTests.inventory), mode: .history, now: 1_750_000_000, source: "test")
        let evidence = EvidenceRepository(store)
        let envelope = Envelope(channel: .lmtp, mailFrom: "victim@mail.example", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: 1_750_000_000)
        let mail = """
            From: victim@mail.example\r
            Subject: phishing site on your network\r
            Date: Mon, 02 Jun 2025 10:00:00 +0000\r
            \r
            A phishing page imitating our bank: URL: http://login.shop.customer.example/bank/\r
            Another one: URL: http://gone.customer.example/x\r

            """
        let stored = try await evidence.store(Array(mail.utf8), envelope: envelope)
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
        let resolver = TableResolver(answers: ["login.shop.customer.example": ["203.0.113.9", "192.0.2.44"]])
        let processor = ReportProcessor(store: store, table: { table }, resolver: resolver, logger: Logger(label: "test"))
        #expect(try await processor.processPending() == 1)
        let events = try await ReportRepository(store).events(sha256: stored.sha256)
        #expect(events.count == 2)
        #expect(events.map(\.category) == ["phishing", "phishing"])
        #expect(events[0].ip == "192.0.2.44" && events[0].serviceID == "S1" && events[0].attribution == "service")
        #expect(events[0].dnsName == "login.shop.customer.example" && events[0].dnsAnswer == "203.0.113.9, 192.0.2.44")
        #expect(events[0].dnsResolvedAt == 1_750_000_100)
        #expect(events[1].ip == nil && events[1].attribution == "unresolved" && events[1].dnsAnswer == "no such host")
        await store.shutdown()
    }

    /// The system resolver answers from /etc/hosts and says why a name has no address.
    @Test func theSystemResolverAnswersAndFailsWithAReason() async {
        let resolver = SystemHostResolver(timeout: .seconds(5))
        let local = await resolver.lookup("localhost")
        #expect(local.failure == nil)
        #expect(local.addresses.contains(IPAddress("127.0.0.1")!) || local.addresses.contains(IPAddress("::1")!))
        let missing = await resolver.lookup("no-such-host.invalid")
        #expect(missing.addresses.isEmpty && missing.failure != nil)
    }
}
