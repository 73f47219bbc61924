/// What ``TokenLimits`` changed in a request before it was sent.
public struct TokenAdjustment: Sendable, Hashable {
    /// The request's estimated input tokens as the caller wrote it.
    public var estimatedInputTokens: Int
    /// The estimated input tokens of the request sent (fewer when older turns were dropped).
    public var sentInputTokens: Int
    /// How many of the oldest messages were dropped to fit the input limit.
    public var droppedMessages: Int
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
    public init(
        estimatedInputTokens: Int, sentInputTokens: Int, droppedMessages: Int, requestedMaxTokens: Int,
        sentMaxTokens: Int
    ) {
        self.estimatedInputTokens = estimatedInputTokens
        self.sentInputTokens = sentInputTokens
        self.droppedMessages = droppedMessages
        self.requestedMaxTokens = requestedMaxTokens
        self.sentMaxTokens = sentMaxTokens
    }

    /// Whether anything was changed.
    public var changed: Bool { droppedMessages > 0 || sentMaxTokens != requestedMaxTokens }
}
