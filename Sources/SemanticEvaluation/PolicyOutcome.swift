import SemanticCache

/// What one policy did over a stream of lookups, with the dataset's labels as the judge.
public struct PolicyOutcome: Sendable, Encodable {
    /// The policy, in words ("bounded δ 0.02").
    public var policy: String
    /// Lookups made.
    public var lookups: Int = 0
    /// Lookups answered from the cache.
    public var hits: Int = 0
    /// Of those, answers from another duplicate class.
    public var wrongHits: Int = 0
    /// Would-be hits sent upstream to be judged (each counts as an upstream call).
    public var explored: Int = 0
    /// Near misses whose candidate was judged against the fresh answer.
    public var verified: Int = 0
    /// Lookups whose best candidate a guard refused, by guard.
    public var refusedBy: [String: Int] = [:]
    /// Lookups whose best candidate was refused by its entry's own wrong label.
    public var refusedByLabel: Int = 0
    /// The threshold the policy applied at the end of the stream.
    public var finalThreshold: Float?

    /// A record for `policy`.
    public init(policy: String) {
        self.policy = policy
    }

    /// hits / lookups.
    public var hitRate: Double { lookups == 0 ? 0 : Double(hits) / Double(lookups) }
    /// wrong hits / lookups.
    public var wrongHitRate: Double { lookups == 0 ? 0 : Double(wrongHits) / Double(lookups) }
    /// The 95 % Wilson interval of the wrong-hit rate.
    public var wrongHitInterval: ProportionInterval { ProportionInterval(successes: wrongHits, trials: lookups) }
    /// explored / lookups.
    public var explorationRate: Double { lookups == 0 ? 0 : Double(explored) / Double(lookups) }
    /// Calls that went upstream: every lookup not answered from the cache.
    public var upstreamCalls: Int { lookups - hits }

    enum CodingKeys: String, CodingKey {
        case policy, lookups, hits
        case wrongHits = "wrong_hits"
        case explored, verified
        case refusedBy = "refused_by"
        case refusedByLabel = "refused_by_label"
        case finalThreshold = "final_threshold"
        case hitRate = "hit_rate"
        case wrongHitRate = "wrong_hit_rate"
        case wrongHitLower = "wrong_hit_rate_low"
        case wrongHitUpper = "wrong_hit_rate_high"
        case explorationRate = "exploration_rate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy, forKey: .policy)
        try container.encode(lookups, forKey: .lookups)
        try container.encode(hits, forKey: .hits)
        try container.encode(wrongHits, forKey: .wrongHits)
        try container.encode(explored, forKey: .explored)
        try container.encode(verified, forKey: .verified)
        try container.encode(refusedBy, forKey: .refusedBy)
        try container.encode(refusedByLabel, forKey: .refusedByLabel)
        try container.encodeIfPresent(finalThreshold, forKey: .finalThreshold)
        try container.encode(hitRate, forKey: .hitRate)
        try container.encode(wrongHitRate, forKey: .wrongHitRate)
        try container.encode(wrongHitInterval.lower, forKey: .wrongHitLower)
        try container.encode(wrongHitInterval.upper, forKey: .wrongHitUpper)
        try container.encode(explorationRate, forKey: .explorationRate)
    }
}
