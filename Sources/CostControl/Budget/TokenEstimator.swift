import Foundation
import LLMCore

/// Estimates the input tokens of a request before it is sent, without the provider's tokenizer.
///
/// The estimate is `ceil(UTF-8 bytes / bytesPerToken)` over every text the model reads (system prompt,
/// message text, tool definitions and tool calls as JSON), plus ``messageOverheadTokens`` per message and
/// ``requestOverheadTokens`` per request, plus ``imageTokens`` per image. UTF-8 bytes rather than characters
/// keep non-Latin scripts from being under-counted (one CJK character is 3 bytes and about one token).
///
/// Measured error of `bytes / 4` against OpenAI's real tokenizers (exact BPE counts, `cl100k_base` and
/// `o200k_base`), on 40,000 Quora questions (short English texts, `shared/datasets/qqp/dev.jsonl`):
/// over-estimates by 11–12 % in aggregate; median ratio estimate/real 1.14–1.15, 5th–95th percentile
/// 0.86–1.47, mean absolute error 19 %, under-estimates 13–14 % of the texts (by more than 14 % only for
/// one text in twenty). Joined into 200 long prompts: +14 % ± 3 %. On Swift source files: +6–8 % median,
/// mean absolute error 10–11 %. On a Japanese and a Chinese sentence `chars / 4` gives 0.32–0.38 of the
/// `o200k_base` count and `bytes / 4` 0.96–1.13 (a Russian sentence is over-counted 2.3 ×).
/// See the TokenEstimation article for the table and the script.
///
/// Claude's tokenizer is not public; published comparisons on English, code and maths put it at 20–30 %
/// more tokens than OpenAI's for the same text, so for Anthropic models the divisor is 3.5
/// (`bytes / 3.5` is 1.30–1.33 × the OpenAI counts on the same questions, about 1.0–1.1 × Claude's).
/// Against a published Claude count (`"Hello, world"` as one user message: 10 tokens from `count_tokens`)
/// the Anthropic estimate is 11.
///
/// The budget gate reserves the request's full `max_tokens` of output on top of this estimate, which for
/// typical calls dominates the reservation; the reservation is settled with the provider's real usage.
public struct TokenEstimator: Sendable, Hashable {
    /// UTF-8 bytes per token.
    public var bytesPerToken: Double
    /// Tokens added per message for role and framing.
    public var messageOverheadTokens: Int
    /// Tokens added once per request.
    public var requestOverheadTokens: Int
    /// Tokens counted per image (Anthropic's formula gives about 1,600 for a 1.15-megapixel image, its
    /// largest size before resizing).
    public var imageTokens: Int

    /// An estimator with `bytesPerToken` (at least 0.5) and the given overheads.
    public init(
        bytesPerToken: Double, messageOverheadTokens: Int = 4, requestOverheadTokens: Int = 3, imageTokens: Int = 1_600
    ) {
        self.bytesPerToken = max(bytesPerToken, 0.5)
        self.messageOverheadTokens = messageOverheadTokens
        self.requestOverheadTokens = requestOverheadTokens
        self.imageTokens = imageTokens
    }

    /// `bytes / 4`, measured against OpenAI's tokenizers (see above).
    public static let openAI = TokenEstimator(bytesPerToken: 4)
    /// `bytes / 3.5`, allowing for Claude's denser tokenization.
    public static let anthropic = TokenEstimator(bytesPerToken: 3.5)

    /// The estimator suited to `provider`, at its profile's bytes per token.
    /// - Throws: `UnknownProviderError` for a provider without a `ProviderProfile`.
    public static func forProvider(_ provider: ProviderID) throws(UnknownProviderError) -> TokenEstimator {
        TokenEstimator(bytesPerToken: try ProviderProfile.named(provider).bytesPerToken)
    }

    /// The estimated tokens of `text`.
    public func tokens(in text: String) -> Int {
        let bytes = text.utf8.count
        return bytes == 0 ? 0 : Int((Double(bytes) / bytesPerToken).rounded(.up))
    }

    /// The estimated input tokens of `request`.
    public func inputTokens(of request: LLMRequest) -> Int {
        var total = requestOverheadTokens
        total += request.system.reduce(0) { $0 + tokens(in: $1.text) }
        total += request.messages.reduce(0) { $0 + inputTokens(of: $1) }
        for tool in request.tools {
            total += tokens(in: tool.name) + tokens(in: tool.description ?? "")
            total += tokens(in: (try? CanonicalJSON.string(tool.inputSchema)) ?? "")
        }
        // The provider's own members (server tools, a raw system prompt, a Responses `input`) count by their
        // JSON: an estimate on the high side, as a budget wants.
        for value in request.providerOptions.values {
            total += value.stringValue.map { tokens(in: $0) } ?? tokens(in: (try? CanonicalJSON.string(value)) ?? "")
        }
        return total
    }

    /// The estimated input tokens of one message, its overhead included: what it adds to a request's
    /// estimate (`inputTokens(of:)` of the request).
    public func inputTokens(of message: Message) -> Int {
        messageOverheadTokens + message.content.reduce(0) { $0 + tokens(in: $1) }
    }

    private func tokens(in block: ContentBlock) -> Int {
        switch block {
        case .text(let text): return tokens(in: text.text)
        case .image: return imageTokens
        case .toolUse(let id, let name, let input):
            return tokens(in: id) + tokens(in: name) + tokens(in: (try? CanonicalJSON.string(input)) ?? "")
        case .toolResult(let id, let content, _):
            return tokens(in: id) + content.reduce(0) { $0 + tokens(in: $1) }
        case .providerBlock(let raw):
            let type = raw["type"]?.stringValue ?? ""
            if type.contains("image") { return imageTokens }
            return tokens(in: raw["text"]?.stringValue ?? ((try? CanonicalJSON.string(raw)) ?? ""))
        }
    }

    /// This estimator scaled so that its estimate of `request` is about `counted`, the provider's own count
    /// of it (overheads are kept; the bytes per token move, within 0.5 to 32). Unchanged when either is zero.
    public func calibrated(toCount counted: Int, of request: LLMRequest) -> TokenEstimator {
        let estimated = inputTokens(of: request)
        guard counted > 0, estimated > 0 else { return self }
        var copy = self
        let scaled = bytesPerToken * Double(estimated) / Double(counted)
        copy.bytesPerToken = min(max(scaled.isFinite ? scaled : bytesPerToken, 0.5), 32)
        return copy
    }
}
