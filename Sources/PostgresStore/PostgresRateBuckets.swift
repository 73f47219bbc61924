import CostControl
import Foundation
import LLMCore
import PostgresNIO
import Synchronization

/// Rate-limit token buckets kept in the PostgreSQL store and shared by every instance, for `RateLimiter`.
///
/// A take is one transaction: one statement creates the missing buckets (full), locks every bucket of the
/// call (in key order, so two takes never deadlock) and reads their levels and the server's clock after the
/// locks are held; a second writes the new levels when every draw fits. Takes on one bucket are so
/// serialised by its row lock, and all of them refill by one clock, the server's, whatever the instances'
/// clocks say. Buckets that have refilled completely equal new ones and are deleted, by each instance at
/// most once per ``sweepInterval``.
public final class PostgresRateBuckets: SharedRateBuckets {
    let access: DatabaseAccess
    /// How often an instance deletes the buckets that are full again.
    public let sweepInterval: Duration
    private let lastSweep = Mutex<ContinuousClock.Instant?>(nil)

    init(access: DatabaseAccess, sweepInterval: Duration = .seconds(60)) {
        self.access = access
        self.sweepInterval = sweepInterval
    }

    /// Takes every draw's amount from its bucket, all or none, at the server's time.
    public func take(_ draws: [RateBucketDraw]) async throws -> RateBucketTake {
        guard !draws.isEmpty else { return .taken }
        var capacities: [String: Double] = [:]
        for draw in draws { capacities[draw.key] = max(capacities[draw.key] ?? 0, draw.capacity) }
        let keys = capacities.keys.sorted()
        let full = keys.map { capacities[$0] ?? 0 }
        let logger = access.logger
        let location = access.location
        let outcome = try await access.run("take rate buckets") { client in
            try await client.withTransaction(logger: logger) { connection -> RateBucketTake in
                var buckets = RateBuckets()
                var now = -Double.infinity
                // Rows are inserted or locked one after the other in key order; the clock read for the last
                // row comes after every lock is held (each row's value is computed once it is locked).
                let rows = try await connection.query(
                    """
                    INSERT INTO llmcache_rate_buckets AS b (key, level, filled_at, full_at)
                    SELECT key, level, 0, 0 FROM unnest(\(keys)::TEXT[], \(full)::DOUBLE PRECISION[]) AS t(key, level)
                    ORDER BY key
                    ON CONFLICT (key) DO UPDATE SET level = b.level
                    RETURNING b.key, b.level, b.filled_at, b.full_at,
                        extract(epoch FROM clock_timestamp())::DOUBLE PRECISION
                    """, logger: logger)
                for try await (key, level, filledAt, fullAt, at) in rows.decode(
                    (String, Double, Double, Double, Double).self)
                {
                    buckets.levels[key] = RateBucketLevel(level: level, filledAt: filledAt, fullAt: fullAt)
                    now = max(now, at)
                }
                // Every bucket is inserted or locked, so each has a row; without one, nothing is decided here.
                guard buckets.levels.count == keys.count, now.isFinite else {
                    throw PostgresStoreError.server(
                        location: location, state: "?", message: "the rate buckets were not all read back")
                }
                let outcome = buckets.take(draws, at: now)
                guard outcome == .taken else { return outcome }
                let levels = keys.map { buckets.levels[$0] ?? RateBucketLevel(level: 0, filledAt: now, fullAt: now) }
                try await connection.query(
                    """
                    UPDATE llmcache_rate_buckets AS b
                    SET level = t.level, filled_at = t.filled_at, full_at = t.full_at
                    FROM unnest(\(keys)::TEXT[], \(levels.map(\.level))::DOUBLE PRECISION[],
                        \(levels.map(\.filledAt))::DOUBLE PRECISION[], \(levels.map(\.fullAt))::DOUBLE PRECISION[])
                        AS t(key, level, filled_at, full_at)
                    WHERE b.key = t.key
                    """, logger: logger)
                return .taken
            }
        }
        try? await sweepIfDue()
        return outcome
    }

    /// Deletes the buckets that are full again, when this instance has not done so for ``sweepInterval``.
    private func sweepIfDue() async throws {
        let instant = ContinuousClock.now
        let due = lastSweep.withLock { last -> Bool in
            if let previous = last, instant - previous < sweepInterval { return false }
            last = instant
            return true
        }
        guard due else { return }
        try await access.run("sweep rate buckets") { client in
            try await client.query(
                "DELETE FROM llmcache_rate_buckets WHERE full_at <= extract(epoch FROM clock_timestamp())")
        }
    }
}

extension PostgresStore {
    /// Rate-limit buckets kept in this database and shared by every instance, for `RateLimiter`.
    public nonisolated var sharedRateBuckets: PostgresRateBuckets { PostgresRateBuckets(access: access) }
}
