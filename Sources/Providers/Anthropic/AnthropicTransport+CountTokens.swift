import Foundation
import LLMCore
import WireFormats

/// Anthropic's `POST /v1/messages/count_tokens`: the exact input tokens of a request, free of charge.
extension AnthropicTransport: InputTokenCounting {
    /// The members of a Messages request that count_tokens takes.
    static let countedMembers: Set<String> = ["model", "messages", "system", "tools", "tool_choice", "thinking"]

    public func countInputTokens(_ request: LLMRequest) async throws -> Int {
        let request = try request.addressed(to: provider)
        guard case .object(let members) = try AnthropicRequestEncoder.body(for: request, stream: false) else {
            throw ProviderError(kind: .http(status: 400), provider: .anthropic, message: "the request has no body")
        }
        let body = JSONValue.object(members.filter { Self.countedMembers.contains($0.key) })
        let response = try await exchange.post(
            url: root + "/v1/messages/count_tokens", headers: headers(for: request, stream: false),
            body: try CanonicalJSON.encode(body), deadline: configuration.timeout)
        let answer = try await exchange.collectJSON(response)
        guard let tokens = answer["input_tokens"]?.intValue, tokens >= 0 else {
            throw exchange.invalidResponse(response, "the count_tokens answer has no input_tokens")
        }
        return tokens
    }
}
