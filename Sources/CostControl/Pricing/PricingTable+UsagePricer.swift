import LLMCore

extension PricingTable: UsagePricer {
    /// What `usage` on `model` costs, or `nil` when the model has no price and no fallback is configured.
    /// This is LLMCore's `UsagePricer` requirement, so the table can price cache savings directly.
    public func cost(model: String, usage: Usage) -> MicroDollars? {
        (try? price(for: model))?.cost(of: usage)
    }
}
