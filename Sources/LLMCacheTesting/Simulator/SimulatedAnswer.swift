import Foundation
import LLMCore

/// The simulator's deterministic answer to a request, before it is written in a provider's format.
///
/// - With tools offered, a tool choice other than `none`, and no tool result in the last user turn, the
///   answer is one call of the named tool (or the first tool) with input `{"query": <last user text>}`.
/// - Otherwise it is the text `Simulated answer from <model> [<digest>]: <last user text>` (as
///   `{"answer": ...}` JSON when a JSON response format is asked for), where the last user text is the last
///   text block of the last user turn (the question, after any document before it) and the digest names the
///   whole request, so that different contexts give different answers and equal requests equal ones.
/// - A stop sequence in the text ends it there (stop reason `stop_sequence`); an answer longer than
///   `max_tokens` is cut to fit (stop reason `max_tokens`).
struct SimulatedAnswer: Sendable, Hashable {
    enum Block: Sendable, Hashable {
        case text(String)
        case toolCall(id: String, name: String, input: JSONValue)
    }

    enum Choice: Sendable, Hashable {
        case auto, any, none
        case tool(String)
    }

    /// What the answer is made from, read from either wire format.
    struct Inputs: Sendable {
        var model: String
        var lastUserText: String
        var lastTurnHasToolResult: Bool
        var toolNames: [String]
        var toolChoice: Choice
        var wantsJSON: Bool
        var stopSequences: [String]
        var maxTokens: Int
        var digest: String
    }

    var blocks: [Block]
    /// Anthropic's spelling: `end_turn`, `max_tokens`, `stop_sequence`, `tool_use`.
    var stopReason: String
    var stopSequence: String?
    var outputTokens: Int

    init(_ inputs: Inputs, tokenizer: SimulatedTokenizer) {
        if !inputs.toolNames.isEmpty, inputs.toolChoice != .none, !inputs.lastTurnHasToolResult {
            var name = inputs.toolNames[0]
            if case .tool(let chosen) = inputs.toolChoice, inputs.toolNames.contains(chosen) { name = chosen }
            let input: JSONValue = ["query": .string(inputs.lastUserText)]
            let id = "toolu_sim_" + inputs.digest
            blocks = [.toolCall(id: id, name: name, input: input)]
            stopReason = "tool_use"
            stopSequence = nil
            outputTokens = tokenizer.tokens(name) + tokenizer.tokens(json: input)
            return
        }
        var text = "Simulated answer from \(inputs.model) [\(inputs.digest)]: \(inputs.lastUserText)"
        if inputs.wantsJSON {
            text = (try? CanonicalJSON.string(["answer": .string(text)])) ?? "{}"
        }
        var reason = "end_turn"
        var matched: String?
        for sequence in inputs.stopSequences where !sequence.isEmpty {
            if let range = text.range(of: sequence) {
                text = String(text[..<range.lowerBound])
                reason = "stop_sequence"
                matched = sequence
                break
            }
        }
        if tokenizer.tokens(text) > inputs.maxTokens {
            text = tokenizer.prefix(of: text, fitting: inputs.maxTokens)
            reason = "max_tokens"
            matched = nil
        }
        blocks = [.text(text)]
        stopReason = reason
        stopSequence = matched
        outputTokens = max(1, tokenizer.tokens(text))
    }

    /// A short hex digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> String {
        String(CacheKey.hexDigest(bytes).prefix(12))
    }
}
