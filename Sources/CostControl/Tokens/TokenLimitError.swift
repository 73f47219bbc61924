/// A request estimated over an input-token limit (``TokenLimits``), refused before anything was priced or
/// sent.
public struct TokenLimitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request's estimated input tokens.
    public var estimated: Int
    /// The limit it is over.
    public var limit: Int
    /// What sets the limit: `all requests` or a `key=value` cost tag.
    public var source: String
    /// When trimming was tried: the estimate of the shortest conversation it allows (the system prompt,
    /// the tools and the last turn), still over the limit; `nil` when the request was refused as it came.
    public var trimmed: Int?

    /// An error; every parameter is the property of the same name.
    ///
    /// - Parameters:
    ///   - estimated: the request's estimated input tokens.
    ///   - limit: the limit it is over.
    ///   - source: what sets the limit.
    ///   - trimmed: the estimate after trimming, when trimming was tried.
    public init(estimated: Int, limit: Int, source: String, trimmed: Int?) {
        self.estimated = estimated
        self.limit = limit
        self.source = source
        self.trimmed = trimmed
    }

    public var description: String {
        let head = "the request has about \(estimated) input tokens, over the limit of \(limit) for \(source)"
        if let trimmed {
            return head + "; even with only the system prompt, the tools and the last turn it has about "
                + "\(trimmed): shorten them, or raise the limit (TokenLimits)"
        }
        return head + "; shorten the conversation or its documents, raise the limit (TokenLimits), or set "
            + "whenOverInput to .trimHistory to drop the oldest turns"
    }
}
