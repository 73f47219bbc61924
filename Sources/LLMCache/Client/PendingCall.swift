import LLMCore

/// A call the caches could not answer, on its way upstream.
struct PendingCall: Sendable {
    /// The request's exact-cache key.
    var key: CacheKey
    /// The namespace the answer is stored in.
    var namespace: String
    /// The semantic layer's embedding of the request, when that layer took part.
    var probe: SemanticProbe?
    /// Whether the exact cache may answer this request (it may be stored for the semantic layer only).
    var exactAllowed: Bool

    /// The single-flight key: identical requests in the same namespace share one upstream call.
    var flightKey: String { namespace + "\u{1F}" + key.hex }
}
