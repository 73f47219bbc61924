import Foundation
import LLMCore

/// A hit not yet written to the database.
package struct PendingHit: Sendable {
    package var count = 0
    package var lastHit = Date(timeIntervalSince1970: 0)
    package var expiresAt: Date?

    package init() {}

    /// Decides what a lookup of `entry` gives at `now`, with the hits buffered for it in `pending` applied,
    /// and buffers this hit when `record` is set (extending a sliding expiry).
    package static func resolve(
        _ entry: CacheEntry, pending: inout [Int64: PendingHit], now: Date, maxAge: Duration?, record: Bool
    ) -> StoreLookupResult {
        var entry = entry
        if let buffered = pending[entry.id] {
            entry.hitCount += buffered.count
            entry.lastHitAt = buffered.lastHit
            if let extended = buffered.expiresAt { entry.expiresAt = extended }
        }
        if entry.isExpired(at: now) { return .expired }
        if let maxAge {
            let age = Duration.milliseconds(now.millis.subtractingSaturated(entry.createdAt.millis))
            if age > maxAge { return .tooOld(age: age) }
        }
        if record {
            var hit = pending[entry.id] ?? PendingHit()
            hit.count += 1
            hit.lastHit = now
            if entry.sliding, let ttl = entry.ttl {
                hit.expiresAt = now.addingTimeInterval(ttl.timeInterval)
                entry.expiresAt = hit.expiresAt
            }
            pending[entry.id] = hit
            entry.hitCount += 1
            entry.lastHitAt = now
        }
        return .hit(entry)
    }
}

/// A counter, by layer and name.
package struct CounterKey: Hashable, Sendable {
    package var layer: String
    package var name: String

    package init(layer: String, name: String) {
        self.layer = layer
        self.name = name
    }

    /// Adds `deltas` (by counter name) to `layer`'s counters buffered in `pending`; a zero delta adds nothing.
    package static func buffer(_ deltas: [String: Int64], layer: String, into pending: inout [CounterKey: Int64]) {
        for (name, delta) in deltas where delta != 0 {
            let key = CounterKey(layer: layer, name: name)
            pending[key] = (pending[key] ?? 0).addingSaturated(delta)
        }
    }
}

/// When buffered bookkeeping is written: after `interval`, or at once when `threshold` items are buffered.
package enum FlushTiming {
    /// Starts (or restarts, when now due) the timer in `task` that runs `fire`; `buffered` items wait.
    package static func schedule(
        _ task: inout Task<Void, Never>?, buffered: Int, threshold: Int, interval: Duration,
        fire: @escaping @Sendable () async -> Void
    ) {
        let due = buffered >= threshold
        if let running = task {
            guard due else { return }
            running.cancel()
        }
        let delay = due ? 0 : interval.saturatedMilliseconds
        task = Task {
            if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
            await fire()
        }
    }
}
