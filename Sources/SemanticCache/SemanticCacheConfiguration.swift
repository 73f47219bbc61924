import LLMCore

/// Settings of the semantic cache.
public struct SemanticCacheConfiguration: Sendable {
    /// Whether the layer is used at all. Default: on (when a ``SemanticCache`` is given to the client).
    public var enabled: Bool = true
    /// The cosine similarity a stored prompt needs to be served for a new one; a request can override it.
    ///
    /// Default: 0.98, the lowest threshold at which all-MiniLM-L6-v2 reaches precision 0.90 on the Quora
    /// question-pairs development split ("pairs" protocol: precision 0.900, recall 0.195, hit rate 8.5 %;
    /// at 0.95: 0.810 / 0.317 / 15.4 %; at 0.90: 0.702 / 0.506 / 28.3 %). Lower it for more hits at the cost
    /// of more wrong answers; measure your own traffic with `cachectl bench hitrate`. Questions that differ
    /// only in word order ("monthly to annual" against "annual to monthly") score above 0.99 and cannot be
    /// told apart by any threshold.
    public var threshold: Float = 0.98
    /// How many neighbours are considered; the best live one is served. Default: 3.
    public var candidates: Int = 3
    /// The longest an embedding may take before the call goes on uncached. Default: 2 seconds.
    public var embeddingTimeout: Duration = .seconds(2)
    /// Model families: a model id maps to a family name shared with other ids, so that (for example) a dated
    /// snapshot and its alias share cached answers. Ids not listed are their own family.
    public var modelFamilies: [String: String] = [:]
    /// Serve non-deterministic calls (temperature ≠ 0) from the semantic layer. Default: off, as for the
    /// exact layer; a request can opt in with `allowNonDeterministic`.
    public var cacheNonDeterministic: Bool = false

    public init() {}

    /// The family of `model`.
    public func family(of model: String) -> String { modelFamilies[model] ?? model }
}
