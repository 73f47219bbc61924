/// The outcome of one benchmark run at one cosine threshold τ.
///
/// A lookup is a **hit** when its best neighbour's similarity is ≥ τ; a hit is **correct** when the
/// neighbour is in the query's duplicate class and **wrong** otherwise. A **should-hit** lookup is one
/// whose class had a member in the cache when it was looked up.
public struct ThresholdMetrics: Sendable, Hashable, Encodable {
    /// The cosine threshold τ.
    public var threshold: Float
    /// Lookups made.
    public var queries: Int
    /// Lookups whose class had a cached member.
    public var shouldHit: Int
    /// Lookups that returned a neighbour at or above τ.
    public var hits: Int
    /// Hits whose neighbour is in the query's class.
    public var correctHits: Int

    /// Counts for threshold `threshold`.
    public init(threshold: Float, queries: Int = 0, shouldHit: Int = 0, hits: Int = 0, correctHits: Int = 0) {
        self.threshold = threshold
        self.queries = queries
        self.shouldHit = shouldHit
        self.hits = hits
        self.correctHits = correctHits
    }

    /// Hits whose neighbour is not in the query's class.
    public var wrongHits: Int { hits - correctHits }

    /// hits / queries (0 without queries).
    public var hitRate: Double { queries == 0 ? 0 : Double(hits) / Double(queries) }

    /// correct hits / hits, or `nil` without hits.
    public var precision: Double? { hits == 0 ? nil : Double(correctHits) / Double(hits) }

    /// correct hits / should-hit lookups, or `nil` when no lookup should hit.
    public var recall: Double? { shouldHit == 0 ? nil : Double(correctHits) / Double(shouldHit) }

    /// 2PR / (P + R); 0 when both are 0, `nil` when either is undefined.
    public var f1: Double? {
        guard let precision, let recall else { return nil }
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    /// wrong hits / queries (0 without queries).
    public var wrongHitRate: Double { queries == 0 ? 0 : Double(wrongHits) / Double(queries) }

    private enum CodingKeys: String, CodingKey {
        case threshold, queries, hits, precision, recall, f1
        case shouldHit = "should_hit"
        case correctHits = "correct_hits"
        case wrongHits = "wrong_hits"
        case hitRate = "hit_rate"
        case wrongHitRate = "wrong_hit_rate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Double(threshold).roundedForReport, forKey: .threshold)
        try container.encode(queries, forKey: .queries)
        try container.encode(shouldHit, forKey: .shouldHit)
        try container.encode(hits, forKey: .hits)
        try container.encode(correctHits, forKey: .correctHits)
        try container.encode(wrongHits, forKey: .wrongHits)
        try container.encode(hitRate.roundedForReport, forKey: .hitRate)
        try container.encode(wrongHitRate.roundedForReport, forKey: .wrongHitRate)
        try container.encode(precision?.roundedForReport, forKey: .precision)
        try container.encode(recall?.roundedForReport, forKey: .recall)
        try container.encode(f1?.roundedForReport, forKey: .f1)
    }
}

extension Double {
    /// Six decimals, enough for rates and thresholds, and free of float noise in JSON.
    var roundedForReport: Double { (self * 1_000_000).rounded() / 1_000_000 }
}
