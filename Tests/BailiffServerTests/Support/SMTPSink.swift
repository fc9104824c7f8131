import Foundation
import Synchronization

/// A real SMTP server for tests: `scripts/smtp-sink.py` (python3-aiosmtpd) on loopback, storing
/// into a Maildir, with STARTTLS on a certificate made for the test and AUTH for one user.
final class SMTPSink: Sendable {
    static let python = "/usr/bin/python3"
    static let user = "bailiff-relay"
    static let password = "correct horse battery staple"

    /// Whether this machine has what the sink needs.
    static var isAvailable: Bool {
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { return false }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import aiosmtpd"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }

    /// Skipped on a developer machine without the sink; in CI a missing peer is a failure.
    static var enabled: Bool { isAvailable || ProcessInfo.processInfo.environment["CI"] == "true" }

    let directory: URL
    let process: Mutex<Process?>
    let port: Mutex<Int>

    var maildir: URL { directory.appendingPathComponent("maildir") }
    var certificate: String { directory.appendingPathComponent("cert.pem").path }

    /// Makes a certificate for `localhost` and starts the sink.
    init(tls: Bool = true, auth: Bool = true, excludeMechanisms: [String] = []) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-smtp-\(UUID().uuidString)")
        let certificate = directory.appendingPathComponent("cert.pem").path
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = Mutex(nil)
        port = Mutex(0)
        if tls {
            try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                                             "-keyout", directory.appendingPathComponent("key.pem").path, "-out", certificate])
        }
        var arguments = ["--maildir", directory.appendingPathComponent("maildir").path]
        if tls { arguments += ["--cert", certificate, "--key", directory.appendingPathComponent("key.pem").path] }
        if auth { arguments += ["--user", Self.user, "--password", Self.password] }
        for mechanism in excludeMechanisms { arguments += ["--exclude-mechanism", mechanism] }
        self.arguments = arguments
        try start(port: 0)
    }

    let arguments: [String]

    /// Starts the sink on `port` (0: any free one) and waits until it accepts connections.
    func start(port requested: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../scripts/smtp-sink.py").standardized.path
        process.arguments = [script, "--port", String(requested)] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw SinkError("the SMTP sink stopped before it was ready") }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("ready "), let value = Int(text.dropFirst(6).prefix { $0.isNumber }) else { throw SinkError("the SMTP sink said \(text)") }
        self.port.withLock { $0 = value }
        self.process.withLock { $0 = process }
    }

    var currentPort: Int { port.withLock { $0 } }

    /// Stops the sink (its Maildir stays for inspection).
    func stop() {
        guard let process = process.withLock({ current -> Process? in defer { current = nil }; return current }) else { return }
        stopGently(process)
    }

    /// The messages stored so far, oldest first, as raw bytes.
    func messages() throws -> [[UInt8]] {
        let new = maildir.appendingPathComponent("new")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: new.path) else { return [] }
        // Python's Maildir names are "<seconds>.M<microseconds>P<pid>Q<count>.<host>", the
        // microseconds unpadded: their text does not sort by time. The per-process count does.
        func count(_ name: String) -> Int {
            guard let q = name.range(of: "Q") else { return .max }
            return Int(name[q.upperBound...].prefix { $0.isNumber }) ?? .max
        }
        return try names.sorted { (count($0), $0) < (count($1), $1) }.map { Array(try Data(contentsOf: new.appendingPathComponent($0))) }
    }

    deinit {
        process.withLock { $0?.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let status = try runProgram(executable, arguments).status
        guard status == 0 else { throw SinkError("\(executable) failed with status \(status)") }
    }
}

struct SinkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
