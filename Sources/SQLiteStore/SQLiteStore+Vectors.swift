import CacheStorage
import Foundation

extension SQLiteStore {
    /// Registers the one observer told about every vector that leaves the store (purge, eviction, expiry
    /// sweep), after the deleting transaction commits. The semantic index uses it to stay in step. A SQLite
    /// store has no other writers it follows, so the observer is only ever told of removals.
    public func setVectorObserver(_ observer: (@Sendable (VectorChange) -> Void)?) {
        vectorObserver = observer
    }

    /// The embedder that wrote this store's vectors, or `nil` before any did.
    public func embeddingSignature() throws -> EmbeddingSignature? {
        try ensureOpen()
        let statement = try connection.prepare("SELECT name, value FROM meta WHERE name IN ('embedder', 'dimension')")
        var values: [String: String] = [:]
        while try statement.step() { values[statement.string(0)] = statement.string(1) }
        guard let model = values["embedder"], let dimension = values["dimension"].flatMap(Int.init) else { return nil }
        return EmbeddingSignature(model: model, dimension: dimension)
    }

    /// Records which embedder writes this store's vectors.
    public func setEmbeddingSignature(_ signature: EmbeddingSignature) throws {
        try ensureWritable()
        try connection.transaction {
            let upsert = try connection.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)")
            for (name, value) in [("embedder", signature.model), ("dimension", "\(signature.dimension)")] {
                upsert.reset()
                upsert.bind(1, name).bind(2, value)
                try upsert.run()
            }
        }
    }

    /// Removes every stored vector (the entries stay, for the exact layer), e.g. before re-embedding.
    public func removeAllVectors() throws {
        try ensureWritable()
        let removed = try connection.transaction {
            let vectors = try removedVectors(where: "1", [])
            try connection.execute("DELETE FROM vectors; DELETE FROM meta WHERE name IN ('embedder', 'dimension')")
            return vectors
        }
        notifyRemoved(removed)
        try refreshTotals()
    }

    /// Stored vectors with ids greater than `id`, in id order, at most `limit` of them: page through all
    /// of them to load an index. Expired entries are left out.
    public func vectors(after id: Int64, limit: Int) throws -> [VectorRow] {
        try ensureOpen()
        let statement = try connection.prepare(
            """
            SELECT v.entry_id, v.scope, v.vector FROM vectors v JOIN entries e ON e.id = v.entry_id
            WHERE v.entry_id > ? AND (e.expires_at IS NULL OR e.expires_at > ?) ORDER BY v.entry_id LIMIT ?
            """)
        statement.bind(1, id).bind(2, clock.now().millis).bind(3, Int64(limit))
        var rows: [VectorRow] = []
        while try statement.step() {
            let stored = StoredVector(scope: "", prompt: "", bytes: statement.data(2))
            rows.append(VectorRow(id: statement.int64(0), scope: statement.string(1), vector: stored.vector))
        }
        return rows
    }

    /// The prompt that was embedded for entry `id`.
    public func prompt(forEntry id: Int64) throws -> String? {
        try ensureOpen()
        let statement = try connection.prepare("SELECT prompt FROM vectors WHERE entry_id = ?")
        statement.bind(1, id)
        guard try statement.step() else { return nil }
        let prompt = statement.string(0)
        statement.reset()
        return prompt
    }

    /// The vectors of the entries `clause` selects, read inside the deleting transaction.
    func removedVectors(where clause: String, _ bindings: [SQLBinding]) throws -> [RemovedVector] {
        let statement = try connection.prepare(
            "SELECT v.entry_id, v.scope FROM vectors v JOIN entries e ON e.id = v.entry_id WHERE \(clause)")
        statement.bind(bindings)
        var removed: [RemovedVector] = []
        while try statement.step() { removed.append(RemovedVector(id: statement.int64(0), scope: statement.string(1))) }
        return removed
    }

    func notifyRemoved(_ removed: [RemovedVector]) {
        guard !removed.isEmpty else { return }
        vectorObserver?(.removed(removed))
    }
}

extension SQLiteStore {
    /// Replaces the vectors of existing entries (for re-embedding), in one transaction.
    public func replaceVectors(_ vectors: [(id: Int64, vector: StoredVector)]) throws {
        try ensureWritable()
        try connection.transaction {
            let replace = try connection.prepare(
                "INSERT OR REPLACE INTO vectors (entry_id, scope, prompt, vector) VALUES (?, ?, ?, ?)")
            for (id, stored) in vectors {
                replace.reset()
                replace.bind(1, id).bind(2, stored.scope).bind(3, stored.prompt).bind(4, stored.bytes)
                try replace.run()
            }
        }
    }
}
