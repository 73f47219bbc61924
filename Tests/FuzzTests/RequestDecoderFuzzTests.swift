import LLMCore
import Providers
import Testing
import WireFormats

@testable import LLMCacheServer

extension FuzzTests {
    @Test("Anthropic request decoder: a request or an InvalidWireRequestError; the request re-encodes and decodes")
    func anthropicRequestDecoder() {
        Fuzz.run(
            "anthropic-requests", iterations: 2000,
            generate: JSONGenerator.shapedOrMutated(RequestShapes.anthropic),
            check: { input in
                guard let body = try? JSONValue.parse(bytes: input) else { return }
                let request: LLMRequest
                do {
                    request = try AnthropicRequestDecoder.request(from: body)
                } catch is InvalidWireRequestError {
                    return
                }
                try checkDecoded(request)
                guard !request.messages.isEmpty else { throw FuzzViolation("a request without messages was accepted") }
                let again = try AnthropicRequestDecoder.request(
                    from: try AnthropicRequestEncoder.body(for: request, stream: request.stream))
                guard again == request else { throw FuzzViolation("encode then decode changed the request") }
            })
    }

    @Test(
        "OpenAI request decoder: a request, an InvalidWireRequestError or an UncachedWireRequestError; the request re-encodes and decodes"
    )
    func openAIRequestDecoder() {
        Fuzz.run(
            "openai-requests", iterations: 2000,
            generate: JSONGenerator.shapedOrMutated(RequestShapes.openAI),
            check: { input in
                guard let body = try? JSONValue.parse(bytes: input) else { return }
                let request: LLMRequest
                do {
                    request = try OpenAIChatRequestDecoder.request(from: body, defaultMaxTokens: 4096)
                    _ = OpenAIChatRequestDecoder.includeUsage(body)
                } catch is InvalidWireRequestError {
                    return
                } catch is UncachedWireRequestError {
                    return  // n > 1, logprobs, audio: passed through as sent
                }
                try checkDecoded(request)
                let again = try OpenAIChatRequestDecoder.request(
                    from: OpenAIChatRequestEncoder.body(for: request, stream: request.stream), defaultMaxTokens: 4096)
                guard again == request else { throw FuzzViolation("encode then decode changed the request") }
            })
    }
}

/// What holds for every decoded request: a token limit of at least 1 and a cache key.
private func checkDecoded(_ request: LLMRequest) throws {
    guard request.maxTokens >= 1 else { throw FuzzViolation("max_tokens \(request.maxTokens) was accepted") }
    _ = try CacheKey(request)
}
