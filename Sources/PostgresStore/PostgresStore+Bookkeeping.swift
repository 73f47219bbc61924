import CacheStorage
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Arranges for buffered bookkeeping to be written soon, off the caller's path.
    func scheduleFlush() {
        FlushTiming.schedule(
            &flushTask, buffered: pendingHits.count + pendingCounters.count, threshold: options.flushThreshold,
            interval: options.flushInterval
        ) { [weak self] in await self?.flushFromTimer() }
    }

    private func flushFromTimer() async {
        flushTask = nil
        guard !isClosed, !Task.isCancelled else { return }
        do {
            try await flushPending()
            try await pruneChangesIfDue()
        } catch {
            logger.debug("could not write hit bookkeeping; will retry", metadata: ["error": "\(error)"])
            scheduleFlush()
        }
    }

    /// Writes buffered hits and counters in one transaction, after any write already under way. On failure
    /// nothing is lost: what was taken from the buffers goes back into them. The write runs in a task of its
    /// own, so a cancelled caller never leaves it half done.
    func flushPending() async throws {
        // Awaiting a finished task does not suspend, so a caller that waited for a write must clear it
        // itself: the write's own caller may not have run again yet, and looping on `flushing` until it does
        // would hold the actor forever.
        while let running = flushing {
            _ = try? await running.value
            if flushing == running { flushing = nil }
        }
        guard !pendingHits.isEmpty || !pendingCounters.isEmpty else { return }
        let hits = pendingHits
        let counters = pendingCounters
        pendingHits.removeAll(keepingCapacity: true)
        pendingCounters.removeAll(keepingCapacity: true)
        let write = Task { try await Self.write(hits: hits, counters: counters, access: access, logger: logger) }
        flushing = write
        defer { if flushing == write { flushing = nil } }
        do {
            try await write.value
        } catch {
            for (id, hit) in hits {
                var merged = pendingHits[id] ?? PendingHit()
                merged.count += hit.count
                merged.lastHit = max(merged.lastHit, hit.lastHit)
                merged.expiresAt = merged.expiresAt ?? hit.expiresAt
                pendingHits[id] = merged
            }
            for (key, delta) in counters { pendingCounters[key] = (pendingCounters[key] ?? 0).addingSaturated(delta) }
            throw error
        }
    }

    private static func write(
        hits: [Int64: PendingHit], counters: [CounterKey: Int64], access: DatabaseAccess, logger: Logger
    ) async throws {
        try await access.run("write hit bookkeeping") { client in
            try await client.withTransaction(logger: logger) { connection in
                // Rows are locked in one order (by id, then by counter name) in every instance: in the order
                // of a dictionary, which differs per process, two instances flushing at once could deadlock.
                for (id, hit) in hits.sorted(by: { $0.key < $1.key }) {
                    let last = hit.lastHit.millis
                    try await connection.query(
                        """
                        UPDATE llmcache_entries SET hit_count = hit_count + \(Int64(hit.count)),
                            last_hit_at = greatest(coalesce(last_hit_at, 0), \(last)),
                            last_used_at = greatest(last_used_at, \(last)),
                            expires_at = coalesce(\(hit.expiresAt?.millis), expires_at)
                        WHERE id = \(id)
                        """, logger: logger)
                }
                for (key, delta) in counters.sorted(by: { ($0.key.layer, $0.key.name) < ($1.key.layer, $1.key.name) }) {
                    try await connection.query(
                        """
                        INSERT INTO llmcache_counters (layer, name, value) VALUES (\(key.layer), \(key.name), \(delta))
                        ON CONFLICT (layer, name) DO UPDATE SET value = llmcache_counters.value + excluded.value
                        """, logger: logger)
                }
            }
        }
    }

    /// Removes expired entries, then least recently used ones, until the database is within the limits
    /// (counted over every instance's entries).
    func evictIfNeeded() async throws {
        guard options.maxEntries != nil || options.maxBytes != nil else { return }
        let maxEntries = Int64(options.maxEntries ?? Int.max)
        let maxBytes = Int64(options.maxBytes ?? Int.max)
        let (count, bytes) = try await access.run("count entries") { client in
            var totals: (Int64, Int64) = (0, 0)
            for try await row in try await client.query(
                "SELECT count(*), coalesce(sum(size), 0)::BIGINT FROM llmcache_entries"
            ).decode((Int64, Int64).self) {
                totals = row
            }
            return totals
        }
        guard count > maxEntries || bytes > maxBytes else { return }
        try await flushPending()
        var binds = PostgresBindings(capacity: 1)
        binds.append(clock.now().millis)
        let expired = try await delete(where: "expires_at IS NOT NULL AND expires_at <= $1", binds, "evict expired")
        var limits = PostgresBindings(capacity: 2)
        limits.append(maxEntries)
        limits.append(maxBytes)
        // Keep the most recently used entries that fit both limits; delete the rest.
        let oldest = try await delete(
            where: """
                id IN (SELECT id FROM (
                    SELECT id, row_number() OVER newest_first AS n, sum(size) OVER newest_first AS running
                    FROM llmcache_entries WINDOW newest_first AS (ORDER BY last_used_at DESC, id DESC)
                ) ranked WHERE n > $1 OR running > $2)
                """, limits, "evict")
        logger.debug(
            "evicted entries",
            metadata: [
                "entries": "\(expired.entries + oldest.entries)", "bytes": "\(expired.bytes + oldest.bytes)",
            ])
    }

    /// Drops changes older than ``PostgresStoreOptions/changeRetention`` from the change log, at most once a
    /// minute per instance, and records the last dropped sequence number so that an instance away longer
    /// knows to reload.
    func pruneChangesIfDue() async throws {
        guard !options.readOnly else { return }
        let now = ContinuousClock.now
        if let last = lastChangePrune, now - last < .seconds(60) { return }
        lastChangePrune = now
        let retention = options.changeRetention.saturatedMilliseconds
        try await access.run("prune the change log") { client in
            try await client.query(
                """
                WITH gone AS (
                    DELETE FROM llmcache_changes
                    WHERE at < (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT - \(retention) RETURNING seq)
                INSERT INTO llmcache_meta (name, value)
                SELECT 'changes_pruned_through', max(seq)::TEXT FROM gone HAVING max(seq) IS NOT NULL
                ON CONFLICT (name) DO UPDATE
                SET value = greatest(llmcache_meta.value::BIGINT, excluded.value::BIGINT)::TEXT
                """)
        }
    }
}
