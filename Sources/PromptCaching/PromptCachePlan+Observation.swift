import CostControl
import LLMCore

extension PromptCachePlan {
    /// What the provider's prompt cache did on the call made with this plan, from the response's `usage`.
    ///
    /// Cache reads save the difference between the input and cache-read rates; cache writes cost the
    /// difference between the write rate of their lifetime and the input rate. For OpenAI-style providers
    /// a write is free and not reported, so a first call shows ``PromptCacheObservation/Outcome/none``.
    public func observe(_ usage: Usage) -> PromptCacheObservation {
        let read = max(usage.cacheReadInputTokens, 0)
        let written5m = max(usage.cacheWrite5mInputTokens, 0)
        let written1h = max(usage.cacheWrite1hInputTokens, 0)
        let outcome: PromptCacheObservation.Outcome
        switch (read > 0, written5m + written1h > 0) {
        case (true, true): outcome = .readAndWritten
        case (true, false): outcome = .read
        case (false, true): outcome = .written
        case (false, false): outcome = .none
        }
        let readSaving = rates.cost(of: Usage(inputTokens: read)) - rates.cost(of: Usage(cacheReadInputTokens: read))
        let writePremium =
            rates.cost(of: Usage(cacheWrite5mInputTokens: written5m, cacheWrite1hInputTokens: written1h))
            - rates.cost(of: Usage(inputTokens: written5m + written1h))
        return PromptCacheObservation(
            outcome: outcome, readTokens: read, written5mTokens: written5m, written1hTokens: written1h,
            expectedCachedTokens: expectedCachedTokens, netSaving: readSaving - writePremium,
            missedExpectedCaching: mechanism == .breakpoints && expectedCachedTokens > 0 && outcome == .none)
    }
}
