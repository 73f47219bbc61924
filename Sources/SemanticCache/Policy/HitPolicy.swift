/// How the semantic layer decides whether to serve its best candidate.
public enum HitPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Serve a candidate at or above a cosine similarity, as a plain semantic cache does.
    case threshold(Float)
    /// A cosine threshold, and the guards (see ``HitGuards``) and the entries' own labels may refuse.
    case guarded(threshold: Float)
    /// Serve a candidate the guards let through only while a conservative estimate of the wrong-hit rate
    /// (wrong answers per semantic lookup) stays at or below `maxWrongHitRate`: the threshold follows from
    /// a calibration of P(correct | similarity) and from what the layer sees and is told, per scope and
    /// per entry (see ``HitDecider``).
    case bounded(maxWrongHitRate: Double)

    /// The cosine threshold of a threshold or guarded policy.
    public var fixedThreshold: Float? {
        switch self {
        case .threshold(let threshold), .guarded(let threshold): threshold
        case .bounded: nil
        }
    }

    /// Whether the guards and the entries' labels take part.
    public var usesGuards: Bool {
        if case .threshold = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .threshold(let threshold): "static τ \(threshold)"
        case .guarded(let threshold): "guarded τ \(threshold)"
        case .bounded(let delta): "bounded δ \(delta)"
        }
    }
}

/// The bounded policy's learning knobs.
public struct BoundedPolicySettings: Sendable, Hashable {
    /// The one-sided z of the confidence bound on the wrong-hit rate. Default: 1.645 (95 %).
    public var confidenceZ: Double = 1.645
    /// How many lookups the calibration's candidate distribution counts for against the lookups seen
    /// online. Default: 2,000.
    public var priorLookups: Double = 2_000
    /// How many labelled outcomes the calibration's wrong rates count for against labels learnt online.
    /// Default: 5,000.
    public var priorLabels: Double = 5_000
    /// How many recent lookups the candidate distribution follows: older lookups fade with this horizon
    /// (an exponential moving count), so that the threshold tracks the traffic as it is now (a cache that
    /// fills up meets more close candidates). Default: 5,000.
    public var densityHorizon: Double = 5_000
    /// How strongly a scope's own labels move its wrong rates: a scope whose labels show `w` wrong where
    /// `e` were expected scales its rates by (w + k) / (e + k). Default k: 3.
    public var scopeStrength: Double = 3
    /// The probability of exploring a would-be hit just above the threshold (sending the call upstream and
    /// judging the stored answer against the fresh one), while that band has few labels. Default: 0.02.
    public var explorationRate: Double = 0.02
    /// The probability of judging the best candidate of a near miss (just below the threshold) against
    /// the fresh answer the call gets anyway. Default: 0.25.
    public var verificationRate: Double = 0.25
    /// The width of the bands above and below the threshold where exploring and verifying happen.
    /// Default: 0.02.
    public var band: Float = 0.02
    /// Labels in the bands above which exploring slows (the rate falls as labels accumulate). Default: 200.
    public var labelsForConfidence: Double = 200
    /// The seed of the sampling, so that a benchmark run is reproducible. Default: 0x5EED.
    public var seed: UInt64 = 0x5EED

    /// The default settings.
    public init() {}
}
