import LLMCore

/// Settings of the semantic cache.
public struct SemanticCacheConfiguration: Sendable {
    /// Whether the layer is used at all. Default: on (when a ``SemanticCache`` is given to the client).
    public var enabled: Bool
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
    public var policy: HitPolicy
    /// The default policy's maximum wrong-hit rate (wrong answers per semantic lookup).
    public static let defaultMaxWrongHitRate = 0.01
    /// The guards a candidate must pass (with a guarded or bounded policy). Default: all five, English tables.
    public var guards: HitGuards
    /// The bounded policy's calibration. Default: the shipped one, fitted for all-MiniLM-L6-v2; with another
    /// embedder the bounded policy serves as ``HitPolicy/guarded(threshold:)`` at 0.98 until given one.
    public var calibration: SimilarityCalibration?
    /// The bounded policy's learning knobs (exploration, verification, confidence). Default:
    /// `BoundedPolicySettings()`, with the defaults its properties document.
    public var bounded: BoundedPolicySettings
    /// How an explored or verified candidate's stored answer is judged against the fresh one. Default:
    /// the two answers' embeddings at cosine 0.9 or more.
    public var judge: AnswerJudge
    /// How many neighbours are considered; the best live one the guards let through is the candidate.
    /// Default: 3.
    public var candidates: Int
    /// The longest an embedding may take before the call goes on uncached. Default: 2 seconds.
    public var embeddingTimeout: Duration
    /// Model families: a model id maps to a family name shared with other ids, so that (for example) a dated
    /// snapshot and its alias share cached answers. Ids not listed are their own family. Default: none.
    public var modelFamilies: [String: String]
    /// Serve non-deterministic calls (temperature ≠ 0) from the semantic layer. Default: off, as for the
    /// exact layer; a request can opt in with `allowNonDeterministic`.
    public var cacheNonDeterministic: Bool
    /// How one lookup reads the similarity index. Default: ``SemanticIndex/Scan/int8`` (an int8 scan with
    /// exact float32 rescoring: the float32 answers, faster, for 25 % more index memory).
    public var indexScan: SemanticIndex.Scan
    /// When a large scope is searched through an approximate partition. Default: ``ApproximateSearch/default``
    /// (from 250,000 entries in one scope).
    public var approximateSearch: ApproximateSearch

    /// A configuration; each parameter sets the property of the same name, and every default is the
    /// documented one.
    ///
    /// For a plain cosine threshold, as setting ``threshold`` gives, pass `policy: .threshold(τ)`.
    ///
    /// - Parameters:
    ///   - enabled: whether the layer is used. Default: `true`.
    ///   - policy: how the layer decides to serve a similar question's answer. Default:
    ///     `.bounded(maxWrongHitRate: 0.01)` (``defaultMaxWrongHitRate``).
    ///   - guards: the guards a candidate must pass. Default: ``HitGuards/standard``.
    ///   - calibration: the bounded policy's calibration. Default: ``SimilarityCalibration/shipped``.
    ///   - bounded: the bounded policy's learning knobs. Default: `BoundedPolicySettings()`.
    ///   - judge: how an explored or verified candidate's answer is judged. Default:
    ///     `.embedding(minimumSimilarity: 0.9)`.
    ///   - candidates: how many neighbours are considered. Default: 3.
    ///   - embeddingTimeout: the longest an embedding may take. Default: 2 seconds.
    ///   - modelFamilies: model id → family name. Default: none.
    ///   - cacheNonDeterministic: serve non-deterministic calls from the layer. Default: `false`.
    ///   - indexScan: how one lookup reads the index. Default: ``SemanticIndex/Scan/int8``.
    ///   - approximateSearch: when large scopes are partitioned. Default: ``ApproximateSearch/default``.
    public init(
        enabled: Bool = true,
        policy: HitPolicy = .bounded(maxWrongHitRate: SemanticCacheConfiguration.defaultMaxWrongHitRate),
        guards: HitGuards = .standard, calibration: SimilarityCalibration? = .shipped,
        bounded: BoundedPolicySettings = BoundedPolicySettings(),
        judge: AnswerJudge = .embedding(minimumSimilarity: 0.9), candidates: Int = 3,
        embeddingTimeout: Duration = .seconds(2), modelFamilies: [String: String] = [:],
        cacheNonDeterministic: Bool = false, indexScan: SemanticIndex.Scan = .int8,
        approximateSearch: ApproximateSearch = .default
    ) {
        self.indexScan = indexScan
        self.approximateSearch = approximateSearch
        self.enabled = enabled
        self.policy = policy
        self.guards = guards
        self.calibration = calibration
        self.bounded = bounded
        self.judge = judge
        self.candidates = candidates
        self.embeddingTimeout = embeddingTimeout
        self.modelFamilies = modelFamilies
        self.cacheNonDeterministic = cacheNonDeterministic
    }

    /// A plain cosine threshold: reading gives the policy's fixed threshold (for a bounded policy, the
    /// threshold it serves at without a calibration); setting it makes the policy
    /// ``HitPolicy/threshold(_:)``, as the layer behaved before policies existed, replacing any other
    /// ``policy`` (the guards then no longer take part). A request can override it
    /// (`CacheControls.similarityThreshold`). It is not an initialiser parameter, so that the policy is
    /// chosen in one place: pass `policy: .threshold(τ)` instead.
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
