/// Percentiles by the nearest-rank rule, the one rule for every latency figure LLMCache reports: the
/// `p`th percentile of `n` sorted values is the value at rank ⌈p·n / 100⌉ (counting from 1), the smallest
/// value with at least `p` % of the values at or below it.
public enum NearestRank {
    /// The `percent` percentile (clamped to 0...100) of `sorted`, which is in ascending order; `nil` when it
    /// is empty. The rank is computed in whole numbers, so `95` of 20 values is the 19th, never the 20th.
    public static func percentile<Value>(_ percent: Int, of sorted: [Value]) -> Value? {
        guard !sorted.isEmpty else { return nil }
        let percent = min(max(percent, 0), 100)
        // ⌈percent · count / 100⌉ without forming percent · count, which cannot overflow this way.
        let rank = sorted.count / 100 * percent + (sorted.count % 100 * percent + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
