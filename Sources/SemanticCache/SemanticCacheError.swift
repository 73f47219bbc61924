import CacheStorage

/// Problems opening a semantic cache.
public enum SemanticCacheError: Error, Equatable, CustomStringConvertible {
    /// The store's vectors were written by another embedder or with another dimension.
    case embedderMismatch(path: String, stored: EmbeddingSignature, given: EmbeddingSignature)
    /// The configured threshold is outside [-1, 1].
    case thresholdOutOfRange(Float)

    public var description: String {
        switch self {
        case .embedderMismatch(let path, let stored, let given):
            "\(path) holds vectors from \(stored), but the embedder given is \(given); vectors from different "
                + "embedders cannot be compared. Use the same embedder, open with reembed: true to re-embed every "
                + "stored prompt, or purge the semantic entries"
        case .thresholdOutOfRange(let value):
            "similarity threshold \(value) is outside [-1, 1]; cosine similarity lies in that range"
        }
    }
}
