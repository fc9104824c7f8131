import BailiffCore
import BailiffStore
import Foundation
import Logging
import Synchronization

/// Keeps the firewall's port-25 ruleset equal to the approvals in the database: renders the
/// whole file (``Port25Ruleset``), writes it atomically and loads it with `nft -f` (one
/// transaction: a broken file changes nothing). Applied on start and whenever approvals change.
public final class Port25Firewall: Sendable {
    let store: Store
    let placement: Port25Ruleset.Placement
    let table: String
    let rulesetPath: String
    /// The program and arguments that load a file, which is appended: `/usr/sbin/nft -f`.
    let applyCommand: [String]
    let logger: Logger
    private let applied = Mutex<String?>(nil)
    /// One synchronisation at a time: read, render and load must not interleave, or an older
    /// reading could be loaded after a newer one and reopen a revoked address.
    private let serial = AsyncLock()

    public init(store: Store, placement: Port25Ruleset.Placement, table: String, rulesetPath: String, applyCommand: [String], logger: Logger) {
        self.store = store; self.placement = placement; self.table = table; self.rulesetPath = rulesetPath
        self.applyCommand = applyCommand; self.logger = logger
    }

    /// What became of an attempt to load the ruleset.
    public enum Outcome: Sendable, Hashable {
        case applied(allowed: Int)
        case unchanged(allowed: Int)
        case refused(String)
    }

    /// Renders the ruleset from the approvals in force and loads it unless the firewall already
    /// has exactly this text from us (`force` loads it anyway, e.g. on start).
    public func synchronise(force: Bool = false) async throws -> Outcome {
        try await serial.withLock { try await synchroniseAlone(force: force) }
    }

    private func synchroniseAlone(force: Bool) async throws -> Outcome {
        let allowed = try await Port25Repository(store).approvals().map(\.address)
        let text = Port25Ruleset(placement: placement, table: table, allowed: allowed).render()
        if !force, applied.withLock({ $0 }) == text { return .unchanged(allowed: allowed.count) }
        if let refusal = try load(text) { return .refused(refusal) }
        applied.withLock { $0 = text }
        return .applied(allowed: allowed.count)
    }

    /// Writes `text` to the ruleset file and loads it; returns why it was refused, or nil. A
    /// refusal leaves the firewall (and the file) as they were.
    public func load(_ text: String) throws -> String? {
        let temporary = rulesetPath + ".new"
        try text.write(toFile: temporary, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: applyCommand[0])
        process.arguments = Array(applyCommand.dropFirst()) + [temporary]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            let reason = "\(applyCommand.joined(separator: " ")) refused the ruleset (status \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1_000))"
            logger.error("the port-25 ruleset was not applied", metadata: ["reason": "\(reason)"])
            return reason
        }
        _ = try? FileManager.default.removeItem(atPath: rulesetPath)
        try FileManager.default.moveItem(atPath: temporary, toPath: rulesetPath)
        return nil
    }

    /// Re-applies on start, then whenever approvals change.
    public func run(every interval: Duration) async {
        var force = true
        while !Task.isCancelled {
            do {
                if case .applied(let allowed) = try await synchronise(force: force) {
                    logger.info("port-25 ruleset applied", metadata: ["allowed": "\(allowed)", "file": "\(rulesetPath)"])
                }
                force = false
            } catch {
                logger.warning("could not apply the port-25 ruleset; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}

/// Carries out `close-port-25`: revokes every port-25 approval of the case's service and loads
/// the ruleset. A service that never had the port open needs nothing but a check.
public struct Port25Adapter: EnforcementAdapter {
    public let name = "nftables"
    public let actions: Set<String> = [EnforcementAction.closePort25.rawValue]
    let firewall: Port25Firewall
    let clock: @Sendable () -> Int64

    public init(firewall: Port25Firewall, clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.firewall = firewall; self.clock = clock
    }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        do {
            let revoked = try await Port25Repository(firewall.store).revoke(serviceID: work.serviceID, caseID: work.caseID, now: clock())
            switch try await firewall.synchronise(force: true) {
            case .applied(let allowed), .unchanged(let allowed):
                let what = revoked.isEmpty ? "port 25 was already closed for service \(work.serviceID)" : "port 25 closed for \(revoked.map(\.description).joined(separator: ", "))"
                return .done("\(what); ruleset applied (\(allowed) addresses may send)")
            case .refused(let reason):
                return .retry(reason)
            }
        } catch {
            return .retry("could not close port 25: \(error)")
        }
    }
}
