/// Rates that replace the normal ones when a prompt is longer than a threshold
/// (for example Gemini 2.5 Pro above 200,000 prompt tokens).
public struct LongContextRates: Sendable, Hashable {
    /// Prompts with more input tokens than this are charged at ``rates``.
    public var thresholdTokens: Int
    /// The rates for long prompts.
    public var rates: ModelRates

    /// Long-context `rates` for prompts of more than `thresholdTokens` input tokens.
    public init(thresholdTokens: Int, rates: ModelRates) {
        self.thresholdTokens = thresholdTokens
        self.rates = rates
    }
}
