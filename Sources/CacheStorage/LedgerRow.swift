import Foundation
import LLMCore

/// One priced call in the store's append-only cost ledger.
public struct LedgerRow: Sendable, Hashable {
    /// The record's own id, for de-duplication across systems.
    public var recordID: String
    /// When the call finished.
    public var at: Date
    /// The provider.
    public var provider: String
    /// The model that was billed.
    public var model: String
    /// Input tokens at the plain input rate.
    public var inputTokens: Int
    /// Output tokens.
    public var outputTokens: Int
    /// Input tokens read from the provider's prompt cache.
    public var cacheReadTokens: Int
    /// Input tokens written to the prompt cache with the 5-minute lifetime.
    public var cacheWrite5mTokens: Int
    /// Input tokens written to the prompt cache with the 1-hour lifetime.
    public var cacheWrite1hTokens: Int
    /// The cost.
    public var cost: MicroDollars
    /// Labels such as feature and stage.
    public var tags: [String: String]
    /// The attempt number within a retried call.
    public var attempt: Int

    public init(
        recordID: String, at: Date, provider: String, model: String, inputTokens: Int, outputTokens: Int,
        cacheReadTokens: Int, cacheWrite5mTokens: Int, cacheWrite1hTokens: Int, cost: MicroDollars,
        tags: [String: String], attempt: Int
    ) {
        self.recordID = recordID
        self.at = at
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWrite5mTokens = cacheWrite5mTokens
        self.cacheWrite1hTokens = cacheWrite1hTokens
        self.cost = cost
        self.tags = tags
        self.attempt = attempt
    }
}

/// Spend grouped one way (by model, tag or day).
public struct SpendLine: Sendable, Hashable, Codable {
    /// The group: a model id, `key=value` tag, or `yyyy-MM-dd` UTC day.
    public var group: String
    /// Calls in the group.
    public var calls: Int
    /// Money spent.
    public var cost: MicroDollars
    /// Input tokens of every kind.
    public var inputTokens: Int64
    /// Output tokens.
    public var outputTokens: Int64
    /// Input tokens read from the provider's prompt cache (part of ``inputTokens``).
    public var cacheReadTokens: Int64
    /// Input tokens written to the provider's prompt cache, either lifetime (part of ``inputTokens``).
    public var cacheWriteTokens: Int64

    /// A line; every parameter is the property of the same name.
    public init(
        group: String, calls: Int, cost: MicroDollars, inputTokens: Int64, outputTokens: Int64,
        cacheReadTokens: Int64 = 0, cacheWriteTokens: Int64 = 0
    ) {
        self.group = group
        self.calls = calls
        self.cost = cost
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
    }

    enum CodingKeys: String, CodingKey {
        case group, calls
        case cost = "cost_micros"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheReadTokens = "cache_read_tokens"
        case cacheWriteTokens = "cache_write_tokens"
    }
}

/// The ledger's spend, by model, tag and day.
public struct SpendSummary: Sendable, Hashable {
    /// Every call.
    public var total: SpendLine
    /// By model, most spent first.
    public var byModel: [SpendLine]
    /// By tag (`key=value`), most spent first.
    public var byTag: [SpendLine]
    /// By UTC day, newest first.
    public var byDay: [SpendLine]

    /// A value with every field given.
    package init(total: SpendLine, byModel: [SpendLine], byTag: [SpendLine], byDay: [SpendLine]) {
        self.total = total
        self.byModel = byModel
        self.byTag = byTag
        self.byDay = byDay
    }
}
