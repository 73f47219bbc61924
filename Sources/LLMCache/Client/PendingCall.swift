import LLMCore

/// A call the caches could not answer, on its way upstream.
struct PendingCall: Sendable {
    /// The request's exact-cache key.
    var key: CacheKey
    /// The namespace the answer is stored in.
    var namespace: String
    /// What the layers add to the entry that stores the answer (the semantic layer's vector).
    var contributions: [LayerContribution]
    /// Whether the exact cache may answer this request (it may be stored for the other layers only).
    var exactAllowed: Bool

    /// The single-flight key: identical requests in the same namespace share one upstream call.
    var flightKey: String { namespace + "\u{1F}" + key.hex }
}
