import CacheStorage
import Foundation
import LLMCore
import PostgresNIO

extension PostgresStore {
    // MARK: Lookup

    /// Looks up `key` in `namespace` with the same rules as the SQLite store: expired entries are never
    /// served, `maxAge` refuses older ones, and a hit's bookkeeping is buffered, never written on this path.
    public func lookup(
        namespace: String, key: String, maxAge: Duration? = nil, recordHit: Bool = true
    ) async throws -> StoreLookupResult {
        var binds = PostgresBindings(capacity: 2)
        binds.append(namespace)
        binds.append(key)
        return try await lookup(
            PostgresQuery(unsafeSQL: PostgresEntryRow.sql.lookupByKey, binds: binds), maxAge, recordHit)
    }

    /// Looks up the entry with row id `id`, with the same rules.
    public func lookup(id: Int64, maxAge: Duration? = nil, recordHit: Bool = true) async throws
        -> StoreLookupResult
    {
        var binds = PostgresBindings(capacity: 1)
        binds.append(id)
        return try await lookup(
            PostgresQuery(unsafeSQL: PostgresEntryRow.sql.lookupByID, binds: binds), maxAge, recordHit)
    }

    private func lookup(_ query: PostgresQuery, _ maxAge: Duration?, _ recordHit: Bool) async throws
        -> StoreLookupResult
    {
        try ensureOpen()
        let found = try await entries(query, "look up")
        guard let entry = found.first else { return .miss }
        let record = recordHit && !options.readOnly
        let result = PendingHit.resolve(entry, pending: &pendingHits, now: clock.now(), maxAge: maxAge, record: record)
        if record, case .hit = result { scheduleFlush() }
        return result
    }

    /// The entries `query` selects (columns as in ``EntrySQL/select``).
    func entries(_ query: PostgresQuery, _ what: String) async throws -> [CacheEntry] {
        try await access.run(what) { client in try await PostgresEntryRow.read(try await client.query(query)) }
    }

    // MARK: Insert

    /// Stores `entries` and their vectors in one transaction, replacing entries with the same namespace and
    /// key (other instances see all of them or none), then evicts past the limits. Returns their row ids.
    @discardableResult
    public func insert(contentsOf entries: [NewCacheEntry]) async throws -> [Int64] {
        try ensureWritable()
        guard !entries.isEmpty else { return [] }
        let now = clock.now().millis
        let logger = self.logger
        let location = self.location
        let ids = try await access.run("store") { client in
            try await client.withTransaction(logger: logger) { connection in
                var ids: [Int64] = []
                ids.reserveCapacity(entries.count)
                for entry in entries {
                    let query = PostgresQuery(
                        unsafeSQL: PostgresEntryRow.sql.upsert, binds: PostgresEntryRow.bindings(entry, now: now))
                    var id: Int64?
                    for try await found in try await connection.query(query, logger: logger).decode(Int64.self) {
                        id = found
                    }
                    guard let id else {
                        throw PostgresStoreError.server(
                            location: location, state: "?", message: "the insert returned no id")
                    }
                    ids.append(id)
                    if let stored = entry.vector {
                        var binds = PostgresBindings(capacity: 4)
                        binds.append(id)
                        binds.append(stored.scope)
                        binds.append(stored.prompt)
                        binds.append(ByteBuffer(bytes: stored.bytes))
                        try await connection.query(
                            PostgresQuery(unsafeSQL: PostgresEntryRow.upsertVector, binds: binds), logger: logger)
                    }
                }
                return ids
            }
        }
        for id in ids { pendingHits[id] = nil }
        try await evictIfNeeded()
        return ids
    }

    // MARK: Removal

    /// Removes the entries `selector` picks (every instance's index follows). An empty selector is refused.
    public func purge(_ selector: PurgeSelector, dryRun: Bool = false) async throws -> PurgeResult {
        guard !selector.isEmpty else { throw EmptyPurgeSelectorError() }
        dryRun ? try ensureOpen() : try ensureWritable()
        let (clause, binds) = selector.postgresClause(now: clock.now())
        let counted = PostgresQuery(
            unsafeSQL: "SELECT count(*), coalesce(sum(size), 0)::BIGINT FROM llmcache_entries WHERE \(clause)",
            binds: binds)
        let (entries, bytes) = try await access.run("count purge") { client in
            var result: (Int64, Int64) = (0, 0)
            for try await row in try await client.query(counted).decode((Int64, Int64).self) { result = row }
            return result
        }
        let result = PurgeResult(entries: Int(entries), bytes: bytes)
        guard !dryRun, result.entries > 0 else { return result }
        try await flushPending()
        let removed = try await delete(where: clause, binds, "purge")
        logger.info("purged entries", metadata: ["entries": "\(removed.entries)", "bytes": "\(removed.bytes)"])
        return removed
    }

    /// Deletes the entries `clause` selects in one statement and tells the observer which vectors went.
    func delete(where clause: String, _ binds: PostgresBindings, _ what: String) async throws
        -> PurgeResult
    {
        let query = PostgresQuery(
            unsafeSQL: """
                WITH gone AS (DELETE FROM llmcache_entries WHERE \(clause) RETURNING id, size)
                SELECT g.id, g.size, v.scope FROM gone g LEFT JOIN llmcache_vectors v ON v.entry_id = g.id
                """, binds: binds)
        let rows = try await access.run(what) { client in
            var rows: [(Int64, Int64, String?)] = []
            for try await row in try await client.query(query).decode((Int64, Int64, String?).self) {
                rows.append(row)
            }
            return rows
        }
        for row in rows { pendingHits[row.0] = nil }
        let vectors = rows.compactMap { row in row.2.map { RemovedVector(id: row.0, scope: $0) } }
        if !vectors.isEmpty { vectorObserver?(.removed(vectors)) }
        return PurgeResult(entries: rows.count, bytes: rows.reduce(0) { $0 + $1.1 })
    }

    // MARK: Counters

    /// Adds `deltas` to the named counters of `layer` (buffered like hit bookkeeping; kept while the database
    /// is down and written when it is back).
    public func increment(layer: String, _ deltas: [String: Int64]) async throws {
        try ensureOpen()
        guard !options.readOnly else { return }
        CounterKey.buffer(deltas, layer: layer, into: &pendingCounters)
        scheduleFlush()
    }

    // MARK: Reports

    /// Entries, most recently used first, optionally of one namespace or model.
    public func list(namespace: String? = nil, model: String? = nil, limit: Int = 50) async throws -> [CacheEntry] {
        try ensureOpen()
        if !options.readOnly { try await flushPending() }
        var (clause, binds) = PurgeSelector(namespace: namespace, model: model).postgresClause(now: clock.now())
        binds.append(Int64(max(0, limit)))
        let query = PostgresQuery(
            unsafeSQL: PostgresEntryRow.sql.select
                + " WHERE \(clause) ORDER BY last_used_at DESC, id DESC LIMIT $\(binds.count)",
            binds: binds)
        return try await entries(query, "list")
    }

    /// Every entry (of any namespace) whose key starts with `keyPrefix`.
    public func entries(keyPrefix: String) async throws -> [CacheEntry] {
        try ensureOpen()
        if !options.readOnly { try await flushPending() }
        let prefix = keyPrefix.lowercased()
        var binds = PostgresBindings(capacity: 2)
        binds.append(prefix)
        binds.append(prefix + "g")
        let query = PostgresQuery(
            unsafeSQL: PostgresEntryRow.sql.select + " WHERE key >= $1 AND key < $2 ORDER BY namespace", binds: binds)
        return try await entries(query, "find by key")
    }

    /// Counts, sizes, ages and counters, with this instance's buffered bookkeeping included. `fileBytes` is
    /// the size of the `llmcache_` tables on the server.
    public func statistics() async throws -> StoreStatistics {
        try ensureOpen()
        if !options.readOnly { try await flushPending() }
        var binds = PostgresBindings(capacity: 1)
        binds.append(clock.now().millis)
        let summary = PostgresQuery(
            unsafeSQL: """
                SELECT count(*), coalesce(sum(size), 0)::BIGINT, min(created_at), max(created_at),
                       count(DISTINCT namespace),
                       count(*) FILTER (WHERE expires_at IS NOT NULL AND expires_at <= $1),
                       (SELECT count(*) FROM llmcache_vectors),
                       (SELECT coalesce(sum(length(vector) + octet_length(prompt)), 0)::BIGINT FROM llmcache_vectors),
                       (SELECT count(DISTINCT scope) FROM llmcache_vectors),
                       (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::BIGINT FROM pg_class c
                        WHERE c.relkind = 'r' AND c.relname LIKE 'llmcache\\_%')
                FROM llmcache_entries
                """, binds: binds)
        typealias Summary = (Int64, Int64, Int64?, Int64?, Int64, Int64, Int64, Int64, Int64, Int64)
        let location = self.location
        var statistics = try await access.run("statistics") { client -> StoreStatistics in
            var row: Summary = (0, 0, nil, nil, 0, 0, 0, 0, 0, 0)
            for try await found in try await client.query(summary).decode(Summary.self) { row = found }
            var statistics = StoreStatistics(
                path: location, entries: Int(row.0), bytes: row.1, expiredEntries: Int(row.5), namespaces: Int(row.4),
                oldest: row.2.map(Date.init(millis:)), newest: row.3.map(Date.init(millis:)), fileBytes: row.9,
                layers: [:])
            statistics.semanticEntries = Int(row.6)
            statistics.semanticBytes = row.7
            statistics.semanticScopes = Int(row.8)
            for try await (layer, name, value) in try await client.query(
                "SELECT layer, name, value FROM llmcache_counters"
            ).decode((String, String, Int64).self) {
                statistics.layers[layer, default: LayerCounters()].set(name, value)
            }
            return statistics
        }
        statistics.embedding = try await embeddingSignature()
        return statistics
    }
}
