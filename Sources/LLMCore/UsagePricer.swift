/// Prices a call's usage, so that the cache can say how much money a hit saved.
public protocol UsagePricer: Sendable {
    /// What `usage` on `model` costs, in micro-dollars (millionths of a US dollar), or `nil` when the
    /// model has no known price.
    func costMicros(model: String, usage: Usage) -> Int64?
}
