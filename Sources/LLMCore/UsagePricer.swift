/// Prices a call's usage, so that the cache can say how much money a hit saved.
public protocol UsagePricer: Sendable {
    /// What `usage` on `model` costs, or `nil` when the model has no known price.
    func cost(model: String, usage: Usage) -> MicroDollars?
}
