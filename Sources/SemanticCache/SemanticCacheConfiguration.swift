import LLMCore

/// Settings of the semantic cache.
public struct SemanticCacheConfiguration: Sendable {
    /// Whether the layer is used at all. Default: on (when a ``SemanticCache`` is given to the client).
    public var enabled: Bool = true
    /// How the layer decides to serve a similar question's answer. Default: ``HitPolicy/bounded(maxWrongHitRate:)``
    /// at 0.01, from the shipped calibration (see ``defaultMaxWrongHitRate``).
    ///
    /// Measured with all-MiniLM-L6-v2 on the Quora question-pairs development split (stream protocol,
    /// `cachectl bench hitrate --protocol stream --policy static,guarded,bounded`), a static threshold
    /// cannot do better than its precision plateau (about 0.9 even at τ 0.98); the guards refuse the known
    /// failure classes (numbers, negation, swapped arguments, other names, another scope) whatever the
    /// similarity, and the bounded policy picks the threshold that keeps the wrong-hit rate within its
    /// bound. Measure your own traffic with `cachectl bench hitrate` and refit the calibration on your own
    /// labelled pairs with `cachectl calibrate`.
    public var policy: HitPolicy = .bounded(maxWrongHitRate: SemanticCacheConfiguration.defaultMaxWrongHitRate)
    /// The default policy's maximum wrong-hit rate (wrong answers per semantic lookup).
    public static let defaultMaxWrongHitRate = 0.01
    /// The guards a candidate must pass (with a guarded or bounded policy). Default: all five, English tables.
    public var guards: HitGuards = .standard
    /// The bounded policy's calibration. Default: the shipped one, fitted for all-MiniLM-L6-v2; with another
    /// embedder the bounded policy serves as ``HitPolicy/guarded(threshold:)`` at 0.98 until given one.
    public var calibration: SimilarityCalibration? = .shipped
    /// The bounded policy's learning knobs (exploration, verification, confidence).
    public var bounded: BoundedPolicySettings = .init()
    /// How an explored or verified candidate's stored answer is judged against the fresh one. Default:
    /// the two answers' embeddings at cosine 0.9 or more.
    public var judge: AnswerJudge = .embedding(minimumSimilarity: 0.9)
    /// How many neighbours are considered; the best live one the guards let through is the candidate.
    /// Default: 3.
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

    /// A plain cosine threshold: reading gives the policy's fixed threshold (for a bounded policy, the
    /// threshold it serves at without a calibration); setting it makes the policy
    /// ``HitPolicy/threshold(_:)``, as the layer behaved before policies existed. A request can override it
    /// (`CacheControls.similarityThreshold`).
    public var threshold: Float {
        get { policy.fixedThreshold ?? HitDecider.uncalibratedThreshold }
        set { policy = .threshold(newValue) }
    }

    /// The family of `model`.
    public func family(of model: String) -> String { modelFamilies[model] ?? model }
}

/// How a stored answer is judged against a fresh answer to the same query (for an explored lookup or a
/// verified near miss).
public enum AnswerJudge: Sendable, Hashable {
    /// Right when the texts are equal once case, spacing and punctuation at the ends are ignored: for
    /// deterministic tasks (extraction, classification, arithmetic).
    case normalizedText
    /// Right when the two answers' embeddings (by the layer's embedder) have at least this cosine.
    case embedding(minimumSimilarity: Float)
    /// Right when a model says so: the client asks `model` (through its upstream, budgeted, priced and
    /// recorded like any call, with the cost tag `purpose=cache-judge`) whether the two answers say the same.
    case model(String)
}
