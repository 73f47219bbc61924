import LLMCore

/// Makes the summary that ``TokenLimits/OverInput/summariseHistory`` sends in place of the turns it drops:
/// a closure of the caller's, or a cheap model called through a transport.
///
/// A model summary is one more call made by the ``CostGuard`` under the same token limits and budget:
/// priced, reserved and recorded in the ledger like any call, with the call's cost tags and
/// `token_budget=summary`. A closure's own calls are the caller's to account for.
public struct TurnSummariser: Sendable {
    /// A model that writes the summary, and how.
    struct Model: Sendable {
        /// The model's id; its provider is the one the price table gives it.
        var model: String
        /// The transport the summary call is sent through.
        var transport: any LLMTransport
        /// The longest summary asked for, in tokens.
        var maxTokens: Int
        /// The system prompt of the summary call.
        var instructions: String
    }

    enum Source: Sendable {
        case closure(@Sendable ([Message]) async throws -> String)
        case model(Model)
    }

    let source: Source

    /// The instructions a model summary is asked with by default.
    public static let defaultInstructions =
        "You summarise the earlier part of a conversation so that it can go on without it. Keep every fact, "
        + "name, number, decision, constraint and open question that later turns may need; leave out greetings "
        + "and repetition. Write plain prose in the conversation's language, without a preamble."

    /// A summariser that calls `summarise` with the dropped messages (oldest first) and sends what it
    /// returns.
    ///
    /// - Parameter summarise: writes the summary; a thrown error drops the turns without one.
    public init(_ summarise: @escaping @Sendable (_ dropped: [Message]) async throws -> String) {
        source = .closure(summarise)
    }

    /// A summariser that asks `model` through `transport` (at temperature 0) for a summary of the dropped
    /// messages, given as a transcript.
    ///
    /// - Parameters:
    ///   - model: the cheap model that summarises; it must be in the guard's price table.
    ///   - transport: the transport the summary call is sent through.
    ///   - maxTokens: the longest summary asked for. Default: 1,024.
    ///   - instructions: the summary call's system prompt. Default: ``defaultInstructions``.
    /// - Returns: the summariser.
    public static func model(
        _ model: String, through transport: any LLMTransport, maxTokens: Int = 1_024,
        instructions: String = defaultInstructions
    ) -> TurnSummariser {
        TurnSummariser(
            source: .model(
                Model(model: model, transport: transport, maxTokens: max(maxTokens, 1), instructions: instructions)))
    }

    private init(source: Source) {
        self.source = source
    }

    /// The transcript of `messages` a model summary is asked about: one paragraph per message, headed by
    /// its role; tool calls and results by name and content, images and provider blocks by a placeholder.
    static func transcript(of messages: [Message]) -> String {
        messages.map { message in
            let parts = message.content.map { block -> String in
                switch block {
                case .text(let text): return text.text
                case .image: return "[an image]"
                case .toolUse(_, let name, let input):
                    return "[called the tool \(name) with \((try? CanonicalJSON.string(input)) ?? "its input")]"
                case .toolResult(_, let content, let isError):
                    let text = content.compactMap(\.textValue).joined(separator: "\n")
                    return "[\(isError ? "tool error" : "tool result"): \(text)]"
                case .providerBlock(let raw):
                    return block.textValue ?? "[a \(raw["type"]?.stringValue ?? "provider") block]"
                }
            }
            return "\(message.role.rawValue): " + parts.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
