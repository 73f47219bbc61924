import LLMCacheServer
import LLMCore
import Testing
import WireFormats

@Suite("Response encoders: any usage an upstream reports is written without trapping")
struct ResponseEncoderBoundsTests {
    static let response = LLMResponse(
        id: "msg_1", model: "gpt-4.1-mini", content: [.text("Hi")], stopReason: .endTurn,
        usage: Usage(inputTokens: .max, outputTokens: .max, cacheReadInputTokens: .max))

    @Test("OpenAI usage saturates at the largest count")
    func openAI() {
        let body = OpenAIChatResponseEncoder.body(for: Self.response, created: 0)
        #expect(body["usage"]?["total_tokens"] == .int(.max))
        #expect(body["usage"]?["prompt_tokens"] == .int(.max))
    }

    @Test("Anthropic usage is written as reported")
    func anthropic() {
        let body = AnthropicResponseEncoder.body(for: Self.response)
        #expect(body["usage"]?["output_tokens"] == .int(.max))
    }
}
