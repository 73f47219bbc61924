import Foundation
import LLMCacheServer
import LLMCore
import Providers
import Testing
import WireFormats

@Suite("Wire formats: inbound decoders invert the transports' encoders")
struct WireRoundTripTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])

    /// A request that uses every field the Messages API can carry.
    static var anthropicRequest: LLMRequest {
        LLMRequest(
            provider: .anthropic, model: "claude-sonnet-4-5",
            system: [TextBlock("Be exact.", cacheControl: PromptCacheMarker(ttl: .oneHour)), TextBlock("Second.")],
            messages: [
                Message(role: .user, content: [.text("Look:"), .image(mediaType: "image/png", data: png)]),
                Message(
                    role: .assistant, content: [.text("Calling."), .toolUse(id: "t1", name: "find", input: ["q": "x"])]),
                Message(
                    role: .user,
                    content: [.toolResult(toolUseID: "t1", content: [.text("found")], isError: true), .text("And?")]),
            ],
            tools: [Tool(name: "find", description: "Finds.", inputSchema: ["type": "object"])],
            toolChoice: .tool(name: "find"), maxTokens: 321, temperature: 0.25, topP: 0.5, topK: 7,
            stopSequences: ["END"], metadata: ["user_id": "u-1"])
    }

    @Test("Anthropic: encode then decode gives the same request and the same cache key")
    func anthropicRoundTrip() throws {
        let original = Self.anthropicRequest
        let body = try AnthropicRequestEncoder.body(for: original, stream: false)
        let decoded = try AnthropicRequestDecoder.request(from: body)
        #expect(decoded == original)
        #expect(try CacheKey(decoded) == CacheKey(original))
    }

    @Test("OpenAI: encode then decode gives the same request and the same cache key")
    func openAIRoundTrip() throws {
        let original = LLMRequest(
            provider: .openAI, model: "gpt-4.1-mini", system: [TextBlock("Be exact.")],
            messages: [
                Message(role: .user, content: [.text("Look:"), .image(mediaType: "image/png", data: Self.png)]),
                Message(
                    role: .assistant, content: [.text("Calling."), .toolUse(id: "c1", name: "find", input: ["q": 1])]),
                Message(
                    role: .user,
                    content: [.toolResult(toolUseID: "c1", content: [.text("found")], isError: false), .text("And?")]),
            ],
            tools: [Tool(name: "find", description: "Finds.", inputSchema: ["type": "object"])],
            toolChoice: .any, maxTokens: 99, temperature: 0, topP: 0.9, stopSequences: ["END", "STOP"],
            responseFormat: .jsonSchema(name: "answer", schema: ["type": "object"], strict: true), seed: 42,
            metadata: ["user_id": "u-2"])
        let body = OpenAIChatRequestEncoder.body(for: original, stream: false)
        let decoded = try OpenAIChatRequestDecoder.request(from: body, defaultMaxTokens: 4096)
        #expect(decoded == original)
        #expect(try CacheKey(decoded) == CacheKey(original))
    }

    @Test("Responses: the encoders write what the transports' decoders read back")
    func responseRoundTrip() throws {
        let response = LLMResponse(
            id: "msg_1", model: "claude-sonnet-4-5",
            content: [.text("Here."), .toolUse(id: "t9", name: "find", input: ["q": "y"])], stopReason: .toolUse,
            usage: Usage(
                inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWrite5mInputTokens: 20,
                cacheWrite1hInputTokens: 30))
        let anthropic = try AnthropicResponseDecoder.response(from: AnthropicResponseEncoder.body(for: response))
        #expect(anthropic == response)

        var openAIResponse = response
        openAIResponse.usage = Usage(inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100)
        let openAI = try OpenAIChatResponseDecoder.response(
            from: OpenAIChatResponseEncoder.body(for: openAIResponse, created: 1_700_000_000))
        #expect(openAI == openAIResponse)

        // The provider's own members come back as they were.
        openAIResponse.providerFields = [
            "system_fingerprint": "fp_1", "service_tier": "flex",
            "usage": [
                "completion_tokens_details": ["reasoning_tokens": 7], "prompt_tokens_details": ["audio_tokens": 1],
            ],
        ]
        let detailed = try OpenAIChatResponseDecoder.response(
            from: OpenAIChatResponseEncoder.body(for: openAIResponse, created: 1_700_000_000))
        #expect(detailed == openAIResponse)
        var anthropicDetailed = response
        anthropicDetailed.providerFields = ["container": ["id": "c1"], "usage": ["service_tier": "priority"]]
        #expect(
            try AnthropicResponseDecoder.response(from: AnthropicResponseEncoder.body(for: anthropicDetailed))
                == anthropicDetailed)
    }

    @Test("a system message after the conversation started is refused, not moved")
    func lateSystemMessage() {
        let body: JSONValue = [
            "model": "gpt-4.1-mini",
            "messages": [["role": "user", "content": "hi"], ["role": "system", "content": "late"]],
        ]
        #expect(throws: InvalidWireRequestError.self) {
            try OpenAIChatRequestDecoder.request(from: body, defaultMaxTokens: 16)
        }
    }
}
