import BailiffCore
import BailiffServer
import BailiffStore
import Foundation
import Logging
import Prometheus
import Synchronization
import Testing

/// The LMTP listener against a real MTA client: swaks (Debian `swaks`), speaking LMTP over TCP.
@Suite(.serialized) struct LMTPServerTests {
    /// An evidence sink that can be made unavailable, standing for a database that is down.
    final class SwitchableSink: EvidenceSink {
        let repository: EvidenceRepository
        let isDown = Mutex(false)
        init(_ repository: EvidenceRepository) { self.repository = repository }
        func store(_ message: [UInt8], envelope: Envelope) async throws -> EvidenceRepository.StoredMessage {
            if isDown.withLock({ $0 }) { throw StoreError("the database is down (simulated)") }
            return try await repository.store(message, envelope: envelope)
        }
    }

    static var swaks: String? {
        ["/usr/bin/swaks", "/usr/local/bin/swaks"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs swaks; returns its exit status and its transcript.
    static func swaks(_ arguments: [String]) throws -> (status: Int32, transcript: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swaks!)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static let message = """
        From: reporter@example.org\r
        To: abuse@provider.example\r
        Subject: SSH brute force from 198.51.100.23\r
        Message-ID: <report-1@example.org>\r
        \r
        198.51.100.23 tried 4000 passwords on our server at 2025-06-01 12:00 UTC.\r
        .a line starting with a dot\r

        """

    /// Skipped on a developer machine without swaks; in CI (CI=true) a missing peer is a failure.
    @Test(.enabled(if: swaks != nil || ProcessInfo.processInfo.environment["CI"] == "true", "swaks is not installed: apt-get install swaks"))
    func aRealMTAClientDeliversOverLMTP() async throws {
        try #require(Self.swaks != nil, "swaks is not installed: apt-get install swaks")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-lmtp-\(UUID().uuidString)")
        let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
        try await store.migrate()
        let evidence = EvidenceRepository(store)
        let sink = SwitchableSink(evidence)
        let listener = try await LMTPServer(
            host: "127.0.0.1", port: 0, hostname: "bailiff.test", limits: .init(maximumMessageBytes: 64 * 1024),
            sink: sink, registry: PrometheusCollectorRegistry(), logger: Logger(label: "test")
        ).bind()
        let serving = Task { try await listener.serve() }
        defer { serving.cancel() }
        let messageFile = directory.appendingPathComponent("message.eml")
        try Self.message.write(to: messageFile, atomically: true, encoding: .utf8)
        let common = ["--protocol", "LMTP", "--server", "127.0.0.1", "--port", String(listener.port), "--from", "reporter@example.org", "--hide-all"]

        // Several recipients: one 250 each, one stored message, one delivery per recipient.
        var run = try Self.swaks(common + ["--to", "abuse@provider.example,abuse+case42@provider.example", "--data", "@\(messageFile.path)"])
        #expect(run.status == 0, "\(run.transcript)")
        var counts = try await evidence.counts()
        #expect(counts.messages == 1 && counts.deliveries == 2)

        // The same message to the same recipient again: still one message, no new delivery.
        run = try Self.swaks(common + ["--to", "abuse@provider.example", "--data", "@\(messageFile.path)"])
        #expect(run.status == 0)
        counts = try await evidence.counts()
        #expect(counts.messages == 1 && counts.deliveries == 2)

        // The stored bytes are exactly what was sent, dots unstuffed.
        let sha = try await evidence.deliveries(sha256: try #require(Self.firstSHA(store))).first?.sha256
        let stored = try await evidence.message(sha256: try #require(sha))
        #expect(String(decoding: try #require(stored), as: UTF8.self).contains("\r\n.a line starting with a dot\r\n"))
        #expect(try await evidence.deliveries(sha256: try #require(sha)).map(\.recipient).sorted() == ["abuse+case42@provider.example", "abuse@provider.example"])

        // Oversize: 552, nothing stored.
        let big = directory.appendingPathComponent("big.eml")
        try ("Subject: big\r\n\r\n" + String(repeating: "0123456789abcdef\r\n", count: 8_000)).write(to: big, atomically: true, encoding: .utf8)
        run = try Self.swaks(common + ["--to", "abuse@provider.example", "--data", "@\(big.path)"])
        #expect(run.status != 0)
        #expect(try await evidence.counts().messages == 1)

        // Store down: 451 (swaks exits non-zero); once it is back, the same delivery is accepted.
        let other = directory.appendingPathComponent("other.eml")
        try Self.message.replacingOccurrences(of: "report-1", with: "report-2").write(to: other, atomically: true, encoding: .utf8)
        sink.isDown.withLock { $0 = true }
        run = try Self.swaks(common + ["--to", "abuse@provider.example", "--data", "@\(other.path)"])
        #expect(run.status != 0)
        #expect(try await evidence.counts().messages == 1)
        sink.isDown.withLock { $0 = false }
        run = try Self.swaks(common + ["--to", "abuse@provider.example", "--data", "@\(other.path)"])
        #expect(run.status == 0, "\(run.transcript)")
        #expect(try await evidence.counts().messages == 2)

        serving.cancel()
        await store.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    static func firstSHA(_ store: Store) async throws -> String? {
        try await store.sql.select().column("sha256").from("raw_messages").first()?.decode(column: "sha256", as: String.self)
    }
}
