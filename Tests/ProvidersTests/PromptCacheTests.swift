import Foundation
import LLMCacheTesting
import LLMCore
import Providers
import Testing

@Suite("Simulated prompt caching")
struct PromptCacheTests {
    static func marked(
        _ text: String, ttl: PromptCacheMarker.TTL = .fiveMinutes, model: String = "claude-sonnet-4-5",
        question: String = "q1"
    )
        -> LLMRequest
    {
        LLMRequest(
            model: model, system: [TextBlock(text, cacheControl: PromptCacheMarker(ttl: ttl))],
            messages: [.user(question)], temperature: 0)
    }

    @Test("Anthropic: a marked prefix above the minimum is written, then read within the TTL")
    func anthropicWriteThenRead() async throws {
        let clock = ManualClock()
        try await withSimulator(SimulatorConfiguration(clock: clock)) { _, base in
            let transport = anthropic(base)
            let prefix = longText(tokens: 2_000)
            let first = try await transport.send(Self.marked(prefix))
            #expect(first.usage.cacheWrite5mInputTokens > 1_024)
            #expect(first.usage.cacheReadInputTokens == 0)
            clock.advance(seconds: 200)
            let second = try await transport.send(Self.marked(prefix, question: "a different question"))
            #expect(second.usage.cacheReadInputTokens == first.usage.cacheWrite5mInputTokens)
            #expect(second.usage.cacheWriteInputTokens == 0)
            #expect(second.usage.inputTokens > 0)
            // The hit refreshed the lifetime: 400 s after the write but 200 s after the hit, still cached.
            clock.advance(seconds: 200)
            let third = try await transport.stream(Self.marked(prefix)).response()
            #expect(third.usage.cacheReadInputTokens == first.usage.cacheWrite5mInputTokens)
            // After five idle minutes it is gone and written again.
            clock.advance(seconds: 301)
            let fourth = try await transport.send(Self.marked(prefix))
            #expect(fourth.usage.cacheReadInputTokens == 0)
            #expect(fourth.usage.cacheWrite5mInputTokens == first.usage.cacheWrite5mInputTokens)
        }
    }

    @Test("Anthropic: below the model's minimum nothing is cached, silently")
    func anthropicBelowMinimum() async throws {
        try await withSimulator { _, base in
            let transport = anthropic(base)
            let short = longText(tokens: 500)
            for _ in 0..<2 {
                let usage = try await transport.send(Self.marked(short)).usage
                #expect(usage.cacheWriteInputTokens == 0 && usage.cacheReadInputTokens == 0)
            }
            // 2,000 tokens is enough for Sonnet 4.5 (1,024) but not for Haiku 4.5 (4,096, from data/pricing.json).
            let medium = longText(tokens: 2_000)
            for _ in 0..<2 {
                let usage = try await transport.send(Self.marked(medium, model: "claude-haiku-4-5")).usage
                #expect(usage.cacheWriteInputTokens == 0 && usage.cacheReadInputTokens == 0)
            }
        }
    }

    @Test("Anthropic: 1-hour writes are reported apart; tools come first in the prefix; at most 4 breakpoints")
    func anthropicLifetimesAndOrder() async throws {
        try await withSimulator { _, base in
            let transport = anthropic(base)
            let tool = Tool(
                name: "lookup", description: longText(tokens: 1_500, seed: "tool"), inputSchema: ["type": "object"],
                cacheControl: PromptCacheMarker(ttl: .oneHour))
            var request = Self.marked(longText(tokens: 1_500, seed: "system"))
            request.tools = [tool]
            request.toolChoice = ToolChoice.none
            let first = try await transport.send(request)
            #expect(first.usage.cacheWrite1hInputTokens > 1_024)
            #expect(first.usage.cacheWrite5mInputTokens > 1_024)
            // Changing the system prompt keeps the tools' cached prefix.
            request.system = [TextBlock(longText(tokens: 1_500, seed: "other"), cacheControl: PromptCacheMarker())]
            let second = try await transport.send(request)
            #expect(second.usage.cacheReadInputTokens == first.usage.cacheWrite1hInputTokens)
            #expect(second.usage.cacheWrite5mInputTokens > 0)

            var tooMany = Self.marked("x")
            tooMany.system = (0..<5).map { TextBlock("block \($0)", cacheControl: PromptCacheMarker()) }
            do {
                _ = try await transport.send(tooMany)
                Issue.record("five breakpoints were accepted")
            } catch let error as ProviderError {
                #expect(error.kind == .http(status: 400) && error.transience == .permanent)
            }
        }
    }

    @Test("OpenAI: automatic caching from 1,024 tokens in 128-token steps; nothing below")
    func openAIAutomatic() async throws {
        let clock = ManualClock()
        try await withSimulator(SimulatorConfiguration(clock: clock)) { _, base in
            let transport = openAI(base)
            let long = LLMRequest(
                provider: .openAI, model: "gpt-4.1-mini", system: [TextBlock(String(repeating: "abcd", count: 1_500))],
                messages: [.user("first question")])
            let first = try await transport.send(long)
            #expect(first.usage.cacheReadInputTokens == 0)
            var again = long
            again.messages = [.user("second question")]
            let second = try await transport.stream(again).response()
            #expect(second.usage.cacheReadInputTokens >= 1_024)
            #expect(second.usage.cacheReadInputTokens % 128 == 0)
            #expect(second.usage.cacheReadInputTokens <= second.usage.totalInputTokens)
            // Ten idle minutes later the prefix is gone.
            clock.advance(seconds: 601)
            #expect(try await transport.send(again).usage.cacheReadInputTokens == 0)

            let short = LLMRequest(
                provider: .openAI, model: "gpt-4.1-mini", system: [TextBlock(String(repeating: "abcd", count: 900))],
                messages: [.user("q")])
            _ = try await transport.send(short)
            #expect(try await transport.send(short).usage.cacheReadInputTokens == 0)
        }
    }
}
