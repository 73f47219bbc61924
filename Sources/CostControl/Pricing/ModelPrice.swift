import LLMCore

/// The prices of one model: what each kind of token costs, and the limits that shape a call.
///
/// All rates are per million tokens. A call's cost is priced from normalised `Usage` (each token
/// counted once): plain input, output, cache reads and the two kinds of cache writes each at their own rate.
public struct ModelPrice: Sendable, Hashable {
    /// The provider's API model id, such as `claude-sonnet-4-5` or `gpt-4.1-mini`.
    public var id: String
    /// The provider that serves the model.
    public var provider: ProviderID
    /// Rates used while the prompt is at or under the long-context threshold (or always, without one).
    public var rates: ModelRates
    /// Higher rates for prompts above a size, where the provider charges more for long prompts.
    public var longContext: LongContextRates?
    /// The Batch API discount in percent (50 means half price), 0 when there is none.
    public var batchDiscountPercent: Int
    /// The most tokens (input and output) the model accepts.
    public var contextWindow: Int
    /// The most output tokens one call may ask for, when the provider publishes it.
    public var maxOutputTokens: Int?
    /// The shortest prompt prefix the provider will cache, in tokens.
    public var minCacheableTokens: Int
    /// Other ids that name this row, such as dated snapshots (`claude-sonnet-4-5-20250929`).
    public var aliases: [String]
    /// Where the prices were read (a URL or a file).
    public var source: String
    /// The day the prices were read, `YYYY-MM-DD`.
    public var asOf: String
    /// Anything a reader should know about the row.
    public var notes: String?

    /// A price row; ``PricingTable/load(contentsOf:logger:)`` builds these from a file.
    public init(
        id: String, provider: ProviderID, rates: ModelRates, longContext: LongContextRates? = nil,
        batchDiscountPercent: Int = 0, contextWindow: Int, maxOutputTokens: Int? = nil, minCacheableTokens: Int = 0,
        aliases: [String] = [], source: String, asOf: String, notes: String? = nil
    ) {
        self.id = id
        self.provider = provider
        self.rates = rates
        self.longContext = longContext
        self.batchDiscountPercent = batchDiscountPercent
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.minCacheableTokens = minCacheableTokens
        self.aliases = aliases
        self.source = source
        self.asOf = asOf
        self.notes = notes
    }

    /// The rates that apply to a call with `totalInputTokens` of prompt (cache reads and writes included).
    public func rates(forPromptTokens totalInputTokens: Int) -> ModelRates {
        if let longContext, totalInputTokens > longContext.thresholdTokens { return longContext.rates }
        return rates
    }

    /// The cost of a call with `usage`, rounded once to the nearest micro-dollar (half up).
    ///
    /// - Parameters:
    ///   - usage: the call's tokens.
    ///   - batch: price at the Batch API discount.
    public func cost(of usage: Usage, batch: Bool = false) -> MicroDollars {
        var applied = rates(forPromptTokens: usage.totalInputTokens)
        if batch, batchDiscountPercent > 0 { applied = applied.discounted(percent: batchDiscountPercent) }
        return applied.cost(of: usage)
    }
}
