import BailiffCore
import BailiffReports
import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// The whole path over the shared corpus: every mail through intake, attributed against an
/// inventory built from the reports' own addresses and dates, turned into cases, and decided by
/// the default policy over thirty simulated days. The resulting timelines are compared with
/// `Expectations/corpus-case-timelines.txt`, committed and read by a person.
///
/// After a deliberate change, `BAILIFF_WRITE_EXPECTATIONS=1 swift test --filter
/// CorpusCaseTimelineTests` rewrites the file (and the inventory fixture beside it); review the
/// diff before committing.
@Suite(.enabled(if: SharedCorpus.root != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
struct CorpusCaseTimelineTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let timelinesFile = here.appendingPathComponent("Expectations/corpus-case-timelines.txt")
    static let inventoryFile = here.appendingPathComponent("Expectations/corpus-inventory.csv")
    /// Simulated "now" when the mails arrive.
    static let t0 = Timestamp.parse("2026-06-01T00:00:00Z")!

    static func mails(_ root: URL) -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension.lowercased() == "eml", let data = try? Data(contentsOf: url) else { continue }
            files.append((String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)), [UInt8](data)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// One service per reported address (a /32 or /128 from a day before its first event), one
    /// customer per /16 (IPv6: per /32) so that neighbours share standing, every other customer
    /// under one reseller.
    static func inventory(for mails: [(String, [UInt8])]) -> String {
        var first: [IPAddress: Int64] = [:]
        for (_, bytes) in mails {
            for event in ReportAnalyzer().analyze(bytes, context: AnalysisContext(receivedAt: t0)).events {
                guard let ip = event.ip else { continue }
                first[ip] = min(first[ip] ?? event.occurredAt, event.occurredAt)
            }
        }
        var lines = ["record,id,name,reseller,customer,service,prefix,label,from",
                     "network,,,,,,0.0.0.0/1,corpus low,", "network,,,,,,128.0.0.0/1,corpus high,",
                     "network,,,,,,::/1,corpus v6 low,", "network,,,,,,8000::/1,corpus v6 high,",
                     "reseller,R1,Corpus Reseller,,,,,,"]
        var customers: [String] = []
        for (ip, _) in first.sorted(by: { $0.key < $1.key }) {
            let text = ip.description
            let group = ip.family == .v4 ? text.split(separator: ".").prefix(2).joined(separator: "-") : text.split(separator: ":").prefix(2).joined(separator: "-")
            let customer = "C-\(group)"
            if !customers.contains(customer) {
                customers.append(customer)
                lines.append("customer,\(customer),Customer \(group),\(customers.count % 2 == 0 ? "R1" : ""),,,,,")
            }
        }
        for (ip, when) in first.sorted(by: { $0.key < $1.key }) {
            let text = ip.description
            let group = ip.family == .v4 ? text.split(separator: ".").prefix(2).joined(separator: "-") : text.split(separator: ":").prefix(2).joined(separator: "-")
            let service = "S-" + text.replacingOccurrences(of: ":", with: "-")
            lines.append("service,\(service),,,C-\(group),,,vps \(text),")
            lines.append("assignment,,,,,\(service),\(text)/\(ip.family == .v4 ? 32 : 128),,\(Timestamp.format(when - 86_400))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func corpusReportsBecomeCasesWhoseTimelinesMatch() async throws {
        let root = try #require(SharedCorpus.root)
        let mails = Self.mails(root)
        let writing = ProcessInfo.processInfo.environment["BAILIFF_WRITE_EXPECTATIONS"] == "1"
        let inventoryCSV = writing ? Self.inventory(for: mails) : try String(contentsOf: Self.inventoryFile, encoding: .utf8)
        let store = try await Store(.sqlite(path: ServerTests.temporarySQLitePath()))
        do {
            try await store.migrate()
            let (document, problems) = InventoryFileReader.read(Array(inventoryCSV.utf8), format: .csv)
            #expect(problems.isEmpty, "\(problems.prefix(3))")
            try await InventoryRepository(store).importInventory(document, mode: .history, now: Self.t0 - 86_400, source: "corpus fixture")
            _ = try await PolicyCache.publishDefaultIfNone(store, now: Self.t0 - 86_400)
            let evidence = EvidenceRepository(store)
            for (index, (_, bytes)) in mails.enumerated() {
                _ = try await evidence.store(bytes, envelope: Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: Self.t0 + Int64(index)))
            }
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
            let processor = ReportProcessor(store: store, table: { table }, logger: Logger(label: "corpus"))
            while try await processor.processPending() > 0 {}
            let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
            let service = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "corpus"))
            let start = Self.t0 + 3_600
            while try await service.assignPending(now: start) > 0 {}
            // Thirty days, every six hours: deadlines pass, ladders climb.
            for step in 1...(30 * 4) { try await service.runDue(now: start + Int64(step) * 6 * 3_600) }

            let cases = CaseRepository(store)
            var lines: [String] = []
            for record in try await cases.list(limit: 10_000).sorted(by: { ($0.serviceID, $0.category) < ($1.serviceID, $1.category) }) {
                lines.append("\(record.serviceID) \(record.category) [customer \(record.customerID)\(record.resellerID.map { ", reseller \($0)" } ?? "")] → \(record.status)")
                for entry in try await cases.timeline(caseID: record.id) {
                    let hours = (entry.at - Self.t0) / 3_600
                    // The decision text without the free-text reason: status, actions, clause and version.
                    var text = entry.text
                    if entry.kind == "decision", let dash = text.range(of: " — "), let bracket = text.range(of: " [clause", options: .backwards) {
                        text = String(text[..<dash.lowerBound]) + String(text[bracket.lowerBound...])
                    }
                    if entry.kind == "events" || entry.kind == "opened" { text = text.replacingOccurrences(of: #"message [0-9a-f]{16}"#, with: "", options: .regularExpression) }
                    lines.append("  +\(hours)h \(entry.kind): \(text)")
                }
            }
            #expect(lines.count > 100, "too few cases: \(lines.count) lines")
            if writing {
                try inventoryCSV.write(to: Self.inventoryFile, atomically: true, encoding: .utf8)
                try (lines.joined(separator: "\n") + "\n").write(to: Self.timelinesFile, atomically: true, encoding: .utf8)
            } else {
                let expected = try String(contentsOf: Self.timelinesFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                #expect(lines.count == expected.count, "\(lines.count) lines against \(expected.count) expected")
                for (got, want) in zip(lines, expected) where got != want {
                    Issue.record("timeline differs:\n  got:  \(got)\n  want: \(want)")
                    break
                }
            }
            // Every decision names a clause of the policy and its version.
            let decisions = lines.filter { $0.contains(" decision: ") }
            #expect(!decisions.isEmpty && decisions.allSatisfy { $0.contains("[clause ") && $0.contains(", policy 2026.1]") })
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}

/// `../shared/corpus` found upwards from this file, or `BAILIFF_TEST_CORPUS`.
enum SharedCorpus {
    static let root: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return ProcessInfo.processInfo.environment["BAILIFF_TEST_CORPUS"].map { URL(fileURLWithPath: $0) }
    }()
}
