import LLMCore
import Testing

@Suite("Usage normalisation")
struct UsageNormalizationTests {
    @Test("Anthropic cache writes without a lifetime split count as 5-minute writes")
    func anthropicWithoutSplit() throws {
        let usage = try Usage.anthropic(
            json: [
                "input_tokens": 10, "output_tokens": 5, "cache_creation_input_tokens": 2_048,
                "cache_read_input_tokens": 4_096,
            ]
        )
        #expect(
            usage
                == Usage(inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 4_096, cacheWrite5mInputTokens: 2_048))
    }

    @Test("an Anthropic split that does not add up is refused")
    func anthropicBadSplit() {
        #expect(throws: UsageNormalizationError.self) {
            try Usage.anthropic(
                inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 100, ephemeral5mInputTokens: 10,
                ephemeral1hInputTokens: 10)
        }
    }

    @Test("OpenAI Responses API usage reads the same way")
    func openAIResponses() throws {
        let usage = try Usage.openAI(
            json: ["input_tokens": 1_500, "output_tokens": 20, "input_tokens_details": ["cached_tokens": 1_024]])
        #expect(usage == Usage(inputTokens: 476, outputTokens: 20, cacheReadInputTokens: 1_024))
    }

    @Test("cached tokens above the prompt are refused")
    func openAICachedAbovePrompt() {
        let error = #expect(throws: UsageNormalizationError.self) {
            try Usage.openAI(promptTokens: 100, completionTokens: 1, cachedTokens: 200)
        }
        #expect(error?.field == "prompt_tokens_details.cached_tokens")
    }

    @Test("Gemini thinking tokens are output; cached content is part of the prompt")
    func gemini() throws {
        let usage = try Usage.gemini(
            promptTokenCount: 5_000, candidatesTokenCount: 200, cachedContentTokenCount: 4_000, thoughtsTokenCount: 300)
        #expect(usage == Usage(inputTokens: 1_000, outputTokens: 500, cacheReadInputTokens: 4_000))
    }

    @Test(
        "negative and non-numeric counts are refused",
        arguments: [
            JSONValue.object(["input_tokens": -1]), .object(["input_tokens": "12"]), .object(["output_tokens": 1.5]),
        ])
    func badCounts(json: JSONValue) {
        #expect(throws: UsageNormalizationError.self) { try Usage.anthropic(json: json) }
    }
}
