/// Percentiles by the nearest-rank rule, for every latency figure `cachectl` reports.
enum NearestRank {
    /// The `fraction` percentile (0...1) of sorted `values`: the smallest value with at least that fraction
    /// of the values at or below it; 0 for no values.
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let rank = Int((fraction * Double(values.count)).rounded(.up)) - 1
        return values[min(max(rank, 0), values.count - 1)]
    }
}
