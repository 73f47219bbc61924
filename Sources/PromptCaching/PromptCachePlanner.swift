import CostControl
import LLMCore
import Logging

/// Plans the provider's prompt cache for a request: where Anthropic's `cache_control` breakpoints go, or
/// which `prompt_cache_key` an OpenAI-compatible provider gets, and what caching is expected to save.
///
/// Token counts are estimates from `TokenEstimator`: by default
/// the provider profile's bytes per token (UTF-8 bytes / 3.5 for Anthropic, / 4 for OpenAI), the same
/// estimate the budget gate uses. Minimum cacheable lengths and prices come from the `PricingTable`.
///
/// ```swift
/// let planner = PromptCachePlanner(pricing: table)
/// let plan = try planner.plan(request, expectedReuseInterval: .seconds(120), expectedReuses: 10)
/// // send plan.request (and plan.promptCacheKey for OpenAI); later: plan.observe(response.usage)
/// ```
public struct PromptCachePlanner: Sendable {
    /// The most breakpoints Anthropic accepts in one request.
    public static let breakpointLimit = 4
    /// The token step in which OpenAI-style automatic caching grows.
    public static let automaticPrefixStep = 128
    /// The minimum OpenAI-style automatic caching needs, used when the pricing row gives none.
    public static let automaticPrefixDefaultMinimum = 1_024

    /// The prices and minimum cacheable lengths.
    public let pricing: PricingTable
    /// The token estimate to use; `nil` picks the provider profile's bytes per token per request.
    public let estimator: TokenEstimator?
    /// Text tokens from which a block in an earlier turn counts as a document (its own breakpoint candidate).
    public let documentMinimumTokens: Int
    private let logger: Logger

    /// A planner pricing from `pricing`.
    ///
    /// - Parameters:
    ///   - pricing: the prices and minimum cacheable lengths.
    ///   - estimator: the token estimate; `nil` (the default) uses the provider's estimator.
    ///   - documentMinimumTokens: text tokens from which a block counts as a document (default 1,024).
    ///   - logger: where plans are logged (at debug level).
    public init(
        pricing: PricingTable, estimator: TokenEstimator? = nil, documentMinimumTokens: Int = 1_024,
        logger: Logger = Logger(label: "llmcache.promptcache")
    ) {
        self.pricing = pricing
        self.estimator = estimator
        self.documentMinimumTokens = max(documentMinimumTokens, 1)
        self.logger = logger
    }

    /// Plans `request`.
    ///
    /// Anthropic requests get breakpoints on the stable prefix (at most ``breakpointLimit`` in all, the
    /// caller's included and kept); every other provider is treated as OpenAI-compatible automatic prefix
    /// caching and gets a ``PromptCachePlan/promptCacheKey``.
    ///
    /// - Parameters:
    ///   - request: the call to plan.
    ///   - expectedReuseInterval: the longest expected gap between two calls with the same prefix; it picks
    ///     the lifetime (see ``PromptCacheTTLChoice``). `nil` means unknown and picks 5 minutes.
    ///   - expectedReuses: how many later calls are expected to reuse the prefix; when given and too few to
    ///     pay back the write premium, the planner adds no breakpoint. `nil` means unknown.
    /// - Throws: `UnknownModelError` when the model has no price and no fallback,
    ///   `UnknownProviderError` for a provider without a `ProviderProfile` (a request that names no provider
    ///   is planned for its model's, from the pricing table).
    public func plan(_ request: LLMRequest, expectedReuseInterval: Duration?, expectedReuses: Int?) throws
        -> PromptCachePlan
    {
        let row = try pricing.price(for: request.model)
        let profile = try ProviderProfile.named(request.provider ?? row.provider)
        let estimator = self.estimator ?? TokenEstimator(bytesPerToken: profile.bytesPerToken)
        let rates = row.rates(forPromptTokens: estimator.inputTokens(of: request))
        let layout = PromptLayout(request, estimator: estimator, documentMinimumTokens: documentMinimumTokens)
        let context = PlanningContext(
            request: request, row: row, rates: rates, estimator: estimator, layout: layout,
            ttlChoice: PromptCacheTTLChoice(expectedReuseInterval: expectedReuseInterval),
            expectedReuses: expectedReuses)
        let plan: PromptCachePlan
        switch profile.promptCaching {
        case .breakpoints: plan = planBreakpoints(context)
        case .automaticPrefix: plan = try planAutomaticPrefix(context)
        }
        log(plan)
        return plan
    }

    private func log(_ plan: PromptCachePlan) {
        logger.debug(
            "prompt-cache plan",
            metadata: [
                "model": "\(plan.model)", "mechanism": "\(plan.mechanism.rawValue)",
                "stable_prefix_tokens": "\(plan.stablePrefixTokens)",
                "breakpoints": "\(plan.breakpoints.map(\.description))",
                "expected_cached_tokens": "\(plan.expectedCachedTokens)",
                "write_premium_micros": "\(plan.effect.writePremium.rawValue)",
                "read_saving_micros": "\(plan.effect.readSavingPerReuse.rawValue)",
                "notes": "\(plan.notes.map(\.description))",
            ])
        for note in plan.notes {
            switch note {
            case .callerBreakpointsOverLimit, .callerTTLOrderViolated:
                logger.warning("prompt-cache markers will be rejected", metadata: ["problem": "\(note)"])
            default:
                break
            }
        }
    }
}
