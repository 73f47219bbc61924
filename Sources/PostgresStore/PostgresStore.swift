import CacheStorage
import Foundation
import LLMCore
import Logging
import PostgresNIO

/// The PostgreSQL store: one cache, one ledger and one budget shared by many application servers or proxies.
///
/// It behaves like the SQLite `SQLiteStore` (response entries, vectors, ledger, counters, TTL, purge,
/// eviction, schema migrations) and adds what sharing needs: every insert, purge, eviction and expiry of a
/// vector, by any instance, reaches every instance's semantic index through `LISTEN/NOTIFY` and the change
/// log (see ``setVectorObserver(_:)``), and ``sharedBudget`` keeps budget caps across instances.
///
/// When the database cannot be reached, operations throw ``PostgresStoreError/unavailable(location:reason:)``
/// quickly (the caches then pass calls through uncached), hit bookkeeping and counters stay buffered, and
/// the store recovers by itself when the database answers again. Entries and their vectors are written in
/// one transaction, so nothing half-written is ever served.
public actor PostgresStore: CacheStorage {
    /// The database URL (its password is never shown).
    public nonisolated let url: PostgresURL
    /// The options the store was opened with.
    public nonisolated let options: PostgresStoreOptions
    /// The clock that dates entries and decides expiry.
    public nonisolated let clock: any CacheClock
    /// The database URL without its password.
    public nonisolated var location: String { url.description }
    /// Whether the store was opened read-only.
    public nonisolated var isReadOnly: Bool { options.readOnly }

    let access: DatabaseAccess
    let logger: Logger
    private let runTask: Task<Void, Never>
    var pendingHits: [Int64: PendingHit] = [:]
    var pendingCounters: [CounterKey: Int64] = [:]
    var flushTask: Task<Void, Never>?
    /// The write of buffered bookkeeping under way; it is never cancelled, so what it took is written or
    /// put back.
    var flushing: Task<Void, any Error>?
    var lastChangePrune: ContinuousClock.Instant?
    var isClosed = false
    var vectorObserver: (@Sendable (VectorChange) -> Void)?
    var feed: ChangeFeed?

    private init(url: PostgresURL, options: PostgresStoreOptions, clock: any CacheClock, logger: Logger) throws {
        self.url = url
        self.options = options
        self.clock = clock
        self.logger = logger
        var configuration = try url.clientConfiguration()
        configuration.options.maximumConnections = max(1, options.maximumConnections)
        configuration.options.connectTimeout = .milliseconds(options.operationTimeout.saturatedMilliseconds)
        var driverLogger = logger
        driverLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: driverLogger)
        self.access = DatabaseAccess(client: client, location: url.description, options: options, logger: logger)
        self.runTask = Task { await client.run() }
    }

    /// Connects to the database at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`) and
    /// creates or migrates the `llmcache_` tables.
    ///
    /// - Throws: ``PostgresStoreError`` when the URL is wrong, the server cannot be reached, or its tables
    ///   come from a newer LLMCache.
    public static func open(
        url: String, options: PostgresStoreOptions = PostgresStoreOptions(), clock: any CacheClock = SystemClock(),
        logger: Logger = Logger(label: "llmcache.store.postgres")
    ) async throws -> PostgresStore {
        let store = try PostgresStore(url: try PostgresURL(url), options: options, clock: clock, logger: logger)
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// Whether the database is reachable, and how often it was not (a metric for health checks).
    public nonisolated var availability: StoreAvailability { access.availability }

    /// Budget caps held in this database, shared by every instance (for `BudgetGate`).
    public nonisolated var sharedBudget: PostgresSharedBudget { PostgresSharedBudget(access: access, clock: clock) }

    // MARK: Life cycle

    /// Writes buffered bookkeeping now.
    public func flush() async throws {
        try ensureOpen()
        try await flushPending()
    }

    /// Writes buffered bookkeeping, stops following changes and closes the connections; later calls throw
    /// ``PostgresStoreError/closed(location:)``.
    public func close() async throws {
        guard !isClosed else { return }
        flushTask?.cancel()
        flushTask = nil
        var flushError: (any Error)?
        if !options.readOnly {
            do { try await flushPending() } catch { flushError = error }
        }
        isClosed = true
        await feed?.stop()
        feed = nil
        runTask.cancel()
        if let flushError { throw flushError }
    }

    func ensureOpen() throws {
        if isClosed { throw PostgresStoreError.closed(location: location) }
    }

    func ensureWritable() throws {
        try ensureOpen()
        if options.readOnly { throw PostgresStoreError.readOnly(location: location) }
    }

    /// How long opening may wait for the migration lock and the migrations (other instances may be
    /// migrating the same database).
    static let migrationTimeLimit: Duration = .seconds(60)

    /// Creates the tables or brings them to ``PostgresSchema/currentVersion``, under an advisory lock.
    private func migrate() async throws {
        let location = self.location
        let logger = self.logger
        try await access.run("migrate", limit: Self.migrationTimeLimit) { client in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS llmcache_schema (version BIGINT NOT NULL)", logger: logger)
                var version = 0
                for try await found in try await connection.query(
                    "SELECT version FROM llmcache_schema", logger: logger
                ).decode(Int.self) {
                    version = found
                }
                guard version <= PostgresSchema.currentVersion else {
                    throw PostgresStoreError.newerSchema(
                        location: location, found: version, supported: PostgresSchema.currentVersion)
                }
                guard version < PostgresSchema.currentVersion else { return }
                for migration in PostgresSchema.migrations[version...] {
                    for statement in migration {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                }
                try await connection.query("DELETE FROM llmcache_schema", logger: logger)
                try await connection.query(
                    "INSERT INTO llmcache_schema (version) VALUES (\(PostgresSchema.currentVersion))", logger: logger)
                logger.info(
                    "migrated the PostgreSQL cache schema",
                    metadata: ["from": "\(version)", "to": "\(PostgresSchema.currentVersion)"])
            }
        }
    }
}
