import CostControl
import Foundation
import LLMCore
import PromptCaching

/// Requests of known size and the real pricing table.
///
/// Tests count with ``estimator`` (4 UTF-8 bytes per token, no framing overhead), so a text of `n × 4`
/// ASCII bytes is exactly `n` tokens and prefix sizes can be checked by hand.
enum Fixture {
    /// The package root (four levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The real pricing table, `data/pricing.json`, read once.
    static func pricing() throws -> PricingTable { try loadedPricing.get() }

    private static let loadedPricing = Result {
        try PricingTable.load(contentsOf: packageRoot.appendingPathComponent("data/pricing.json"))
    }

    /// 4 bytes per token, no message or request overhead.
    static let estimator = TokenEstimator(bytesPerToken: 4, messageOverheadTokens: 0, requestOverheadTokens: 0)

    /// A planner on the real prices with the exact test estimator.
    static func planner() throws -> PromptCachePlanner {
        PromptCachePlanner(pricing: try pricing(), estimator: estimator)
    }

    /// A text of exactly `tokens` tokens under ``estimator``, made of `letter`.
    static func text(_ tokens: Int, _ letter: Character = "a") -> String {
        String(repeating: String(letter), count: tokens * 4)
    }

    /// A tool whose definition is `tokens` + 6 tokens when its name has at most 4 bytes (name 1, schema
    /// `{"type":"object"}` 5, description `tokens`).
    static func tool(_ name: String, tokens: Int) -> Tool {
        Tool(name: name, description: text(tokens, "t"))
    }

    /// Two tools (306 + 906 tokens), a 1,500-token system prompt, a first user turn with a 2,000-token
    /// document and a short instruction, two short exchanges, and the last user question.
    static func richRequest(model: String = "claude-sonnet-4-5", provider: ProviderID = .anthropic) -> LLMRequest {
        LLMRequest(
            provider: provider, model: model, system: [TextBlock(text(1_500, "s"))],
            messages: [
                Message(role: .user, content: [.text(text(2_000, "d")), .text("Summarise the document.")]),
                .assistant(text(50, "x")),
                .user(text(100, "u")),
                .assistant(text(50, "y")),
                .user("What does section 3 say?"),
            ],
            tools: [tool("look", tokens: 300), tool("find", tokens: 900)])
    }
}

extension PromptCachePlan {
    /// Whether the lifetimes of all breakpoints never get longer along the prompt.
    var lifetimesNeverIncrease: Bool {
        let ranks = breakpoints.map { $0.ttl == .oneHour ? 1 : 0 }
        return zip(ranks, ranks.dropFirst()).allSatisfy { $0 >= $1 }
    }

    /// The marker on a block of the planned request, if any.
    func marker(at location: PromptCacheLocation) -> PromptCacheMarker? {
        switch location {
        case .tool(let index): return request.tools[index].cacheControl
        case .system(let index): return request.system[index].cacheControl
        case .message(let index, let block):
            if case .text(let text) = request.messages[index].content[block] { return text.cacheControl }
            return nil
        }
    }

    /// Every marker in the planned request.
    var markerCount: Int {
        func count(_ block: ContentBlock) -> Int {
            switch block {
            case .text(let text): return text.cacheControl == nil ? 0 : 1
            case .toolResult(_, let content, _): return content.reduce(0) { $0 + count($1) }
            case .image, .toolUse: return 0
            case .providerBlock(let raw): return raw["cache_control"] == nil ? 0 : 1
            }
        }
        return request.tools.filter { $0.cacheControl != nil }.count
            + request.system.filter { $0.cacheControl != nil }.count
            + request.messages.reduce(0) { total, message in total + message.content.reduce(0) { $0 + count($1) } }
    }
}
