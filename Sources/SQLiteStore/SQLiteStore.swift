import CSQLite
import CacheStorage
import Foundation
import LLMCore
import Logging

/// The SQLite store behind every cache layer: response entries, counters and the cost ledger.
///
/// One actor owns the connection, so any number of tasks may use a store at once. Lookups never wait for
/// a disk write: the bookkeeping of a hit (last hit, hit count, sliding expiry, counters) is buffered and
/// written in one transaction in the background, when ``SQLiteStoreOptions/flushThreshold`` hits are
/// buffered, before any query that reports on it, and at ``close()``.
public actor SQLiteStore: CacheStorage {
    /// The database file.
    public nonisolated let path: String
    /// The options the store was opened with.
    public nonisolated let options: SQLiteStoreOptions
    /// The database file (``path``).
    public nonisolated var location: String { path }
    /// Whether the store was opened read-only.
    public nonisolated var isReadOnly: Bool { options.readOnly }

    let connection: SQLiteConnection
    /// The clock that dates entries and decides expiry.
    public nonisolated let clock: any CacheClock
    let logger: Logger
    var pendingHits: [Int64: PendingHit] = [:]
    var pendingCounters: [CounterKey: Int64] = [:]
    var flushTask: Task<Void, Never>?
    var isClosed = false
    var totalEntries: Int
    var totalBytes: Int64
    var vectorObserver: (@Sendable (VectorChange) -> Void)?

    /// Opens (or creates) the database at `path`.
    ///
    /// - Throws: ``SQLiteStoreError`` when the file is missing (and creation is off), not SQLite, from
    ///   another program, from a newer LLMCache, or read-only while writes are needed.
    public init(
        path: String, options: SQLiteStoreOptions = SQLiteStoreOptions(), clock: any CacheClock = SystemClock(),
        logger: Logger = Logger(label: "llmcache.store")
    ) throws {
        self.path = path
        self.options = options
        self.clock = clock
        self.logger = logger
        let connection = try DatabaseOpener.open(path: path, options: options)
        self.connection = connection
        let totals = try connection.prepare("SELECT count(*), coalesce(sum(size), 0) FROM entries")
        _ = try totals.step()
        self.totalEntries = Int(totals.int64(0))
        self.totalBytes = totals.int64(1)
        totals.reset()
    }

    // MARK: Lookup

    /// Looks up `key` in `namespace`. A hit's bookkeeping is buffered, never written on this path.
    /// The returned entry carries the response but not the request body (`request` is `nil`); `list` and
    /// `entries(keyPrefix:)` return both.
    ///
    /// - Parameters:
    ///   - namespace: the namespace the entry was stored in.
    ///   - key: the entry's key.
    ///   - maxAge: refuse entries stored longer ago than this.
    ///   - recordHit: count the hit (and extend a sliding TTL).
    public func lookup(
        namespace: String, key: String, maxAge: Duration? = nil, recordHit: Bool = true
    ) throws -> StoreLookupResult {
        try lookup(sql: EntryRow.sql.lookupByKey, [.text(namespace), .text(key)], maxAge: maxAge, recordHit: recordHit)
    }

    /// Looks up the entry with row id `id`, with the same rules as ``lookup(namespace:key:maxAge:recordHit:)``.
    public func lookup(id: Int64, maxAge: Duration? = nil, recordHit: Bool = true) throws -> StoreLookupResult {
        try lookup(sql: EntryRow.sql.lookupByID, [.int(id)], maxAge: maxAge, recordHit: recordHit)
    }

    private func lookup(
        sql: String, _ bindings: [SQLBinding], maxAge: Duration?, recordHit: Bool
    ) throws -> StoreLookupResult {
        try ensureOpen()
        let statement = try connection.prepare(sql)
        statement.bind(bindings)
        guard try statement.step() else { return .miss }
        let entry = EntryRow.read(statement)
        statement.reset()
        let record = recordHit && !options.readOnly
        let result = PendingHit.resolve(
            entry, pending: &pendingHits, now: clock.now(), maxAge: maxAge, record: record)
        if record, case .hit = result { scheduleFlush() }
        return result
    }

    // MARK: Insert

    /// Stores `entry` (and its vector, if any), replacing any entry with the same namespace and key, then
    /// evicts past the limits. Returns the entry's row id.
    @discardableResult
    public func insert(_ entry: NewCacheEntry) throws -> Int64 {
        try insert(contentsOf: [entry])[0]
    }

    /// Stores `entries` in one transaction, then evicts past the limits. Returns their row ids, in order.
    @discardableResult
    public func insert(contentsOf entries: [NewCacheEntry]) throws -> [Int64] {
        try ensureWritable()
        guard !entries.isEmpty else { return [] }
        let now = clock.now().millis
        let ids = try connection.transaction {
            let existing = try connection.prepare("SELECT id, size FROM entries WHERE namespace = ? AND key = ?")
            let upsert = try connection.prepare(EntryRow.sql.upsert)
            let vector = try connection.prepare(
                "INSERT OR REPLACE INTO vectors (entry_id, scope, prompt, vector) VALUES (?, ?, ?, ?)")
            var ids: [Int64] = []
            ids.reserveCapacity(entries.count)
            for entry in entries {
                existing.reset()
                existing.bind(1, entry.namespace).bind(2, entry.key)
                if try existing.step() {
                    pendingHits[existing.int64(0)] = nil
                    totalEntries -= 1
                    totalBytes -= existing.int64(1)
                }
                upsert.reset()
                EntryRow.bind(entry, now: now, to: upsert)
                guard try upsert.step() else { throw connection.error(code: SQLITE_INTERNAL) }
                let id = upsert.int64(0)
                upsert.reset()
                ids.append(id)
                if let stored = entry.vector {
                    vector.reset()
                    vector.bind(1, id).bind(2, stored.scope).bind(3, stored.prompt).bind(4, stored.bytes)
                    try vector.run()
                }
                totalEntries += 1
                totalBytes += Int64(entry.size)
            }
            existing.reset()
            return ids
        }
        try evictIfNeeded()
        return ids
    }

    // MARK: Removal

    /// Removes the entries `selector` picks. An empty selector is refused.
    public func purge(_ selector: PurgeSelector, dryRun: Bool = false) throws -> PurgeResult {
        guard !selector.isEmpty else { throw EmptyPurgeSelectorError() }
        dryRun ? try ensureOpen() : try ensureWritable()
        if !dryRun { try flushPending() }
        let (clause, bindings) = selector.whereClause(now: clock.now())
        let count = try connection.prepare("SELECT count(*), coalesce(sum(size), 0) FROM entries WHERE \(clause)")
        count.bind(bindings)
        _ = try count.step()
        let result = PurgeResult(entries: Int(count.int64(0)), bytes: count.int64(1))
        count.reset()
        guard !dryRun, result.entries > 0 else { return result }
        let removed = try connection.transaction {
            let vectors = try removedVectors(where: clause, bindings)
            let delete = try connection.prepare("DELETE FROM entries WHERE \(clause)")
            delete.bind(bindings)
            try delete.run()
            return vectors
        }
        notifyRemoved(removed)
        try refreshTotals()
        logger.info("purged entries", metadata: ["entries": "\(result.entries)", "bytes": "\(result.bytes)"])
        return result
    }

    // MARK: Counters

    /// Adds `deltas` to the named counters of `layer` (buffered like hit bookkeeping).
    public func increment(layer: String, _ deltas: [String: Int64]) throws {
        try ensureOpen()
        guard !options.readOnly else { return }
        CounterKey.buffer(deltas, layer: layer, into: &pendingCounters)
        scheduleFlush()
    }

    // MARK: Reports

    /// Counts, sizes, ages and counters, with buffered bookkeeping included.
    public func statistics() throws -> StoreStatistics {
        try ensureOpen()
        if !options.readOnly { try flushPending() }
        let now = clock.now().millis
        let summary = try connection.prepare(
            """
            SELECT count(*), coalesce(sum(size), 0), min(created_at), max(created_at),
                   count(DISTINCT namespace),
                   coalesce(sum(CASE WHEN expires_at IS NOT NULL AND expires_at <= ? THEN 1 ELSE 0 END), 0)
            FROM entries
            """)
        summary.bind(1, now)
        _ = try summary.step()
        var statistics = StoreStatistics(
            path: path, entries: Int(summary.int64(0)), bytes: summary.int64(1), expiredEntries: Int(summary.int64(5)),
            namespaces: Int(summary.int64(4)), oldest: summary.optionalInt64(2).map(Date.init(millis:)),
            newest: summary.optionalInt64(3).map(Date.init(millis:)), fileBytes: fileBytes(), layers: [:])
        summary.reset()
        let vectors = try connection.prepare(
            "SELECT count(*), coalesce(sum(length(vector) + length(prompt)), 0), count(DISTINCT scope) FROM vectors")
        _ = try vectors.step()
        statistics.semanticEntries = Int(vectors.int64(0))
        statistics.semanticBytes = vectors.int64(1)
        statistics.semanticScopes = Int(vectors.int64(2))
        vectors.reset()
        statistics.embedding = try embeddingSignature()
        let counters = try connection.prepare("SELECT layer, name, value FROM counters")
        while try counters.step() {
            statistics.layers[counters.string(0), default: LayerCounters()].set(counters.string(1), counters.int64(2))
        }
        return statistics
    }

    /// Entries, most recently used first, optionally of one namespace or model.
    public func list(namespace: String? = nil, model: String? = nil, limit: Int = 50) throws -> [CacheEntry] {
        try ensureOpen()
        if !options.readOnly { try flushPending() }
        let (clause, bindings) = PurgeSelector(namespace: namespace, model: model).whereClause(now: clock.now())
        let statement = try connection.prepare(
            EntryRow.sql.select + " WHERE " + clause + " ORDER BY last_used_at DESC, id DESC LIMIT ?")
        statement.bind(bindings)
        statement.bind(Int32(bindings.count + 1), Int64(max(0, limit)))
        var entries: [CacheEntry] = []
        while try statement.step() { entries.append(EntryRow.read(statement)) }
        return entries
    }

    /// Every entry (of any namespace) whose key starts with `keyPrefix` (at least 4 hex digits).
    public func entries(keyPrefix: String) throws -> [CacheEntry] {
        try ensureOpen()
        if !options.readOnly { try flushPending() }
        let prefix = keyPrefix.lowercased()
        let statement = try connection.prepare(EntryRow.sql.select + " WHERE key >= ? AND key < ? ORDER BY namespace")
        statement.bind(1, prefix).bind(2, prefix + "g")
        var entries: [CacheEntry] = []
        while try statement.step() { entries.append(EntryRow.read(statement)) }
        return entries
    }

    // MARK: Life cycle

    /// Writes buffered bookkeeping now.
    public func flush() throws {
        try ensureOpen()
        try flushPending()
    }

    /// Writes buffered bookkeeping and closes the store; later calls throw ``SQLiteStoreError/closed(path:)``.
    public func close() throws {
        guard !isClosed else { return }
        flushTask?.cancel()
        flushTask = nil
        if !options.readOnly {
            try flushPending()
            try? connection.execute("PRAGMA optimize")
        }
        isClosed = true
        // Closing the file (not only at deinit) lets the last connection remove the -wal and -shm files.
        connection.close()
    }

    func ensureOpen() throws {
        if isClosed { throw SQLiteStoreError.closed(path: path) }
    }

    func ensureWritable() throws {
        try ensureOpen()
        if options.readOnly { throw SQLiteStoreError.readOnly(path: path) }
    }

    func refreshTotals() throws {
        let totals = try connection.prepare("SELECT count(*), coalesce(sum(size), 0) FROM entries")
        _ = try totals.step()
        totalEntries = Int(totals.int64(0))
        totalBytes = totals.int64(1)
        totals.reset()
    }

    private func fileBytes() -> Int64 {
        [path, path + "-wal"].reduce(0) { sum, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
            return sum + (size ?? 0)
        }
    }
}
