import CacheStorage
import Foundation
import LLMCore

extension SQLiteStore {
    /// Saves `batch`, replacing the one with its id; committed when this returns.
    public func saveBatch(_ batch: StoredBatch) throws {
        try ensureWritable()
        try connection.transaction {
            let statement = try connection.prepare(
                """
                INSERT INTO batches (id, provider, provider_batch_id, status, item_count, created_at, updated_at, document)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    provider = excluded.provider, provider_batch_id = excluded.provider_batch_id,
                    status = excluded.status, item_count = excluded.item_count, updated_at = excluded.updated_at,
                    document = excluded.document
                """)
            statement.bind(1, batch.id).bind(2, batch.provider.rawValue).bind(3, batch.providerBatchID)
            statement.bind(4, batch.status).bind(5, Int64(batch.itemCount)).bind(6, batch.createdAt.millis)
            statement.bind(7, batch.updatedAt.millis).bind(8, batch.document)
            try statement.run()
        }
    }

    /// The batch with `id`, or `nil`.
    public func batch(id: String) throws -> StoredBatch? {
        try ensureOpen()
        let statement = try connection.prepare("\(Self.batchColumns) WHERE id = ?")
        statement.bind(1, id)
        defer { statement.reset() }
        return try statement.step() ? Self.storedBatch(statement) : nil
    }

    /// The newest `limit` batches, newest first.
    public func batches(limit: Int) throws -> [StoredBatch] {
        try ensureOpen()
        let statement = try connection.prepare("\(Self.batchColumns) ORDER BY created_at DESC, id LIMIT ?")
        statement.bind(1, Int64(max(limit, 0)))
        defer { statement.reset() }
        var found: [StoredBatch] = []
        while try statement.step() { found.append(Self.storedBatch(statement)) }
        return found
    }

    private static let batchColumns = """
        SELECT id, provider, provider_batch_id, status, item_count, created_at, updated_at, document FROM batches
        """

    private static func storedBatch(_ row: SQLiteStatement) -> StoredBatch {
        StoredBatch(
            id: row.string(0), provider: ProviderID(rawValue: row.string(1)), providerBatchID: row.optionalString(2),
            status: row.string(3), itemCount: Int(row.int64(4)), createdAt: Date(millis: row.int64(5)),
            updatedAt: Date(millis: row.int64(6)), document: row.string(7))
    }
}
