import CostControl
import Foundation
import LLMCore

/// The simulator's stand-in for the providers' tokenizers.
///
/// The approximation: one token per 3.5 UTF-8 bytes of text for Anthropic models and per 4 bytes for OpenAI
/// models (rounded up per text), 1,600 tokens per image, 4 tokens of framing per message and 3 per request;
/// tool definitions count their name, description and canonical JSON schema, tool calls their id, name and
/// canonical JSON input. These are CostControl's ``CostControl/TokenEstimator`` rules, so the simulator's
/// counts and the budget gate's estimates agree; real tokenizers differ by roughly ±15 % on English text.
///
/// For OpenAI-style prefix caching the tokenizer also produces token identities: every 4-byte slice of a text
/// is one token whose identity is the hash of its bytes, so two prompts share a token prefix exactly when they
/// share a byte prefix (in whole 4-byte steps).
struct SimulatedTokenizer: Sendable {
    let estimator: TokenEstimator

    static let anthropic = SimulatedTokenizer(estimator: .anthropic)
    static let openAI = SimulatedTokenizer(estimator: .openAI)

    var requestOverhead: Int { estimator.requestOverheadTokens }
    var messageOverhead: Int { estimator.messageOverheadTokens }
    var imageTokens: Int { estimator.imageTokens }

    /// Tokens of a text.
    func tokens(_ text: String) -> Int { estimator.tokens(in: text) }

    /// Tokens of a JSON value written canonically.
    func tokens(json: JSONValue) -> Int { tokens((try? CanonicalJSON.string(json)) ?? "") }

    /// The byte length of the longest prefix of `text` that fits in `budget` tokens, cut on a character boundary.
    func prefix(of text: String, fitting budget: Int) -> String {
        let limit = Int((Double(max(0, budget)) * estimator.bytesPerToken).rounded(.down))
        var used = 0
        var out = ""
        for character in text {
            let size = character.utf8.count
            if used + size > limit { break }
            used += size
            out.append(character)
        }
        return out
    }
}
