import LLMCore

/// Token budgets checked before a call is priced and sent (by ``CostGuard``): the most input tokens a
/// request may be estimated to have, overall and per cost tag, what to do with one that has more, and the
/// most output tokens a request may ask for, overall and per cost tag.
///
/// Input is estimated with the guard's ``TokenEstimator`` (the one the budget uses). Trimming changes what
/// the model is asked, so it is off unless chosen (``OverInput/trimHistory``); it drops whole earlier turns
/// and never the system prompt, the tools or the last turn.
public struct TokenLimits: Sendable, Hashable {
    /// What happens to a request estimated over an input limit.
    public enum OverInput: Sendable, Hashable {
        /// Refuse it with ``TokenLimitError`` before anything is sent.
        case refuse
        /// Drop the oldest turns (keeping the system prompt, the tools and the last turn; the conversation
        /// still starts with a user turn that answers no tool call) until it fits; refuse it when even that
        /// does not fit.
        case trimHistory
    }

    /// The most input tokens any request may be estimated to have; `nil` for no limit.
    public var maxInputTokens: Int?
    /// The most input tokens a request with a cost tag may have, by `key=value` tag (`feature=search`).
    public var maxInputTokensByTag: [String: Int]
    /// The most output tokens (`max_tokens`) any request may ask for; a request asking more is sent with
    /// this many. `nil` for no limit.
    public var maxOutputTokens: Int?
    /// The most output tokens a request with a cost tag may ask for, by `key=value` tag.
    public var maxOutputTokensByTag: [String: Int]
    /// What happens to a request over an input limit.
    public var whenOverInput: OverInput

    /// Limits; every parameter is the property of the same name, and the defaults limit nothing.
    ///
    /// - Parameters:
    ///   - maxInputTokens: the most input tokens any request may have. Default: `nil`, no limit.
    ///   - maxInputTokensByTag: the most input tokens per `key=value` cost tag. Default: none.
    ///   - maxOutputTokens: the most output tokens any request may ask for. Default: `nil`, no limit.
    ///   - maxOutputTokensByTag: the most output tokens per `key=value` cost tag. Default: none.
    ///   - whenOverInput: what happens to a request over an input limit. Default: ``OverInput/refuse``.
    public init(
        maxInputTokens: Int? = nil, maxInputTokensByTag: [String: Int] = [:], maxOutputTokens: Int? = nil,
        maxOutputTokensByTag: [String: Int] = [:], whenOverInput: OverInput = .refuse
    ) {
        self.maxInputTokens = maxInputTokens
        self.maxInputTokensByTag = maxInputTokensByTag
        self.maxOutputTokens = maxOutputTokens
        self.maxOutputTokensByTag = maxOutputTokensByTag
        self.whenOverInput = whenOverInput
    }

    /// The strictest input limit for a call tagged `tags`, with what sets it (`all requests` or the tag).
    func inputLimit(tags: [String: String]) -> (limit: Int, source: String)? {
        var strictest = maxInputTokens.map { (limit: $0, source: "all requests") }
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            let tag = "\(key)=\(value)"
            if let limit = maxInputTokensByTag[tag], limit < strictest?.limit ?? .max {
                strictest = (limit, tag)
            }
        }
        return strictest
    }

    /// The strictest output limit for a call tagged `tags`.
    func outputLimit(tags: [String: String]) -> Int? {
        let byTag = tags.compactMap { maxOutputTokensByTag["\($0.key)=\($0.value)"] }
        return (byTag + (maxOutputTokens.map { [$0] } ?? [])).min()
    }

    /// `request` within these limits for a call tagged `tags`: `max_tokens` lowered to the output limit, and,
    /// over an input limit, trimmed or refused as ``whenOverInput`` says.
    ///
    /// - Returns: the request to send and what was changed (`nil` when nothing was).
    /// - Throws: ``TokenLimitError`` for a request over an input limit that is refused or cannot be trimmed
    ///   to fit.
    public func apply(to request: LLMRequest, tags: [String: String], estimator: TokenEstimator) throws(TokenLimitError)
        -> (request: LLMRequest, adjustment: TokenAdjustment?)
    {
        var sent = request
        let estimated = estimator.inputTokens(of: request)
        var adjustment = TokenAdjustment(
            estimatedInputTokens: estimated, sentInputTokens: estimated, droppedMessages: 0,
            requestedMaxTokens: request.maxTokens, sentMaxTokens: request.maxTokens)
        if let limit = outputLimit(tags: tags), sent.maxTokens > limit {
            sent.maxTokens = max(limit, 1)
            adjustment.sentMaxTokens = sent.maxTokens
        }
        if let (limit, source) = inputLimit(tags: tags), estimated > limit {
            guard whenOverInput == .trimHistory else {
                throw TokenLimitError(estimated: estimated, limit: limit, source: source, trimmed: nil)
            }
            // The estimate is a sum over messages: dropping one takes off its own share.
            var messages = sent.messages[...]
            var tokens = estimated
            while tokens > limit, messages.count > 1 {
                tokens -= estimator.inputTokens(of: messages.removeFirst())
                // A conversation starts with a user turn that does not answer a tool call it no longer has.
                while messages.count > 1, let first = messages.first, first.role != .user || first.answersToolCall {
                    tokens -= estimator.inputTokens(of: messages.removeFirst())
                }
            }
            guard tokens <= limit else {
                throw TokenLimitError(estimated: estimated, limit: limit, source: source, trimmed: tokens)
            }
            adjustment.droppedMessages = sent.messages.count - messages.count
            adjustment.sentInputTokens = tokens
            sent.messages = Array(messages)
        }
        return adjustment.changed ? (sent, adjustment) : (request, nil)
    }
}

extension Message {
    /// Whether the turn holds a tool result (which needs the assistant turn that called the tool).
    fileprivate var answersToolCall: Bool {
        content.contains { if case .toolResult = $0 { true } else { false } }
    }
}
