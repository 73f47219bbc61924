import CacheStorage
import Foundation
import LLMCore
import PostgresNIO

extension PostgresStore {
    /// Saves `batch`, replacing the one with its id; committed when this returns.
    public func saveBatch(_ batch: StoredBatch) async throws {
        try ensureWritable()
        try await access.run("save a batch") { client in
            try await client.query(
                """
                INSERT INTO llmcache_batches (id, provider, provider_batch_id, status, item_count, created_at,
                                              updated_at, document)
                VALUES (\(batch.id), \(batch.provider.rawValue), \(batch.providerBatchID), \(batch.status),
                        \(Int64(batch.itemCount)), \(batch.createdAt.millis), \(batch.updatedAt.millis),
                        \(batch.document))
                ON CONFLICT (id) DO UPDATE SET
                    provider = excluded.provider, provider_batch_id = excluded.provider_batch_id,
                    status = excluded.status, item_count = excluded.item_count, updated_at = excluded.updated_at,
                    document = excluded.document
                """)
        }
    }

    /// The batch with `id`, or `nil`.
    public func batch(id: String) async throws -> StoredBatch? {
        try ensureOpen()
        return try await access.run("read a batch") { client in
            try await Self.storedBatches(
                client.query(
                    """
                    SELECT id, provider, provider_batch_id, status, item_count, created_at, updated_at, document
                    FROM llmcache_batches WHERE id = \(id)
                    """)
            ).first
        }
    }

    /// The newest `limit` batches, newest first.
    public func batches(limit: Int) async throws -> [StoredBatch] {
        try ensureOpen()
        let limit = Int64(max(limit, 0))
        return try await access.run("list batches") { client in
            try await Self.storedBatches(
                client.query(
                    """
                    SELECT id, provider, provider_batch_id, status, item_count, created_at, updated_at, document
                    FROM llmcache_batches ORDER BY created_at DESC, id LIMIT \(limit)
                    """))
        }
    }

    private static func storedBatches(_ rows: PostgresRowSequence) async throws -> [StoredBatch] {
        var found: [StoredBatch] = []
        for try await (id, provider, providerID, status, count, created, updated, document) in rows.decode(
            (String, String, String?, String, Int64, Int64, Int64, String).self)
        {
            found.append(
                StoredBatch(
                    id: id, provider: ProviderID(rawValue: provider), providerBatchID: providerID, status: status,
                    itemCount: Int(count), createdAt: Date(millis: created), updatedAt: Date(millis: updated),
                    document: document))
        }
        return found
    }
}
