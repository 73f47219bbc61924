import CostControl
import Foundation
import SQLiteStore

/// Rate-limit token buckets kept in an SQLite cache file and shared by every process that opens it, for
/// `RateLimiter`.
///
/// Each take is one `BEGIN IMMEDIATE` transaction in the store (see `updateRateBuckets(keys:_:)`): the
/// file's write lock serialises takes across processes, so two proxies on one file never pass a rate
/// together, and a process that finds the lock taken waits for it (up to the store's busy timeout). The
/// buckets refill by the store's clock, which is the one system clock of the machine all those processes
/// run on.
public struct SQLiteRateBuckets: SharedRateBuckets {
    /// The store whose file holds the buckets.
    public let store: SQLiteStore

    /// Buckets kept in `store`'s file.
    ///
    /// - Parameter store: the store.
    public init(store: SQLiteStore) {
        self.store = store
    }

    /// Takes every draw's amount from its bucket, all or none, under the file's write lock.
    public func take(_ draws: [RateBucketDraw]) async throws -> RateBucketTake {
        guard !draws.isEmpty else { return .taken }
        let keys = draws.map(\.key)
        return try await store.updateRateBuckets(keys: keys) { rows, now in
            var buckets = RateBuckets(
                levels: rows.mapValues { RateBucketLevel(level: $0.level, filledAt: $0.filledAt, fullAt: $0.fullAt) })
            let outcome = buckets.take(draws, at: now)
            guard outcome == .taken else { return (outcome, []) }
            let changed = Set(keys).sorted().compactMap { key in
                buckets.levels[key].map {
                    RateBucketRow(key: key, level: $0.level, filledAt: $0.filledAt, fullAt: $0.fullAt)
                }
            }
            return (outcome, changed)
        }
    }
}

extension SQLiteStore {
    /// Rate-limit buckets kept in this file and shared by every process on it, for `RateLimiter`.
    public nonisolated var sharedRateBuckets: SQLiteRateBuckets { SQLiteRateBuckets(store: self) }
}
