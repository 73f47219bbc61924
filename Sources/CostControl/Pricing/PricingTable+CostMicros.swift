import LLMCore

extension PricingTable: UsagePricer {
    /// What `usage` on `model` costs in micro-dollars, or `nil` when the model has no price and no fallback
    /// is configured. This is the shape of LLMCore's `UsagePricer` requirement, so the table can price cache
    /// savings directly.
    public func costMicros(model: String, usage: Usage) -> Int64? {
        (try? price(for: model))?.cost(of: usage).rawValue
    }
}
