import CostControl
import LLMCore

/// A request laid out block by block in the provider's reading order (tools, system, messages), with the
/// running token estimate after each block.
///
/// Counts come from ``CostControl/TokenEstimator``: each block is counted exactly as the estimator counts it
/// inside a whole request, so the last block's ``PromptBlock/prefixTokens`` equals
/// `estimator.inputTokens(of: request)`.
struct PromptLayout: Sendable {
    /// Every block in reading order.
    let blocks: [PromptBlock]
    /// The index of the last user turn in the request's messages, if there is one.
    let lastUserTurn: Int?
    /// Estimated tokens of the stable prefix: everything before the last user turn.
    let stablePrefixTokens: Int

    /// Tokens of text for a block to count as a document rather than an ordinary turn.
    let documentMinimumTokens: Int

    init(_ request: LLMRequest, estimator: TokenEstimator, documentMinimumTokens: Int) {
        self.documentMinimumTokens = documentMinimumTokens
        let lastUser = request.messages.lastIndex { $0.role == .user }
        var blocks: [PromptBlock] = []
        var running = estimator.requestOverheadTokens
        var stable = running

        func append(
            _ location: PromptCacheLocation, _ section: PromptSection, tokens: Int, marker: Bool,
            ttls: [PromptCacheMarker.TTL]
        ) {
            running += tokens
            blocks.append(
                PromptBlock(
                    location: location, section: section, tokens: tokens, prefixTokens: running,
                    canCarryMarker: marker, callerTTLs: ttls))
            if section.isStable { stable = running }
        }

        for (index, tool) in request.tools.enumerated() {
            let tokens =
                estimator.inputTokens(of: LLMRequest(model: "", messages: [], tools: [tool]))
                - estimator.requestOverheadTokens
            append(
                .tool(index: index), .tools, tokens: tokens, marker: true,
                ttls: tool.cacheControl.map { [$0.ttl] } ?? [])
        }
        for (index, block) in request.system.enumerated() {
            append(
                .system(index: index), .system, tokens: estimator.tokens(in: block.text), marker: !block.text.isEmpty,
                ttls: block.cacheControl.map { [$0.ttl] } ?? [])
        }
        for (messageIndex, message) in request.messages.enumerated() {
            let isStable = lastUser.map { messageIndex < $0 } ?? false
            if message.content.isEmpty {
                running += estimator.messageOverheadTokens
                if isStable { stable = running }
                continue
            }
            for (blockIndex, block) in message.content.enumerated() {
                var tokens =
                    estimator.inputTokens(of: LLMRequest(model: "", messages: [Message(role: .user, content: [block])]))
                    - estimator.requestOverheadTokens - estimator.messageOverheadTokens
                let blockTokens = tokens
                if blockIndex == 0 { tokens += estimator.messageOverheadTokens }
                let section: PromptSection
                if !isStable {
                    section = .lastUserTurn
                } else if block.textValue != nil, blockTokens >= documentMinimumTokens {
                    section = .document
                } else {
                    section = .earlierTurns
                }
                // Only a non-empty text block can carry a marker here; the provider refuses one on empty text.
                let isText = block.textValue.map { !$0.isEmpty } ?? false
                append(
                    .message(index: messageIndex, block: blockIndex), section, tokens: tokens, marker: isText,
                    ttls: Self.markers(in: block))
            }
        }
        self.blocks = blocks
        self.lastUserTurn = lastUser
        self.stablePrefixTokens = stable
    }

    /// Whether anything comes before the last user turn.
    var hasStablePrefix: Bool { blocks.contains { $0.section.isStable } }

    /// The lifetimes of every marker in `block`, nested tool-result content included.
    private static func markers(in block: ContentBlock) -> [PromptCacheMarker.TTL] {
        switch block {
        case .text(let text): return text.cacheControl.map { [$0.ttl] } ?? []
        case .toolResult(_, let content, _): return content.flatMap(markers(in:))
        case .image, .toolUse: return []
        case .providerBlock(let raw):
            // A caller's marker on a block of the provider's own counts against the provider's limit too.
            guard let control = raw["cache_control"], !control.isNull else { return [] }
            return [control["ttl"]?.stringValue == "1h" ? .oneHour : .fiveMinutes]
        }
    }

    /// Long text blocks in the last user turn, with their text tokens, and whether each follows other
    /// content of that turn.
    func documentsInLastUserTurn(_ request: LLMRequest, estimator: TokenEstimator)
        -> [(location: PromptCacheLocation, tokens: Int, followsOtherContent: Bool)]
    {
        guard let lastUserTurn, request.messages.indices.contains(lastUserTurn) else { return [] }
        let content = request.messages[lastUserTurn].content
        guard content.count > 1 else { return [] }
        var out: [(location: PromptCacheLocation, tokens: Int, followsOtherContent: Bool)] = []
        for (index, block) in content.enumerated() {
            guard let text = block.textValue else { continue }
            let tokens = estimator.tokens(in: text)
            guard tokens >= documentMinimumTokens else { continue }
            out.append((.message(index: lastUserTurn, block: index), tokens, index > 0))
        }
        return out
    }
}
