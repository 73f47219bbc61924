import CacheStorage

/// Problems opening a semantic cache.
public enum SemanticCacheError: Error, Equatable, CustomStringConvertible {
    /// The store's vectors were written by another embedder or with another dimension.
    case embedderMismatch(path: String, stored: EmbeddingSignature, given: EmbeddingSignature)
    /// The configured threshold is outside [-1, 1].
    case thresholdOutOfRange(Float)
    /// The bounded policy's maximum wrong-hit rate is not strictly between 0 and 1.
    case wrongHitRateOutOfRange(Double)

    public var description: String {
        switch self {
        case .embedderMismatch(let path, let stored, let given):
            "\(path) holds vectors from \(stored), but the embedder given is \(given); vectors from different "
                + "embedders cannot be compared. Use the same embedder, open with reembed: true to re-embed every "
                + "stored prompt, or purge the semantic entries"
        case .thresholdOutOfRange(let value):
            "similarity threshold \(value) is outside [-1, 1]; cosine similarity lies in that range"
        case .wrongHitRateOutOfRange(let value):
            "maximum wrong-hit rate \(value) must lie strictly between 0 and 1, such as 0.02 (2 % of lookups)"
        }
    }
}
