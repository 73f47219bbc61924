import LLMCore

/// The five per-million-token rates of a model.
public struct ModelRates: Sendable, Hashable {
    /// Plain input tokens (neither read from nor written to a prompt cache).
    public var input: TokenRate
    /// Output tokens, thinking tokens included.
    public var output: TokenRate
    /// Input tokens written to the prompt cache with a 5-minute lifetime.
    public var cacheWrite5m: TokenRate
    /// Input tokens written to the prompt cache with a 1-hour lifetime.
    public var cacheWrite1h: TokenRate
    /// Input tokens read from the prompt cache.
    public var cacheRead: TokenRate

    /// Rates from the five per-million-token prices.
    public init(
        input: TokenRate, output: TokenRate, cacheWrite5m: TokenRate, cacheWrite1h: TokenRate, cacheRead: TokenRate
    ) {
        self.input = input
        self.output = output
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
        self.cacheRead = cacheRead
    }

    /// Every rate reduced by `percent` (a batch discount).
    public func discounted(percent: Int) -> ModelRates {
        let keep = Int64(100 - min(max(percent, 0), 100))
        return ModelRates(
            input: input.scaled(percent: keep), output: output.scaled(percent: keep),
            cacheWrite5m: cacheWrite5m.scaled(percent: keep), cacheWrite1h: cacheWrite1h.scaled(percent: keep),
            cacheRead: cacheRead.scaled(percent: keep))
    }

    /// The exact cost of `usage` at these rates, rounded once to the nearest micro-dollar (half up).
    /// Saturates at the largest amount instead of overflowing.
    public func cost(of usage: Usage) -> MicroDollars {
        let parts: [(Int, TokenRate)] = [
            (usage.inputTokens, input), (usage.outputTokens, output), (usage.cacheReadInputTokens, cacheRead),
            (usage.cacheWrite5mInputTokens, cacheWrite5m), (usage.cacheWrite1hInputTokens, cacheWrite1h),
        ]
        // Units: micro-dollars per million tokens × tokens = micro-dollars × 10⁶.
        var total: Int64 = 0
        for (tokens, rate) in parts where tokens > 0 {
            let (product, overflow) = Int64(tokens).multipliedReportingOverflow(by: rate.microDollarsPerMillion)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            if overflow || sumOverflow { return MicroDollars(Int64.max) }
            total = sum
        }
        // Half up without adding first, which would overflow a total near the largest amount.
        return MicroDollars(total / 1_000_000 + (total % 1_000_000 >= 500_000 ? 1 : 0))
    }
}
