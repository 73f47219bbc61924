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
    public var confidenceZ: Double
    /// How many lookups the calibration's candidate distribution counts for against the lookups seen
    /// online. Default: 2,000.
    public var priorLookups: Double
    /// How many labelled outcomes the calibration's wrong rates count for against labels learnt online.
    /// Default: 5,000.
    public var priorLabels: Double
    /// How many recent lookups the candidate distribution follows: older lookups fade with this horizon
    /// (an exponential moving count), so that the threshold tracks the traffic as it is now (a cache that
    /// fills up meets more close candidates). Default: 5,000.
    public var densityHorizon: Double
    /// How strongly a scope's own labels move its wrong rates: a scope whose labels show `w` wrong where
    /// `e` were expected scales its rates by (w + k) / (e + k). Default k: 3.
    public var scopeStrength: Double
    /// The probability of exploring a would-be hit just above the threshold (sending the call upstream and
    /// judging the stored answer against the fresh one), while that band has few labels. Default: 0.02.
    public var explorationRate: Double
    /// The probability of judging the best candidate of a near miss (just below the threshold) against
    /// the fresh answer the call gets anyway. Default: 0.25.
    public var verificationRate: Double
    /// The width of the bands above and below the threshold where exploring and verifying happen.
    /// Default: 0.02.
    public var band: Float
    /// Labels in the bands above which exploring slows (the rate falls as labels accumulate). Default: 200.
    public var labelsForConfidence: Double
    /// The seed of the sampling, so that a benchmark run is reproducible. Default: 0x5EED.
    public var seed: UInt64

    /// Settings; each parameter sets the property of the same name, and every default is the documented one.
    ///
    /// - Parameters:
    ///   - confidenceZ: the one-sided z of the confidence bound on the wrong-hit rate. Default: 1.645 (95 %).
    ///   - priorLookups: how many lookups the calibration's candidate distribution counts for. Default: 2,000.
    ///   - priorLabels: how many labelled outcomes the calibration's wrong rates count for. Default: 5,000.
    ///   - densityHorizon: how many recent lookups the candidate distribution follows. Default: 5,000.
    ///   - scopeStrength: how strongly a scope's own labels move its wrong rates. Default: 3.
    ///   - explorationRate: the probability of exploring a would-be hit just above the threshold. Default: 0.02.
    ///   - verificationRate: the probability of judging a near miss's best candidate. Default: 0.25.
    ///   - band: the width of the bands where exploring and verifying happen. Default: 0.02.
    ///   - labelsForConfidence: labels in the bands above which exploring slows. Default: 200.
    ///   - seed: the seed of the sampling. Default: 0x5EED.
    public init(
        confidenceZ: Double = 1.645, priorLookups: Double = 2_000, priorLabels: Double = 5_000,
        densityHorizon: Double = 5_000, scopeStrength: Double = 3, explorationRate: Double = 0.02,
        verificationRate: Double = 0.25, band: Float = 0.02, labelsForConfidence: Double = 200,
        seed: UInt64 = 0x5EED
    ) {
        self.confidenceZ = confidenceZ
        self.priorLookups = priorLookups
        self.priorLabels = priorLabels
        self.densityHorizon = densityHorizon
        self.scopeStrength = scopeStrength
        self.explorationRate = explorationRate
        self.verificationRate = verificationRate
        self.band = band
        self.labelsForConfidence = labelsForConfidence
        self.seed = seed
    }
}
