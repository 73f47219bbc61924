import CacheStorage
import CostControl
import Foundation

/// The cost ledger kept in the cache's store (SQLite or PostgreSQL), so that `cachectl stats` shows spend by model, tag
/// and day, and a daily budget survives restarts.
public struct StoreCostLedger: CostLedger {
    /// The store holding the ledger table.
    public let store: any CacheStorage

    public init(store: any CacheStorage) { self.store = store }

    public func append(_ record: CostRecord) async throws {
        try await store.appendLedger(
            LedgerRow(
                recordID: record.id.uuidString, at: record.timestamp, provider: record.provider.rawValue,
                model: record.model, inputTokens: record.usage.inputTokens, outputTokens: record.usage.outputTokens,
                cacheReadTokens: record.usage.cacheReadInputTokens,
                cacheWrite5mTokens: record.usage.cacheWrite5mInputTokens,
                cacheWrite1hTokens: record.usage.cacheWrite1hInputTokens, cost: record.cost,
                tags: record.tags, attempt: record.attempt))
    }

    public func totalSpent(in interval: DateInterval) async throws -> MicroDollars {
        try await store.ledgerSpent(from: interval.start, to: interval.end)
    }

    public func totalSpent(in interval: DateInterval, tag: CostTag) async throws -> MicroDollars {
        try await store.ledgerSpent(from: interval.start, to: interval.end, tag: tag)
    }
}
