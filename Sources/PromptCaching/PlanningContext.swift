import CostControl
import LLMCore

/// Everything a provider-specific planning step needs.
struct PlanningContext: Sendable {
    var request: LLMRequest
    var row: ModelPrice
    var rates: ModelRates
    var estimator: TokenEstimator
    var layout: PromptLayout
    var ttlChoice: PromptCacheTTLChoice
    var expectedReuses: Int?
}
