/// The pipelines `cachectl bench cost` compares: nothing, each lever alone, the caches and the router
/// together, and every lever together.
enum CostBenchConfiguration: String, CaseIterable, Codable, Sendable {
    /// Every call to the model it names, no cache.
    case none
    /// The exact response cache alone.
    case exact
    /// The semantic cache alone (it also answers word-for-word repeats, at similarity 1).
    case semantic
    /// The provider's prompt cache, planned, alone.
    case promptCaching = "prompt-caching"
    /// The model router alone.
    case routing
    /// The latency-tolerant calls sent as one provider batch at the batch rates, alone.
    case batch
    /// Token budgets alone: long conversations trimmed to an input limit before they are sent.
    case tokenBudgets = "token-budgets"
    /// The caches, the prompt cache and the router together.
    case all
    /// Every lever together: `all`, cache-first batches and token budgets.
    case allLevers = "all-levers"

    var usesExact: Bool { [.exact, .all, .allLevers].contains(self) }
    var usesSemantic: Bool { [.semantic, .all, .allLevers].contains(self) }
    var usesPromptCaching: Bool { [.promptCaching, .all, .allLevers].contains(self) }
    var usesRouting: Bool { [.routing, .all, .allLevers].contains(self) }
    var usesBatch: Bool { [.batch, .allLevers].contains(self) }
    var usesTokenBudgets: Bool { [.tokenBudgets, .allLevers].contains(self) }
}
