import CostControl
import LLMCore

extension PromptCachePlanner {
    /// Plans OpenAI-style automatic prefix caching: no markers, a `prompt_cache_key` from the stable
    /// prefix, and the tokens the provider is expected to cache (the stable prefix rounded down to
    /// ``automaticPrefixStep``, nothing below the minimum).
    func planAutomaticPrefix(_ context: PlanningContext) throws -> PromptCachePlan {
        let layout = context.layout
        let minimum =
            context.row.minCacheableTokens > 0 ? context.row.minCacheableTokens : Self.automaticPrefixDefaultMinimum
        var notes: [PromptCachePlanNote] = []

        let markers = layout.blocks.reduce(0) { $0 + $1.callerTTLs.count }
        if markers > 0 { notes.append(.markersUnusedByProvider(count: markers)) }
        let key = try StablePrefixDigest.hex(of: context.request)
        if !layout.hasStablePrefix {
            notes.append(.noStablePrefix)
        } else if layout.stablePrefixTokens < minimum {
            notes.append(.prefixBelowMinimum(prefixTokens: layout.stablePrefixTokens, minimumTokens: minimum))
        }

        let step = Self.automaticPrefixStep
        let cached = layout.stablePrefixTokens >= minimum ? layout.stablePrefixTokens / step * step : 0
        let effect =
            cached > 0
            ? PromptCacheEffect(
                segments: [(cached, .fiveMinutes)], rates: context.rates, expectedReuses: context.expectedReuses)
            : .none(expectedReuses: context.expectedReuses)

        let documents = layout.documentsInLastUserTurn(context.request, estimator: context.estimator)
        let buried = documents.filter(\.followsOtherContent)
        for document in buried { notes.append(.documentInLastUserTurn(document.location, tokens: document.tokens)) }

        return PromptCachePlan(
            request: context.request, model: context.row.id, mechanism: .automaticPrefix,
            minimumCacheableTokens: minimum, stablePrefixTokens: layout.stablePrefixTokens,
            ttlChoice: context.ttlChoice, breakpoints: [], promptCacheKey: key, staticContentFirst: buried.isEmpty,
            expectedCachedTokens: cached, effect: effect, rates: context.rates, estimator: context.estimator,
            notes: notes)
    }
}
