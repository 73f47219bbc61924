import LLMCore

/// Token budgets checked before a call is priced and sent (by ``CostGuard``): the most input tokens a
/// request may be estimated to have, overall and per cost tag, what to do with one that has more, and the
/// most output tokens a request may ask for, overall and per cost tag; and, when chosen, whitespace
/// compression of long texts (``compression``).
///
/// Input is estimated with the guard's ``TokenEstimator`` (the one the budget uses). Trimming and
/// summarising change what the model is asked, so they are off unless chosen (``OverInput/trimHistory``,
/// ``OverInput/summariseHistory``); they drop whole earlier turns and never the system prompt, the tools or
/// the last turn. Compression, also off unless chosen, removes only whitespace that carries no meaning.
/// Every change is made to what is sent: the caches key the request as the caller wrote it.
public struct TokenLimits: Sendable, Hashable {
    /// What happens to a request estimated over an input limit.
    public enum OverInput: Sendable, Hashable {
        /// Refuse it with ``TokenLimitError`` before anything is sent.
        case refuse
        /// Drop the oldest turns (keeping the system prompt, the tools and the last turn; the conversation
        /// still starts with a user turn that answers no tool call) until it fits; refuse it when even that
        /// does not fit.
        case trimHistory
        /// Drop the oldest turns as ``trimHistory`` does, and send a summary of them, made by the guard's
        /// ``TurnSummariser``, as the first block of the first turn kept, after any tool results it starts
        /// with (a message of its own would put two user turns in a row); more turns are dropped when the summary does not fit. Without a summariser,
        /// or when it fails, the turns are dropped without a summary (logged); the call never fails for it.
        case summariseHistory
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
    /// Whitespace compression of long texts before the limits are checked; `nil` (the default) sends every
    /// text as written.
    public var compression: PromptCompression?

    /// Limits; every parameter is the property of the same name, and the defaults limit nothing.
    ///
    /// - Parameters:
    ///   - maxInputTokens: the most input tokens any request may have. Default: `nil`, no limit.
    ///   - maxInputTokensByTag: the most input tokens per `key=value` cost tag. Default: none.
    ///   - maxOutputTokens: the most output tokens any request may ask for. Default: `nil`, no limit.
    ///   - maxOutputTokensByTag: the most output tokens per `key=value` cost tag. Default: none.
    ///   - whenOverInput: what happens to a request over an input limit. Default: ``OverInput/refuse``.
    ///   - compression: whitespace compression of long texts. Default: `nil`, off.
    public init(
        maxInputTokens: Int? = nil, maxInputTokensByTag: [String: Int] = [:], maxOutputTokens: Int? = nil,
        maxOutputTokensByTag: [String: Int] = [:], whenOverInput: OverInput = .refuse,
        compression: PromptCompression? = nil
    ) {
        self.maxInputTokens = maxInputTokens
        self.maxInputTokensByTag = maxInputTokensByTag
        self.maxOutputTokens = maxOutputTokens
        self.maxOutputTokensByTag = maxOutputTokensByTag
        self.whenOverInput = whenOverInput
        self.compression = compression
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

    /// `request` within these limits for a call tagged `tags`: long texts compressed (with ``compression``),
    /// `max_tokens` lowered to the output limit, and, over an input limit, trimmed or refused as
    /// ``whenOverInput`` says (``OverInput/summariseHistory`` trims here; ``CostGuard`` then places the
    /// summary with ``placingSummary(_:of:in:adjustment:tags:estimator:)``).
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
        if let compression {
            let (compressed, count) = compression.apply(to: sent)
            if count > 0 {
                sent = compressed
                adjustment.compressedBlocks = count
                adjustment.sentInputTokens = estimator.inputTokens(of: sent)
            }
        }
        if let limit = outputLimit(tags: tags), sent.maxTokens > limit {
            sent.maxTokens = max(limit, 1)
            adjustment.sentMaxTokens = sent.maxTokens
        }
        let tokens = adjustment.sentInputTokens
        if let (limit, source) = inputLimit(tags: tags), tokens > limit {
            guard whenOverInput != .refuse else {
                throw TokenLimitError(estimated: tokens, limit: limit, source: source, trimmed: nil)
            }
            var messages = sent.messages[...]
            var left = tokens
            while left > limit, messages.count > 1 {
                Self.dropOldestTurn(&messages, tokens: &left, estimator: estimator)
            }
            guard left <= limit else {
                throw TokenLimitError(estimated: tokens, limit: limit, source: source, trimmed: left)
            }
            adjustment.droppedMessages = sent.messages.count - messages.count
            adjustment.sentInputTokens = left
            sent.messages = Array(messages)
        }
        return adjustment.changed ? (sent, adjustment) : (request, nil)
    }

    /// `request`, which ``apply(to:tags:estimator:)`` trimmed, with `summary` (of the `summarised` messages
    /// it dropped) as the first block of its first turn (after any tool results it starts with); when that is over the input limit, more of the
    /// oldest turns are dropped (by the same rules) until it fits.
    ///
    /// - Parameters:
    ///   - summary: the summary of the dropped turns.
    ///   - summarised: how many dropped messages it covers.
    ///   - request: the trimmed request.
    ///   - adjustment: what trimming changed.
    ///   - tags: the call's cost tags (for the limit).
    ///   - estimator: the estimator the limit is checked with.
    /// - Returns: the request to send and what was changed, or `nil` when even the last turn with the
    ///   summary is over the limit (send the trimmed request then).
    public func placingSummary(
        _ summary: String, of summarised: Int, in request: LLMRequest, adjustment: TokenAdjustment,
        tags: [String: String], estimator: TokenEstimator
    ) -> (request: LLMRequest, adjustment: TokenAdjustment)? {
        let limit = inputLimit(tags: tags)?.limit ?? .max
        let block = ContentBlock.text(Self.summaryText(summary, messages: summarised))
        var messages = request.messages[...]
        var tokens = adjustment.sentInputTokens
        while let first = messages.first {
            var withSummary = first
            // Tool results lead their turn (a provider reads them as answers to the calls before).
            let position =
                first.content.firstIndex { if case .toolResult = $0 { false } else { true } } ?? first.content.endIndex
            withSummary.content.insert(block, at: position)
            let total = tokens - estimator.inputTokens(of: first) + estimator.inputTokens(of: withSummary)
            if total <= limit {
                messages[messages.startIndex] = withSummary
                var sent = request
                var changed = adjustment
                changed.droppedMessages += request.messages.count - messages.count
                changed.summarisedMessages = summarised
                changed.sentInputTokens = total
                sent.messages = Array(messages)
                return (sent, changed)
            }
            guard messages.count > 1 else { return nil }
            Self.dropOldestTurn(&messages, tokens: &tokens, estimator: estimator)
        }
        return nil
    }

    /// The text a summary is sent as, which says what it stands for.
    static func summaryText(_ summary: String, messages: Int) -> String {
        "[A summary of the \(messages) earlier messages of this conversation, left out to fit the context:]\n\n"
            + summary
    }

    /// Drops the oldest whole turn of `messages` (keeping the last), taking its estimate off `tokens`: the
    /// estimate is a sum over messages, so dropping one takes off its own share. A conversation starts
    /// with a user turn that does not answer a tool call it no longer has, so such turns go too.
    static func dropOldestTurn(_ messages: inout ArraySlice<Message>, tokens: inout Int, estimator: TokenEstimator) {
        guard messages.count > 1 else { return }
        tokens -= estimator.inputTokens(of: messages.removeFirst())
        while messages.count > 1, let first = messages.first, first.role != .user || first.answersToolCall {
            tokens -= estimator.inputTokens(of: messages.removeFirst())
        }
    }
}

extension Message {
    /// Whether the turn holds a tool result (which needs the assistant turn that called the tool).
    fileprivate var answersToolCall: Bool {
        content.contains { if case .toolResult = $0 { true } else { false } }
    }
}
