import CacheStorage
import Foundation

/// Rate-limit token buckets shared by every process on one database file.
///
/// An update is one `BEGIN IMMEDIATE` transaction: it takes the file's write lock, which every connection
/// of every process on the file respects, so reading the buckets, deciding and writing are one atomic step
/// across processes. The buckets refill by the store's clock: the processes sharing a file run on one
/// machine and read one system clock (a step of that clock back refills nothing; a step forward refills at
/// most a full bucket).
extension SQLiteStore {
    /// Reads the buckets `keys` (a missing one is absent from the rows) and the time under the file's write
    /// lock, hands both to `update`, and writes the rows it returns; buckets full by then are deleted in the
    /// same transaction.
    ///
    /// - Parameters:
    ///   - keys: the buckets to read.
    ///   - update: decides from the rows read and the time (seconds since 1970 on the store's clock);
    ///     returns its answer and the rows to write.
    /// - Returns: `update`'s answer.
    /// - Throws: ``SQLiteStoreError`` when the store is closed, read-only or the file fails; nothing is
    ///   written then.
    public func updateRateBuckets<Answer: Sendable>(
        keys: [String],
        _ update: @Sendable (_ rows: [String: RateBucketRow], _ now: Double) -> (Answer, [RateBucketRow])
    ) throws -> Answer {
        try ensureWritable()
        return try connection.transaction { () throws -> Answer in
            // Read once the lock is held, so a take that waited for it sees the time after the one before.
            let now = clock.now().timeIntervalSince1970
            let read = try connection.prepare(
                "SELECT level, filled_at, full_at FROM rate_buckets WHERE key = ?")
            var rows: [String: RateBucketRow] = [:]
            for key in Set(keys) {
                read.reset()
                read.bind(1, key)
                if try read.step() {
                    rows[key] = RateBucketRow(
                        key: key, level: read.double(0), filledAt: read.double(1), fullAt: read.double(2))
                }
            }
            read.reset()
            let (answer, changed) = update(rows, now)
            let write = try connection.prepare(
                "INSERT OR REPLACE INTO rate_buckets (key, level, filled_at, full_at) VALUES (?, ?, ?, ?)")
            for row in changed {
                write.reset()
                write.bind(1, row.key).bind(2, row.level).bind(3, row.filledAt).bind(4, row.fullAt)
                try write.run()
            }
            let sweep = try connection.prepare("DELETE FROM rate_buckets WHERE full_at <= ?")
            sweep.bind(1, now)
            try sweep.run()
            return answer
        }
    }
}
