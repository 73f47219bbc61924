import CostControl
import LLMCore

/// The planner's answer for one request: the request to send, where its prompt-cache breakpoints are,
/// and what caching is expected to save.
public struct PromptCachePlan: Sendable, Hashable {
    /// The request to send: the caller's request with the planner's breakpoints added (Anthropic), or
    /// unchanged (automatic-prefix providers, which take ``promptCacheKey`` instead).
    public var request: LLMRequest
    /// The pricing row's model id.
    public var model: String
    /// How the provider caches.
    public var mechanism: PromptCacheMechanism
    /// The model's minimum cacheable prompt length, in tokens.
    public var minimumCacheableTokens: Int
    /// Estimated tokens of the stable prefix (tools, system prompt, turns before the last user turn).
    public var stablePrefixTokens: Int
    /// The lifetime chosen from the expected reuse interval.
    public var ttlChoice: PromptCacheTTLChoice
    /// Every breakpoint in ``request``, the caller's and the planner's, in prompt order (empty for
    /// automatic-prefix providers).
    public var breakpoints: [PromptCacheBreakpoint]
    /// The `prompt_cache_key` to send (automatic-prefix providers): the SHA-256 of the stable prefix as
    /// 64 hex digits; `nil` for breakpoint providers or when there is no stable prefix.
    public var promptCacheKey: String?
    /// Whether the static content comes before the variable content: tools and the system prompt always
    /// precede the turns; this is `false` when a long block in the last user turn follows other content.
    public var staticContentFirst: Bool
    /// Estimated tokens the provider reads from its cache on a reuse (Anthropic: the prefix up to the last
    /// effective breakpoint; automatic prefix: the stable prefix rounded down to the provider's step, zero
    /// below the minimum).
    public var expectedCachedTokens: Int
    /// The expected money effect.
    public var effect: PromptCacheEffect
    /// The rates the effect was priced at.
    public var rates: ModelRates
    /// The token estimate used for every count in the plan.
    public var estimator: TokenEstimator
    /// What the planner decided or noticed.
    public var notes: [PromptCachePlanNote]

    /// The breakpoints the planner added.
    public var plannedBreakpoints: [PromptCacheBreakpoint] { breakpoints.filter { $0.origin == .planner } }

    /// Whether the stable prefix reaches the model's minimum cacheable length.
    public var prefixReachesMinimum: Bool { stablePrefixTokens >= minimumCacheableTokens }

    /// A plan from its parts; ``PromptCachePlanner/plan(_:expectedReuseInterval:expectedReuses:)`` builds these.
    public init(
        request: LLMRequest, model: String, mechanism: PromptCacheMechanism, minimumCacheableTokens: Int,
        stablePrefixTokens: Int, ttlChoice: PromptCacheTTLChoice, breakpoints: [PromptCacheBreakpoint],
        promptCacheKey: String?, staticContentFirst: Bool, expectedCachedTokens: Int, effect: PromptCacheEffect,
        rates: ModelRates, estimator: TokenEstimator, notes: [PromptCachePlanNote]
    ) {
        self.request = request
        self.model = model
        self.mechanism = mechanism
        self.minimumCacheableTokens = minimumCacheableTokens
        self.stablePrefixTokens = stablePrefixTokens
        self.ttlChoice = ttlChoice
        self.breakpoints = breakpoints
        self.promptCacheKey = promptCacheKey
        self.staticContentFirst = staticContentFirst
        self.expectedCachedTokens = expectedCachedTokens
        self.effect = effect
        self.rates = rates
        self.estimator = estimator
        self.notes = notes
    }
}
