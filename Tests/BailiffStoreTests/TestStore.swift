import BailiffStore
import Foundation
import Testing

/// The back ends every storage test runs on: SQLite always, PostgreSQL when
/// `BAILIFF_TEST_POSTGRES_URL` names a server (CI sets it; see `.ci/run`).
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var available: [TestBackend] {
        ProcessInfo.processInfo.environment["BAILIFF_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }

    var testDescription: String { rawValue }

    /// Runs `body` on a fresh, migrated database of this back end, and removes it afterwards.
    /// Each PostgreSQL test gets its own database so that tests can run in parallel.
    func withStore(_ body: (Store) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-test-\(UUID().uuidString)")
            let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                try await store.migrate()
                try await body(store)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        case .postgres:
            let baseURL = ProcessInfo.processInfo.environment["BAILIFF_TEST_POSTGRES_URL"]!
            let name = "bailiff_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
            let admin = try await Store(.postgres(url: baseURL))
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            let url = Self.replacingDatabase(in: baseURL, with: name)
            let store = try await Store(.postgres(url: url))
            var failure: (any Error)?
            do {
                try await store.migrate()
                try await body(store)
            } catch {
                failure = error
            }
            await store.shutdown()
            try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
            await admin.shutdown()
            if let failure { throw failure }
        }
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }
}
