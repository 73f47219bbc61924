import CacheStorage
import Foundation
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// Registers the observer told about every change to the stored vectors that reaches this instance:
    /// removals made here (after they commit), and inserts, purges, evictions and expiry sweeps made by any
    /// instance, through `LISTEN/NOTIFY` and the change log. After a lost connection the instance catches up
    /// from the change log, so no change is missed; one that was away longer than
    /// ``PostgresStoreOptions/changeRetention`` is told `VectorChange.reloadNeeded`.
    ///
    /// Call it before loading the index from ``vectors(after:limit:)``: changes from then on are reported.
    public func setVectorObserver(_ observer: (@Sendable (VectorChange) -> Void)?) async {
        vectorObserver = observer
        await feed?.stop()
        feed = nil
        guard let observer, !isClosed else { return }
        let start = try? await access.run("read the change log position") { client in
            try await ChangeFeed.lastSequence(client)
        }
        let feed = ChangeFeed(url: url, access: access, start: start, logger: logger, observer: observer)
        self.feed = feed
        await feed.start()
    }

    /// The embedder that wrote this store's vectors, or `nil` before any did.
    public func embeddingSignature() async throws -> EmbeddingSignature? {
        try ensureOpen()
        let values = try await access.run("read the embedder") { client in
            var values: [String: String] = [:]
            for try await (name, value) in try await client.query(
                "SELECT name, value FROM llmcache_meta WHERE name IN ('embedder', 'dimension')"
            ).decode((String, String).self) {
                values[name] = value
            }
            return values
        }
        guard let model = values["embedder"], let dimension = values["dimension"].flatMap(Int.init) else { return nil }
        return EmbeddingSignature(model: model, dimension: dimension)
    }

    /// Records which embedder writes this store's vectors.
    public func setEmbeddingSignature(_ signature: EmbeddingSignature) async throws {
        try ensureWritable()
        let logger = self.logger
        try await access.run("record the embedder") { client in
            try await client.withTransaction(logger: logger) { connection in
                for (name, value) in [("embedder", signature.model), ("dimension", "\(signature.dimension)")] {
                    try await connection.query(
                        """
                        INSERT INTO llmcache_meta (name, value) VALUES (\(name), \(value))
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value
                        """, logger: logger)
                }
            }
        }
    }

    /// Stored vectors of live entries with ids greater than `id`, in id order, at most `limit` of them.
    public func vectors(after id: Int64, limit: Int) async throws -> [VectorRow] {
        try ensureOpen()
        let now = clock.now().millis
        let limit = Int64(limit)
        return try await access.run("read vectors") { client in
            var rows: [VectorRow] = []
            for try await (entry, scope, bytes) in try await client.query(
                """
                SELECT v.entry_id, v.scope, v.vector FROM llmcache_vectors v
                JOIN llmcache_entries e ON e.id = v.entry_id
                WHERE v.entry_id > \(id) AND (e.expires_at IS NULL OR e.expires_at > \(now))
                ORDER BY v.entry_id LIMIT \(limit)
                """
            ).decode((Int64, String, Data).self) {
                rows.append(
                    VectorRow(
                        id: entry, scope: scope, vector: StoredVector(scope: scope, prompt: "", bytes: bytes).vector))
            }
            return rows
        }
    }

    /// The prompt that was embedded for entry `id`.
    public func prompt(forEntry id: Int64) async throws -> String? {
        try ensureOpen()
        return try await access.run("read a prompt") { client in
            var prompt: String?
            for try await found in try await client.query(
                "SELECT prompt FROM llmcache_vectors WHERE entry_id = \(id)"
            ).decode(String.self) {
                prompt = found
            }
            return prompt
        }
    }

    /// Replaces the vectors of existing entries (for re-embedding), in one transaction.
    public func replaceVectors(_ vectors: [(id: Int64, vector: StoredVector)]) async throws {
        try ensureWritable()
        let logger = self.logger
        let rows = vectors.map { (id: $0.id, scope: $0.vector.scope, prompt: $0.vector.prompt, bytes: $0.vector.bytes) }
        try await access.run("replace vectors") { client in
            try await client.withTransaction(logger: logger) { connection in
                for row in rows {
                    var binds = PostgresBindings(capacity: 4)
                    binds.append(row.id)
                    binds.append(row.scope)
                    binds.append(row.prompt)
                    binds.append(ByteBuffer(bytes: row.bytes))
                    try await connection.query(
                        PostgresQuery(unsafeSQL: PostgresEntryRow.upsertVector, binds: binds), logger: logger)
                }
            }
        }
    }

    /// Removes every stored vector (the entries stay), e.g. before re-embedding.
    public func removeAllVectors() async throws {
        try ensureWritable()
        let logger = self.logger
        let removed = try await access.run("remove vectors") { client in
            try await client.withTransaction(logger: logger) { connection in
                var removed: [RemovedVector] = []
                for try await (id, scope) in try await connection.query(
                    "DELETE FROM llmcache_vectors RETURNING entry_id, scope", logger: logger
                ).decode((Int64, String).self) {
                    removed.append(RemovedVector(id: id, scope: scope))
                }
                try await connection.query(
                    "DELETE FROM llmcache_meta WHERE name IN ('embedder', 'dimension')", logger: logger)
                return removed
            }
        }
        if !removed.isEmpty { vectorObserver?(.removed(removed)) }
    }
}
