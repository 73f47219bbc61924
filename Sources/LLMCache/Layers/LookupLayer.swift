import CacheStorage
import LLMCore

/// One cache layer in front of the upstream: the shape every layer has, so that the client consults them in
/// turn without knowing which is which.
///
/// A call asks each layer, in the client's order, whether it takes part (``participation(in:controls:)``,
/// cheap, before the request's key is computed), then looks the call up in the layers that do
/// (``lookUp(_:serve:bookkeeping:)``), stopping at the first answer. On a miss the answer is stored once,
/// as one entry of the store, with what each layer contributed to it (a vector, say); after the store
/// commits it each layer hears of the entry's id. The layers share the store, and so its TTL, expiry and
/// eviction rules: an entry evicted or purged is gone from every layer.
///
/// Adding a layer is a type conforming here, in a file of its own, plus its place in ``CachedClient``'s
/// list of layers.
protocol LookupLayer: Sendable {
    /// The layer's identity in metadata, counters and logs.
    var layer: CacheLayer { get }

    /// Whether this layer takes part in `request`: decided from the request and the controls alone.
    func participation(in request: LLMRequest, controls: CacheControls) -> LayerParticipation

    /// Looks `call` up. The layer prepares what it needs (an embedding, say), counting and failing open
    /// through `bookkeeping`, and returns its answer when `serve` is set and it has one. A layer that cannot
    /// serve still returns what it adds to the entry that will store the call's answer.
    ///
    /// - Throws: ``CacheUnavailableError`` when the store cannot be read and the client fails calls then
    ///   (from ``LayerBookkeeping/lookUpStep(_:_:_:)``), or an error computing the request's parts.
    func lookUp(_ call: LayerCall, serve: Bool, bookkeeping: LayerBookkeeping) async throws -> LayerLookup
}

/// Whether a layer takes part in one call.
enum LayerParticipation: Sendable {
    /// The layer looks the call up.
    case takesPart
    /// The layer passes this call by, for `reason`; counted as the layer's bypass when no layer takes part.
    case passes(reason: String)
    /// The layer is off or does not apply; nothing is counted.
    case absent
}

/// One call, as the layers see it.
struct LayerCall: Sendable {
    /// The request, as the caller wrote it.
    var request: LLMRequest
    /// Its exact-cache key.
    var key: CacheKey
    /// The namespace it is looked up and stored in.
    var namespace: String
    /// The caller's controls.
    var controls: CacheControls
    /// The counters of a hit on an entry, for a layer that counts its hit in the lookup itself; `nil` when
    /// the client counts it afterwards (it needs the decoded answer to price it).
    var hitCounters: @Sendable (CacheEntry) -> [String: Int64]? = { _ in nil }
}

/// What a layer's lookup found.
enum LayerLookup: Sendable {
    /// An answer to serve.
    case hit(LayerHit)
    /// Looked up, nothing to serve (counted as the layer's miss); what the layer adds to the stored answer.
    case missed(LayerContribution?)
    /// Not looked up (the caller asked not to be served, or the request cannot use the layer after all).
    case skipped(LayerContribution?)
}

/// A stored answer a layer serves.
struct LayerHit: Sendable {
    /// The answer and the entry it came from.
    var answer: CachedAnswer
    /// For a similarity match: its cosine similarity.
    var similarity: Float? = nil
    /// For a similarity match: the stored prompt it matched.
    var matchedPrompt: String? = nil
    /// For a similarity match: the scope it was found in.
    var scope: String? = nil
    /// Whether the lookup already counted the hit under the layer (with ``LayerCall/hitCounters``).
    var counted = false
}

/// What a layer adds to the entry that stores a call's answer, and what it does once the entry is stored.
struct LayerContribution: Sendable {
    /// A vector to store with the entry.
    var vector: StoredVector?
    /// Told the stored entry's row id once the store committed it.
    var stored: @Sendable (Int64) -> Void
    /// Told the fresh answer once the upstream gave it (with the client, to judge through its upstream);
    /// `nil` when the layer has nothing to do with it.
    var answered: (@Sendable (LLMResponse, CachedClient) async -> Void)? = nil
}
