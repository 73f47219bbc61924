/// Something that counts a request's input tokens the way its provider bills them: Anthropic's
/// `POST /v1/messages/count_tokens` through `AnthropicTransport`. The cost guard can measure each call with
/// one before its token limits and its budget reservation (in place of the estimate alone).
public protocol InputTokenCounting: Sendable {
    /// The input tokens of `request` (system prompt, tools and messages) as its provider counts them.
    func countInputTokens(_ request: LLMRequest) async throws -> Int
}
