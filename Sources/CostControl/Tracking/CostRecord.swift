import Foundation
import LLMCore

/// The cost of one model call (or one failed attempt that was billed), as an immutable record.
public struct CostRecord: Sendable, Hashable, Codable {
    /// A unique id for the record.
    public var id: UUID
    /// The model that was charged (the row's id, after alias resolution).
    public var model: String
    /// The provider of the model.
    public var provider: ProviderID
    /// The normalised token counts.
    public var usage: Usage
    /// What the call cost.
    public var cost: MicroDollars
    /// Labels such as `feature` and `stage`, for breakdowns.
    public var tags: [String: String]
    /// When the call finished.
    public var timestamp: Date
    /// The attempt number within a retried call (1 for the first).
    public var attempt: Int

    /// A record of `cost` for `usage` on `model`, finished at `timestamp`.
    public init(
        id: UUID = UUID(), model: String, provider: ProviderID, usage: Usage, cost: MicroDollars,
        tags: [String: String] = [:], timestamp: Date, attempt: Int = 1
    ) {
        self.id = id
        self.model = model
        self.provider = provider
        self.usage = usage
        self.cost = cost
        self.tags = tags
        self.timestamp = timestamp
        self.attempt = attempt
    }

    /// Input tokens, counting plain input, cache reads and cache writes once each.
    public var inputTokens: Int { usage.totalInputTokens }
    /// Output tokens.
    public var outputTokens: Int { usage.outputTokens }
    /// Tokens read from the prompt cache.
    public var cacheReadTokens: Int { usage.cacheReadInputTokens }
    /// Tokens written to the prompt cache, either lifetime.
    public var cacheWriteTokens: Int { usage.cacheWriteInputTokens }

    /// A record for `usage` on `price`'s model, priced by that row.
    public static func priced(
        _ usage: Usage, by price: ModelPrice, tags: [String: String] = [:], timestamp: Date, attempt: Int = 1,
        batch: Bool = false
    ) -> CostRecord {
        CostRecord(
            model: price.id, provider: price.provider, usage: usage, cost: price.cost(of: usage, batch: batch),
            tags: tags, timestamp: timestamp, attempt: attempt)
    }
}
