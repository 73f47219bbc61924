import CostControl
import LLMCore

/// What prompt caching is expected to do to the cost of the cached prefix, priced from the model's rates.
///
/// The first call writes the prefix (at the cache-write rate of each breakpoint's lifetime instead of the
/// input rate); each reuse within the lifetime reads it (at the cache-read rate instead of the input rate).
/// Every amount is rounded once to the nearest micro-dollar by `ModelRates.cost(of:)`.
///
/// Example, a 10,000-token prefix on a model at $3 / MTok input, $3.75 5-minute write, $0.30 read:
/// the write costs $0.0375 instead of $0.03 (premium $0.0075), each read $0.003 instead of $0.03
/// (saving $0.027), so one reuse already pays the premium back.
public struct PromptCacheEffect: Sendable, Hashable {
    /// Estimated tokens the provider writes on the first call and reads on each reuse.
    public var cachedTokens: Int
    /// What those tokens cost as plain input.
    public var uncachedCost: MicroDollars
    /// What writing them costs on the first call.
    public var writeCost: MicroDollars
    /// What reading them costs on a reuse.
    public var readCost: MicroDollars
    /// The reuses the caller expects, if it said.
    public var expectedReuses: Int?

    /// The extra cost of the first call: ``writeCost`` − ``uncachedCost``.
    public var writePremium: MicroDollars { writeCost - uncachedCost }
    /// The money saved by each reuse: ``uncachedCost`` − ``readCost``.
    public var readSavingPerReuse: MicroDollars { uncachedCost - readCost }

    /// The fewest reuses whose savings cover the write premium; `nil` when a read saves nothing.
    public var breakEvenReuses: Int? {
        let premium = writePremium.rawValue
        let saving = readSavingPerReuse.rawValue
        guard saving > 0 else { return premium <= 0 ? 0 : nil }
        guard premium > 0 else { return 0 }
        return Int((premium + saving - 1) / saving)
    }

    /// Net money saved over the expected reuses (negative when caching costs more), or `nil` without them.
    public var expectedNetSaving: MicroDollars? {
        guard let expectedReuses else { return nil }
        let (savings, overflow) = readSavingPerReuse.rawValue.multipliedReportingOverflow(
            by: Int64(max(expectedReuses, 0)))
        return MicroDollars(overflow ? Int64.max : savings) - writePremium
    }

    /// Whether the expected reuses pay back the write premium; without a reuse count, whether enough reuses
    /// ever would (a read saves something).
    public var isWorthwhile: Bool {
        guard cachedTokens > 0 else { return false }
        guard let expectedReuses else { return breakEvenReuses != nil }
        guard let breakEven = breakEvenReuses else { return false }
        return expectedReuses >= max(breakEven, 1)
    }

    /// No caching: nothing written or read.
    public static func none(expectedReuses: Int?) -> PromptCacheEffect {
        PromptCacheEffect(
            cachedTokens: 0, uncachedCost: .zero, writeCost: .zero, readCost: .zero, expectedReuses: expectedReuses)
    }

    /// An effect from its parts.
    public init(
        cachedTokens: Int, uncachedCost: MicroDollars, writeCost: MicroDollars, readCost: MicroDollars,
        expectedReuses: Int?
    ) {
        self.cachedTokens = cachedTokens
        self.uncachedCost = uncachedCost
        self.writeCost = writeCost
        self.readCost = readCost
        self.expectedReuses = expectedReuses
    }

    /// The effect of writing `segments` (tokens between consecutive breakpoints, each written with the
    /// lifetime of the breakpoint that ends it) and reading all of them back, at `rates`.
    public init(
        segments: [(tokens: Int, ttl: PromptCacheMarker.TTL)], rates: ModelRates, expectedReuses: Int?
    ) {
        let tokens = segments.reduce(0) { $0 + max($1.tokens, 0) }
        var write = Usage()
        for segment in segments where segment.tokens > 0 {
            switch segment.ttl {
            case .fiveMinutes: write.cacheWrite5mInputTokens += segment.tokens
            case .oneHour: write.cacheWrite1hInputTokens += segment.tokens
            }
        }
        self.init(
            cachedTokens: tokens, uncachedCost: rates.cost(of: Usage(inputTokens: tokens)),
            writeCost: rates.cost(of: write), readCost: rates.cost(of: Usage(cacheReadInputTokens: tokens)),
            expectedReuses: expectedReuses)
    }
}
