import BailiffStore
import Foundation

/// Runs a program of the operator's for each intent — no shell, the intent as JSON on standard
/// input — and reads its exit status: 0 done, 75 (EX_TEMPFAIL) try again later, anything else
/// failed with its standard error kept.
public struct CommandAdapter: EnforcementAdapter {
    public let name = "command"
    public let path: String
    public let actions: Set<String>
    public let timeout: Duration

    public init(path: String, actions: Set<String>, timeout: Duration = .seconds(60)) {
        self.path = path; self.actions = actions; self.timeout = timeout
    }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        guard FileManager.default.isExecutableFile(atPath: path) else { return .failed("\(path) is not an executable file") }
        let input: Data
        do { input = try JSONEncoder.sortedKeys.encode(work) } catch { return .failed("could not encode the intent: \(error)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [work.action]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { return .retry("could not start \(path): \(error)") }
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await Self.waitForExit(process); return true }
            group.addTask { [timeout] in try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard finished else {
            process.terminate()
            return .retry("\(path) did not finish within \(timeout.components.seconds) s")
        }
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile().prefix(2_000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile().prefix(2_000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch process.terminationStatus {
        case 0: return .done(output.isEmpty ? "\(path) exited 0" : output)
        case 75: return .retry(errors.isEmpty ? "\(path) asked to try again later (75)" : errors)
        case let status: return .failed("\(path) exited \(status)" + (errors.isEmpty ? "" : ": \(errors)"))
        }
    }

    static func waitForExit(_ process: Process) async {
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
            if Task.isCancelled { return }
        }
    }
}

extension JSONEncoder {
    /// Stable output for peers and signatures.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
