import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Token estimator")
struct TokenEstimatorTests {
    @Test(
        "bytes divided by the divisor, rounded up",
        arguments: [
            ("", 0), ("abcd", 1), ("abcde", 2), ("東京", 2),  // 6 UTF-8 bytes / 4
            (String(repeating: "a", count: 4_000), 1_000),
        ])
    func openAI(text: String, tokens: Int) {
        #expect(TokenEstimator.openAI.tokens(in: text) == tokens)
    }

    @Test("the Anthropic estimator counts more tokens for the same text")
    func anthropicDenser() {
        let text = String(repeating: "How do I learn Swift concurrency well? ", count: 50)
        #expect(TokenEstimator.anthropic.tokens(in: text) > TokenEstimator.openAI.tokens(in: text))
    }

    @Test("published counts: \"Hello, world\" is 10 tokens to Claude's count_tokens, estimated 11")
    func publishedAnthropicCount() {
        let request = LLMRequest(model: "claude-sonnet-4-5", messages: [.user("Hello, world")])
        let estimate = TokenEstimator.anthropic.inputTokens(of: request)
        #expect(estimate == 11)
        #expect(abs(Double(estimate - 10)) / 10 <= 0.15)
    }

    @Test("a request's estimate counts system, messages, tools and images")
    func requestEstimate() {
        let request = LLMRequest(
            model: "m", system: [TextBlock("abcdefgh")],
            messages: [
                Message(role: .user, content: [.text("abcd"), .image(mediaType: "image/png", data: Data([1, 2, 3]))]),
                .assistant("abcd"),
            ],
            tools: [Tool(name: "abcd", description: "abcd", inputSchema: ["type": "object"])])
        let estimator = TokenEstimator.openAI
        // 3 request + 2 system + (4 + 1 + 1600) + (4 + 1) + tools: 1 + 1 + ceil(17 / 4) = 5
        #expect(estimator.inputTokens(of: request) == 3 + 2 + 1_605 + 5 + 7)
    }
}
