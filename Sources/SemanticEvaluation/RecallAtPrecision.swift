/// The best recall reachable at or above a precision target, over the thresholds of a sweep that have
/// enough hits to judge precision by.
public struct RecallAtPrecision: Sendable, Hashable, Encodable {
    /// The precision target, e.g. 0.90.
    public var minimumPrecision: Double
    /// The fewest hits a threshold needs to count.
    public var minimumHits: Int
    /// The threshold with the best recall among those that reach the target, or `nil` when none does.
    public var best: ThresholdMetrics?

    /// The best threshold in `sweep` for `minimumPrecision`: the highest recall, then the lower τ.
    public init(minimumPrecision: Double, minimumHits: Int = 50, sweep: [ThresholdMetrics]) {
        self.minimumPrecision = minimumPrecision
        self.minimumHits = minimumHits
        var best: ThresholdMetrics?
        for metrics in sweep where metrics.hits >= minimumHits {
            guard let precision = metrics.precision, precision >= minimumPrecision, let recall = metrics.recall
            else { continue }
            if let current = best, let currentRecall = current.recall, currentRecall >= recall { continue }
            best = metrics
        }
        self.best = best
    }

    private enum CodingKeys: String, CodingKey {
        case minimumPrecision = "minimum_precision"
        case minimumHits = "minimum_hits"
        case threshold, recall, precision
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(minimumPrecision, forKey: .minimumPrecision)
        try container.encode(minimumHits, forKey: .minimumHits)
        try container.encode(best.map { Double($0.threshold).roundedForReport }, forKey: .threshold)
        try container.encode(best?.recall?.roundedForReport, forKey: .recall)
        try container.encode(best?.precision?.roundedForReport, forKey: .precision)
    }
}
