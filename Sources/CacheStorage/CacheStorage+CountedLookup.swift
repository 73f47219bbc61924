extension CacheStorage {
    /// Looks up `key` in `namespace` as ``lookup(namespace:key:maxAge:recordHit:)`` does (counting the hit),
    /// and on a hit adds the counters `counters` computes from the entry to `layer`'s, in the same step on
    /// the store's actor: a hit and its counters cost one call into the store, not two.
    ///
    /// `counters` runs on the store's actor, once, only on a hit; it returns `nil` when the caller counts the
    /// hit itself (with ``increment(layer:_:)``), say because it needs the decoded answer for a figure.
    ///
    /// - Parameters:
    ///   - namespace: the namespace the entry was stored in.
    ///   - key: the entry's key.
    ///   - maxAge: refuse entries stored longer ago than this.
    ///   - layer: the layer the counters belong to (`exact`).
    ///   - counters: the deltas to add for the hit of an entry, by counter name (``CounterName``).
    /// - Returns: the lookup's result, and whether the counters were added.
    /// - Throws: the store's errors, as ``lookup(namespace:key:maxAge:recordHit:)`` throws them; a counter that
    ///   cannot be written is not an error of the lookup (it is reported as not counted).
    public func lookup(
        namespace: String, key: String, maxAge: Duration?, countingIn layer: String,
        _ counters: @Sendable (CacheEntry) -> [String: Int64]?
    ) async throws -> (result: StoreLookupResult, counted: Bool) {
        let result = try await lookup(namespace: namespace, key: key, maxAge: maxAge, recordHit: true)
        guard case .hit(let entry) = result, let deltas = counters(entry) else { return (result, false) }
        do {
            try await increment(layer: layer, deltas)
            return (result, true)
        } catch {
            return (result, false)
        }
    }
}
