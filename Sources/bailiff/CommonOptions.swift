import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation
import Logging
import Synchronization

/// Options every command takes: where the data is and which configuration file to read.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Data directory (SQLite database and local state); env BAILIFF_DATA_DIR.", valueName: "path"))
    var dataDirectory: String?

    @Option(name: .customLong("config"), help: ArgumentHelp("Configuration file; default <data-dir>/bailiff.conf if it exists; env BAILIFF_CONFIG.", valueName: "file"))
    var configFile: String?

    /// Reads the configuration: defaults, then the file, then `BAILIFF_*` variables.
    func loadConfiguration() throws -> BailiffConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let dataDirectory = dataDirectory ?? environment["BAILIFF_DATA_DIR"] ?? "./bailiff-data"
        let explicitFile = configFile ?? environment["BAILIFF_CONFIG"]
        let path = explicitFile ?? (dataDirectory as NSString).appendingPathComponent("bailiff.conf")
        var text: String?
        if FileManager.default.fileExists(atPath: path) {
            guard let contents = FileManager.default.contents(atPath: path), let decoded = String(data: contents, encoding: .utf8) else {
                throw ValidationError("cannot read the configuration file \(path); check that it exists, is readable and is UTF-8")
            }
            text = decoded
        } else if let explicitFile {
            throw ValidationError("the configuration file \(explicitFile) does not exist; give an existing file or leave out --config")
        }
        do {
            return try ConfigurationLoader.load(fileText: text, fileName: path, environment: environment, dataDirectory: dataDirectory)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens the configured database and brings its schema up to date. One-shot commands log
    /// warnings and errors only (unless log.level asks for debug or trace), so that their output
    /// is their answer.
    func openStore(_ configuration: BailiffConfiguration, migrate: Bool = true, quiet: Bool = true) async throws -> Store {
        if quiet { LoggingSetup.bootstrap(level: ["debug", "trace"].contains(configuration.logLevel) ? configuration.logLevel : "warning") }
        let store = try await Store(configuration.databaseURL.isEmpty ? .sqlite(path: configuration.sqlitePath) : .postgres(url: configuration.databaseURL))
        if migrate {
            do {
                try await store.migrate()
            } catch {
                await store.shutdown()
                throw StoreError("cannot prepare the database (\(store.configuration)): \(error)")
            }
        }
        return store
    }

    /// Opens the store, runs `body`, and closes the store whether `body` succeeds or throws.
    func withStore<T>(_ body: (Store, BailiffConfiguration) async throws -> T) async throws -> T {
        let configuration = try loadConfiguration()
        let store = try await openStore(configuration)
        do {
            let result = try await body(store, configuration)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// An instant given as `--at`, or now.
    static func instant(_ text: String?, option: String = "--at") throws -> Int64 {
        guard let text else { return Int64(Date().timeIntervalSince1970) }
        guard let instant = Timestamp.parse(text) else { throw ValidationError("\(option) must be a date or an RFC 3339 time, e.g. 2026-03-01T12:00:00Z") }
        return instant
    }
}

/// Sets up logging once per process, to standard error, at the configured level.
enum LoggingSetup {
    private static let done = Mutex(false)

    /// Idempotent: the first call wins (swift-log allows one bootstrap per process).
    static func bootstrap(level: String) {
        guard done.withLock({ let first = !$0; $0 = true; return first }) else { return }
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
    }
}

/// Reads instants given on the command line: RFC 3339, a date, or `now`.
func parseInstant(_ text: String?) throws -> Int64 {
    guard let text, text != "now" else { return Int64(Date().timeIntervalSince1970) }
    guard let instant = Timestamp.parse(text) else {
        throw ValidationError("'\(text)' is not a time; write 2025-03-01, 2025-03-01T12:00:00Z or now")
    }
    return instant
}


