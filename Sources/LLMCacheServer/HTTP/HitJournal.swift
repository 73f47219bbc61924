import LLMCache
import Synchronization

/// The proxy's recent hits, by namespace and request key, so that a caller can label a hit it was served
/// (`POST /v1/cache/feedback` with the `x-cache-key` it got). Bounded: the oldest hit is forgotten first.
final class HitJournal: Sendable {
    /// How many hits are remembered.
    let capacity: Int
    private let state: Mutex<State>

    private struct State {
        var hits: [String: CacheMetadata] = [:]
        var order: [String] = []
        var head = 0
    }

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        state = Mutex(State())
    }

    private static func key(namespace: String, key: String) -> String { namespace + "\u{0}" + key }

    /// Remembers `cache` when it describes a hit with a key.
    func remember(_ cache: CacheMetadata) {
        guard cache.outcome == .hit, let key = cache.key?.hex else { return }
        let entry = Self.key(namespace: cache.namespace, key: key)
        state.withLock { state in
            if state.hits.updateValue(cache, forKey: entry) != nil { return }
            if state.order.count < capacity {
                state.order.append(entry)
            } else {
                state.hits[state.order[state.head]] = nil
                state.order[state.head] = entry
                state.head = (state.head + 1) % capacity
            }
        }
    }

    /// The hit served in `namespace` to the request with key `key`, if it is still remembered.
    func hit(namespace: String, key: String) -> CacheMetadata? {
        state.withLock { $0.hits[Self.key(namespace: namespace, key: key)] }
    }
}
