import LLMCore

/// Median, 99th percentile and mean of a set of timings (nearest-rank percentiles).
public struct LatencySummary: Sendable, Hashable, Encodable {
    /// Timings summarised.
    public var count: Int
    /// The median.
    public var p50: Duration
    /// The 99th percentile.
    public var p99: Duration
    /// The mean.
    public var mean: Duration
    /// The sum of all timings.
    public var total: Duration

    /// The summary of `samples` (all zero when there are none).
    public init(_ samples: [Duration]) {
        count = samples.count
        guard !samples.isEmpty else {
            p50 = .zero
            p99 = .zero
            mean = .zero
            total = .zero
            return
        }
        let sorted = samples.sorted()
        p50 = Self.percentile(50, of: sorted)
        p99 = Self.percentile(99, of: sorted)
        total = sorted.reduce(.zero, +)
        mean = total / samples.count
    }

    /// The nearest-rank percentile (``LLMCore/NearestRank``): the smallest sample with at least `percent` % of
    /// samples at or below it.
    static func percentile(_ percent: Int, of sorted: [Duration]) -> Duration {
        NearestRank.percentile(percent, of: sorted) ?? .zero
    }

    private enum CodingKeys: String, CodingKey {
        case count
        case p50 = "p50_ms"
        case p99 = "p99_ms"
        case mean = "mean_ms"
        case total = "total_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(p50.milliseconds.roundedForReport, forKey: .p50)
        try container.encode(p99.milliseconds.roundedForReport, forKey: .p99)
        try container.encode(mean.milliseconds.roundedForReport, forKey: .mean)
        try container.encode(total.milliseconds.roundedForReport, forKey: .total)
    }
}

extension Duration {
    /// The duration in milliseconds.
    public var milliseconds: Double {
        Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }
}
