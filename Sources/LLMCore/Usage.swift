/// Token counts of one call, normalised so that each token is counted once.
///
/// `inputTokens` are the input tokens read neither from nor into the provider's prompt cache (Anthropic's
/// `input_tokens`; for OpenAI, `prompt_tokens - cached_tokens`). Cache reads and the two kinds of cache
/// writes are separate, because each has its own price. The total input is their sum.
public struct Usage: Codable, Sendable, Hashable {
    /// Input tokens billed at the plain input rate.
    public var inputTokens: Int
    /// Output tokens.
    public var outputTokens: Int
    /// Input tokens served from the provider's prompt cache.
    public var cacheReadInputTokens: Int
    /// Input tokens written to the provider's prompt cache with the 5-minute lifetime.
    public var cacheWrite5mInputTokens: Int
    /// Input tokens written to the provider's prompt cache with the 1-hour lifetime.
    public var cacheWrite1hInputTokens: Int

    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, cacheReadInputTokens: Int = 0,
        cacheWrite5mInputTokens: Int = 0, cacheWrite1hInputTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheWrite5mInputTokens = cacheWrite5mInputTokens
        self.cacheWrite1hInputTokens = cacheWrite1hInputTokens
    }

    /// All cache-write tokens, of either lifetime.
    public var cacheWriteInputTokens: Int { cacheWrite5mInputTokens.addingSaturated(cacheWrite1hInputTokens) }

    /// Every input token of the call, each counted once.
    public var totalInputTokens: Int {
        inputTokens.addingSaturated(cacheReadInputTokens).addingSaturated(cacheWriteInputTokens)
    }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case cacheWrite5mInputTokens = "cache_write_5m_input_tokens"
        case cacheWrite1hInputTokens = "cache_write_1h_input_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputTokens = try container.decodeIfPresent(Int.self, forKey: .inputTokens) ?? 0
        outputTokens = try container.decodeIfPresent(Int.self, forKey: .outputTokens) ?? 0
        cacheReadInputTokens = try container.decodeIfPresent(Int.self, forKey: .cacheReadInputTokens) ?? 0
        cacheWrite5mInputTokens = try container.decodeIfPresent(Int.self, forKey: .cacheWrite5mInputTokens) ?? 0
        cacheWrite1hInputTokens = try container.decodeIfPresent(Int.self, forKey: .cacheWrite1hInputTokens) ?? 0
    }
}
