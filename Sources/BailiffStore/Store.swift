import BailiffCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// An open database: SQLite by default, PostgreSQL when configured; one schema on both.
///
/// Everything that reads or writes goes through a `Store` so that the server, the CLI and the
/// tests share one way in. Close it with ``shutdown()``.
public final class Store: Sendable {
    public let configuration: StoreConfiguration
    let databases: Databases
    let logger: Logger

    /// The back end in use, for SQL that differs between the two.
    public enum Dialect: Sendable { case sqlite, postgres }
    public let dialect: Dialect

    /// Opens (and for SQLite creates) the database. Does not migrate: call ``migrate()``.
    public init(_ configuration: StoreConfiguration, logger: Logger = Logger(label: "bailiff.store")) async throws {
        self.configuration = configuration
        self.logger = logger
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        switch configuration {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            dialect = .sqlite
        case .postgres(let url):
            // A request waits up to 30 s for a pooled connection: under load (CI runs every suite at
            // once) the default 10 s failed writes that would have gone through a moment later.
            do {
                databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace), as: .psql)
            } catch {
                throw StoreError("the PostgreSQL URL \(BailiffConfiguration.redactingPassword(inURL: url)) is not valid (\(error)); write postgres://user:password@host:5432/database")
            }
            dialect = .postgres
        }
        self.databases = databases
        switch configuration {
        case .sqlite(let path): sqliteWriters = AsyncLock.shared(for: (path as NSString).standardizingPath)
        case .postgres: sqliteWriters = AsyncLock()
        }
        if dialect == .sqlite {
            // WAL lets the server read while an import writes; the setting is kept in the file.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
    }

    /// A database handle for one unit of work.
    public var database: any Database {
        databases.database(logger: logger, on: databases.eventLoopGroup.any())!
    }

    /// The same handle as SQL.
    public var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Serialises this process's writes on SQLite (see ``AsyncLock``); unused on PostgreSQL.
    /// Shared by every `Store` of the process on the same file: two stores writing at once would
    /// otherwise both wait inside SQLite's busy handler on the shared thread pool, and could
    /// occupy every thread of it while the transaction they wait for needs one to finish.
    private let sqliteWriters: AsyncLock

    /// Intake's deliveries, committed together when they arrive together.
    let evidenceCommits = GroupCommit<EvidenceRepository.PendingDelivery, EvidenceRepository.StoredMessage>()

    /// Runs `body` in a write transaction. On SQLite the process's writers queue for their turn
    /// rather than spin on the database lock; PostgreSQL's row locks need no such help.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard dialect == .sqlite else {
            return try await database.transaction { try await body($0 as! any SQLDatabase) }
        }
        return try await sqliteWriters.withLock {
            // BEGIN IMMEDIATE takes the write lock up front: a transaction that read first and
            // wrote later could find that another process (the CLI beside the server) wrote in
            // between, and SQLite then fails it (SQLITE_BUSY_SNAPSHOT) instead of waiting.
            try await database.withConnection { connection in
                let sql = connection as! any SQLDatabase
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }

    /// Runs one write statement (outside a transaction) under the same rule.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard dialect == .sqlite else { return try await body(sql) }
        return try await sqliteWriters.withLock { try await body(sql) }
    }

    /// Closes all connections.
    public func shutdown() async {
        await databases.shutdownAsync()
    }

    /// Brings the schema up to date. Safe to run every start; on PostgreSQL several nodes starting
    /// at once are serialised by an advisory lock.
    public func migrate() async throws {
        let migrations = Migrations()
        for migration in Self.migrations { migrations.add(migration) }
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: databases.eventLoopGroup.any())
        try await withMigrationLock { [migrator] in
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
        }
    }

    /// Undoes every migration (for tests and `bailiff migrate --revert-all`).
    public func revertAllMigrations() async throws {
        let migrations = Migrations()
        for migration in Self.migrations { migrations.add(migration) }
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: databases.eventLoopGroup.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.revertAllBatches().get()
    }

    /// The migrations in order; append, never reorder.
    static var migrations: [any Migration] {
        [CreateInventory(), CreateEvidence(), CreateReportEvents(), AddEventHostResolution(), CreateCases(), CreateAuditLog(), CreateCaseMessages(), AddEvidenceRemoval(), AddEventRecipient(), AddCaseLegalHold(), AddIntentDelivery(), CreateNoticeDeliveries(), CreateBlackholes(), CreatePort25Approvals(), CreateAmendmentDeliveries(), CreateWebAccess(), CreateBlocklistHistory(), CreatePort25Requests(), AddEventFindings(), IndexCaseDeliveries()]
    }

    private func withMigrationLock(_ body: @escaping @Sendable () async throws -> Void) async throws {
        guard dialect == .postgres else { return try await body() }
        // A transaction-scoped advisory lock held on one pinned connection while the migrator works
        // on others: nodes starting at once wait here, and the lock ends with the transaction
        // whatever happens. The key is arbitrary and fixed.
        try await database.transaction { transaction in
            try await (transaction as! any SQLDatabase).raw("SELECT pg_advisory_xact_lock(27981205731248486)").run()
            try await body()
        }
    }
}

/// A storage failure with a sentence that says what to do.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
