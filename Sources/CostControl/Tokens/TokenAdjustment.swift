/// What ``TokenLimits`` changed in a request before it was sent (the cache keys the request as written).
public struct TokenAdjustment: Sendable, Hashable {
    /// The request's estimated input tokens as the caller wrote it.
    public var estimatedInputTokens: Int
    /// The estimated input tokens of the request sent (fewer when texts were compressed or older turns were
    /// dropped).
    public var sentInputTokens: Int
    /// How many of the oldest messages were dropped to fit the input limit (summarised ones included).
    public var droppedMessages: Int
    /// How many text blocks ``PromptCompression`` shortened.
    public var compressedBlocks: Int
    /// How many of the dropped messages the summary sent in their place covers (``TokenLimits/OverInput/summariseHistory``).
    public var summarisedMessages: Int
    /// The `max_tokens` the caller asked for.
    public var requestedMaxTokens: Int
    /// The `max_tokens` sent (lower when an output limit applied).
    public var sentMaxTokens: Int

    /// An adjustment; every parameter is the property of the same name.
    ///
    /// - Parameters:
    ///   - estimatedInputTokens: the request's estimated input tokens as written.
    ///   - sentInputTokens: the estimated input tokens of the request sent.
    ///   - droppedMessages: how many of the oldest messages were dropped.
    ///   - requestedMaxTokens: the `max_tokens` asked for.
    ///   - sentMaxTokens: the `max_tokens` sent.
    ///   - compressedBlocks: how many text blocks compression shortened. Default: none.
    ///   - summarisedMessages: how many dropped messages a summary covers. Default: none.
    public init(
        estimatedInputTokens: Int, sentInputTokens: Int, droppedMessages: Int, requestedMaxTokens: Int,
        sentMaxTokens: Int, compressedBlocks: Int = 0, summarisedMessages: Int = 0
    ) {
        self.estimatedInputTokens = estimatedInputTokens
        self.sentInputTokens = sentInputTokens
        self.droppedMessages = droppedMessages
        self.requestedMaxTokens = requestedMaxTokens
        self.sentMaxTokens = sentMaxTokens
        self.compressedBlocks = compressedBlocks
        self.summarisedMessages = summarisedMessages
    }

    /// Whether anything was changed.
    public var changed: Bool {
        droppedMessages > 0 || sentMaxTokens != requestedMaxTokens || compressedBlocks > 0 || summarisedMessages > 0
    }

    /// The value of the cost tag `token_budget` for a call changed this way: the largest change made,
    /// `summarised`, `trimmed`, `compressed` or `output_limited` (the adjustment itself has each part).
    public var ledgerTag: String {
        if summarisedMessages > 0 { return "summarised" }
        if droppedMessages > 0 { return "trimmed" }
        if compressedBlocks > 0 { return "compressed" }
        return "output_limited"
    }
}
