import CacheStorage
import Foundation
import LLMCore
import Logging

extension SQLiteStore {
    /// Arranges for buffered bookkeeping to be written soon, off the caller's path.
    func scheduleFlush() {
        FlushTiming.schedule(
            &flushTask, buffered: pendingHits.count + pendingCounters.count, threshold: options.flushThreshold,
            interval: options.flushInterval
        ) { [weak self] in await self?.flushFromTimer() }
    }

    private func flushFromTimer() {
        flushTask = nil
        guard !isClosed else { return }
        do {
            try flushPending()
        } catch {
            logger.warning("could not write hit bookkeeping; will retry", metadata: ["error": "\(error)"])
            scheduleFlush()
        }
    }

    /// Writes buffered hits and counters in one transaction. On failure nothing is lost: the buffers stay.
    func flushPending() throws {
        guard !pendingHits.isEmpty || !pendingCounters.isEmpty else { return }
        let hits = pendingHits
        let counters = pendingCounters
        try connection.transaction {
            let touch = try connection.prepare(
                """
                UPDATE entries SET hit_count = hit_count + ?, last_hit_at = max(coalesce(last_hit_at, 0), ?),
                    last_used_at = max(last_used_at, ?), expires_at = coalesce(?, expires_at)
                WHERE id = ?
                """)
            for (id, hit) in hits {
                touch.reset()
                let last = hit.lastHit.millis
                touch.bind(1, Int64(hit.count)).bind(2, last).bind(3, last).bind(4, hit.expiresAt?.millis).bind(5, id)
                try touch.run()
            }
            let add = try connection.prepare(
                "INSERT INTO counters (layer, name, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (layer, name) DO UPDATE SET value = value + excluded.value")
            for (key, delta) in counters {
                add.reset()
                add.bind(1, key.layer).bind(2, key.name).bind(3, delta)
                try add.run()
            }
        }
        pendingHits.removeAll(keepingCapacity: true)
        pendingCounters.removeAll(keepingCapacity: true)
    }

    /// Removes expired entries, then least recently used ones, until the store is within its limits.
    func evictIfNeeded() throws {
        let overCount = options.maxEntries.map { totalEntries > $0 } ?? false
        let overBytes = options.maxBytes.map { totalBytes > Int64($0) } ?? false
        guard overCount || overBytes else { return }
        try flushPending()
        try refreshTotals()
        let before = (totalEntries, totalBytes)
        let expiredClause = "expires_at IS NOT NULL AND expires_at <= ?"
        let now: [SQLBinding] = [.int(clock.now().millis)]
        notifyRemoved(
            try connection.transaction {
                let vectors = try removedVectors(where: expiredClause, now)
                let expired = try connection.prepare("DELETE FROM entries WHERE \(expiredClause)")
                expired.bind(now)
                try expired.run()
                return vectors
            })
        try refreshTotals()
        var count = totalEntries
        var bytes = totalBytes
        let maxCount = options.maxEntries ?? Int.max
        let maxBytes = Int64(options.maxBytes ?? Int.max)
        guard count > maxCount || bytes > maxBytes else {
            logEviction(before: before)
            return
        }
        var victims: [Int64] = []
        let oldest = try connection.prepare("SELECT id, size FROM entries ORDER BY last_used_at, id")
        while count > maxCount || bytes > maxBytes, try oldest.step() {
            victims.append(oldest.int64(0))
            count -= 1
            bytes -= oldest.int64(1)
        }
        oldest.reset()
        notifyRemoved(
            try connection.transaction {
                let scopeOf = try connection.prepare("SELECT scope FROM vectors WHERE entry_id = ?")
                let delete = try connection.prepare("DELETE FROM entries WHERE id = ?")
                var removed: [RemovedVector] = []
                for id in victims {
                    scopeOf.reset()
                    scopeOf.bind(1, id)
                    if try scopeOf.step() { removed.append(RemovedVector(id: id, scope: scopeOf.string(0))) }
                    delete.reset()
                    delete.bind(1, id)
                    try delete.run()
                }
                scopeOf.reset()
                return removed
            })
        try refreshTotals()
        logEviction(before: before)
    }

    private func logEviction(before: (Int, Int64)) {
        logger.debug(
            "evicted entries",
            metadata: ["entries": "\(before.0 - totalEntries)", "bytes": "\(before.1 - totalBytes)"])
    }
}
