import BailiffCore
import BailiffNet
import BailiffReports

/// Fuzz targets for every parser of outside input in BailiffCore.
///
/// Built two ways:
/// - normally, as a replayer: `bailiff-fuzz TARGET FILE…` runs files (a corpus, crash inputs)
///   through a target, so a crash found once stays a regression test;
/// - with `-sanitize=fuzzer -DFUZZING`, as a libFuzzer binary; the target is chosen by the
///   `FUZZ_TARGET` environment variable. See `scripts/fuzz.sh`.
enum FuzzTargets {
    static let names = [
        "address", "prefix", "timestamp", "csv", "json", "inventory-csv", "inventory-json", "mime", "lmtp", "report", "gzip", "zip", "url-host",
        "report-time",
        "flow-datagram", "tor-directory", "torrc", "dns-response",
    ]

    /// Runs one input through one target. Every target must return normally for any bytes.
    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "address":
            _ = try? IPAddress(parsing: String(decoding: bytes, as: UTF8.self))
        case "prefix":
            if let prefix = try? IPPrefix(parsing: String(decoding: bytes, as: UTF8.self)) {
                // Canonical text must parse back to the same prefix.
                precondition((try? IPPrefix(parsing: prefix.description)) == prefix, "canonical text does not round-trip: \(prefix)")
            }
        case "timestamp":
            if let instant = Timestamp.parse(String(decoding: bytes, as: UTF8.self)) {
                precondition(Timestamp.parse(Timestamp.format(instant)) == instant, "timestamp does not round-trip: \(instant)")
            }
        case "csv":
            _ = try? CSVReader.records(bytes)
        case "json":
            _ = try? LocatedJSON.parse(bytes)
        case "inventory-csv":
            _ = InventoryFileReader.read(bytes, format: .csv)
        case "inventory-json":
            let (document, problems) = InventoryFileReader.read(bytes, format: .json)
            if problems.isEmpty {
                // What was read must be written and read back the same.
                let (again, _) = InventoryFileReader.read(Array(InventoryJSONWriter.write(document).utf8), format: .json)
                precondition(again.assignments.map(\.value) == document.assignments.map(\.value), "JSON round trip changed assignments")
            }
        case "mime":
            MIMEParser.exercise(bytes)
            // The mass-mailer checks read whatever headers a hostile copy carries.
            if case .success(let message) = MIMEParser.parse(bytes) {
                for headers in [message.headers] + message.allParts.compactMap(\.embeddedMessage).map(\.headers) {
                    let findings = MassMailerFindings.inspect(headers)
                    precondition(!findings.lines.isEmpty, "findings without a line")
                }
            }
        case "report":
            // Every recogniser, with an infrastructure check that claims some addresses.
            let analysis = ReportAnalyzer().analyze(bytes, context: AnalysisContext(receivedAt: 1_750_000_000, isProviderInfrastructure: { $0.description.hasSuffix(".25") }))
            precondition(analysis.status != .parsed || !analysis.events.isEmpty, "a parsed report without events")
            _ = analysis.jsonLine(file: "fuzz")
        case "gzip":
            if let output = try? Gzip.decompress(bytes, maxOutput: 1 << 20) { precondition(output.count <= 1 << 20, "gzip output over its limit") }
        case "zip":
            if let archive = try? ZipArchive(bytes, limits: .init(maxEntries: 16, maxEntrySize: 1 << 20, maxTotalSize: 2 << 20)) {
                _ = try? archive.extractAll()
            }
        case "url-host":
            switch ReportedHost(url: String(decoding: bytes, as: UTF8.self)) {
            case .address(let address)?: precondition(IPAddress(address.description) == address, "address text does not round-trip")
            case .name(let name)?: precondition(!name.isEmpty && name.utf8.count <= 253 && name == name.lowercased(), "bad host name \(name)")
            case nil: break
            }
        case "report-time":
            let text = String(decoding: bytes, as: UTF8.self)
            _ = ReportTime.parse(text)
            _ = FreeTextRecognizer.time(in: text)
        case "dsn":
            if case .success(let message) = MIMEParser.parse(bytes) {
                for recipient in DeliveryStatus.recipients(in: message) { precondition(recipient.address.contains("@"), "a recipient without @") }
            }
        case "smtp-reply":
            // A relay's answers, line by line: a reply never has lines of two codes.
            var parser = SMTPReplyParser()
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                if let reply = try? parser.feed(line.hasSuffix("\r") ? line.dropLast() : line) { precondition((200..<600).contains(reply.code), "reply code \(reply.code)") }
            }
        case "flow-datagram":
            // One collector across two datagrams (the input split at a byte it picks), so that
            // templates of the first meet data of the second; a malformed one adds no flows.
            var collector = FlowCollector()
            var flows: [FlowRecord] = []
            let split = bytes.isEmpty ? 0 : Int(bytes[0]) % max(1, bytes.count)
            for part in [Array(bytes.prefix(split)), Array(bytes.dropFirst(split))] {
                let before = flows.count
                if case .malformed = collector.ingest(part, from: IPAddress("127.0.0.1")!, at: 1_750_000_000_000, into: &flows) {
                    precondition(flows.count == before, "a malformed datagram added flows")
                }
            }
            var detectors = FlowDetectors(space: ProviderSpace([try! IPPrefix(parsing: "0.0.0.0/0"), try! IPPrefix(parsing: "::/0")]))
            for flow in flows { detectors.observe(flow, now: 1_750_000_000_000) }
            _ = detectors.finish()
        case "tor-directory":
            var directory = TorDirectory()
            directory.read(String(decoding: bytes, as: UTF8.self))
            for exit in directory.exits() { precondition(IPAddress(exit.address) != nil, "an exit that is not an address: \(exit.address)") }
        case "dns-response":
            // A blocklist answer: parsed, then judged; a verdict of "listed" must rest on codes.
            if let response = try? DNSResponse.parse(bytes) {
                let verdict = DNSBLLookup.verdict(response, list: DNSBLCatalogue.lists[0])
                precondition(verdict.state != .listed || !verdict.codes.isEmpty, "listed without a code")
                precondition(!verdict.codes.contains { $0.codeClass == .error }, "an error code kept as a listing")
            }
        case "torrc":
            let verdict = TorrcCheck.verdict(String(decoding: bytes, as: UTF8.self))
            precondition(!verdict.reasons.isEmpty, "a verdict without a reason")
        case "notice-template":
            let names: Set<String> = ["a", "b", "evidence"]
            if let template = try? NoticeTemplate(parsing: String(decoding: bytes, as: UTF8.self), known: names) {
                let filled = template.render(["a": "1", "evidence": "x"])
                precondition(!filled.subject.contains("\n"), "a subject with a line break")
            }
        case "lmtp":
            // A whole conversation from the client side, in two reads split at a byte the input picks.
            var session = LMTPSession(hostname: "fuzz", limits: .init(maximumMessageBytes: 4_096, maximumLineBytes: 256, maximumRecipients: 4))
            let split = bytes.isEmpty ? 0 : Int(bytes[0]) % bytes.count
            for chunk in [bytes[..<split], bytes[split...]] {
                for action in session.receive(chunk) {
                    if case .deliver = action { _ = session.deliveryFinished(.stored(reference: "x")) }
                }
            }
        default:
            preconditionFailure("unknown fuzz target \(target); known: \(names.joined(separator: ", "))")
        }
    }
}

#if FUZZING
import Foundation

private let selectedTarget: String = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "inventory-json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTargets.run(selectedTarget, Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

// SwiftPM links an executable's entry point under the name `<Target>_main`; hand control to
// libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("BailiffFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
}
#else
import Foundation

@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let target = arguments.first, FuzzTargets.names.contains(target) else {
            print("usage: bailiff-fuzz TARGET FILE…   (targets: \(FuzzTargets.names.joined(separator: ", ")))")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(2)
            }
            FuzzTargets.run(target, [UInt8](data))
            count += 1
        }
        print("\(target): \(count) input(s) replayed without a crash")
    }
}
#endif
