import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PromptCaching
import Testing

@Suite("CachedClient end to end: the prompt-cache planner over real HTTP")
struct PromptCachingEndToEndTests {
    static func planning(_ provider: ProviderID = .anthropic) -> EndToEnd.Options {
        var options = EndToEnd.Options()
        options.provider = provider
        options.configure = { $0.promptCaching = .on(expectedReuseInterval: .seconds(60), expectedReuses: 10) }
        return options
    }

    @Test("Anthropic: the second call on a long system prompt reads the cache, priced at the cache-read rate")
    func anthropicReadPricedAtReadRate() async throws {
        try await withEndToEnd(Self.planning()) { e2e in
            // About 2,000 tokens: above Sonnet 4.5's 1,024-token minimum (data/pricing.json).
            let system = longText(tokens: 2_000)
            let firstRequest = ask(
                "What does the handbook say about refunds?", system: system, model: "claude-sonnet-4-5")
            let first = try await e2e.client.send(firstRequest)
            #expect(first.cache.outcome == .miss)
            // The planner marked the system prompt in what was sent; the cache key is the caller's request's.
            #expect(jsonText(e2e.simulator.lastRequestBody(on: e2e.route)).contains("cache_control"))
            #expect(first.cache.key == (try CacheKey(firstRequest)))
            #expect(firstRequest.system.allSatisfy { $0.cacheControl == nil })
            let written = first.response.usage.cacheWrite5mInputTokens
            #expect(written > 1_024)
            #expect(first.cache.promptCache?.written5mTokens == written)
            #expect(first.cache.promptCache?.outcome == .written)

            let second = try await e2e.client.send(
                ask("And about shipping times?", system: system, model: "claude-sonnet-4-5"))
            #expect(second.cache.outcome == .miss)
            let usage = second.response.usage
            #expect(usage.cacheReadInputTokens == written)
            #expect(usage.cacheWriteInputTokens == 0)
            #expect(second.cache.promptCache?.readTokens == written)
            #expect(second.cache.promptCache?.outcome == .read)
            #expect((second.cache.promptCache?.netSaving ?? .zero) > .zero)

            // The tracker's price: each token class at its own rate from data/pricing.json, rounded once.
            let rates = try e2e.pricing.price(for: "claude-sonnet-4-5").rates
            #expect(rates.cacheRead.microDollarsPerMillion == 300_000)
            #expect(rates.input.microDollarsPerMillion == 3_000_000)
            let scaled =
                Int64(usage.inputTokens) * rates.input.microDollarsPerMillion
                + Int64(usage.cacheReadInputTokens) * rates.cacheRead.microDollarsPerMillion
                + Int64(usage.outputTokens) * rates.output.microDollarsPerMillion
            let expected = (scaled + 500_000) / 1_000_000
            #expect(second.cache.cost?.rawValue == expected)
            // Had the read tokens been priced as plain input, the call would have cost more.
            let asPlainInput = rates.cost(
                of: Usage(inputTokens: usage.inputTokens + usage.cacheReadInputTokens, outputTokens: usage.outputTokens)
            )
            #expect(expected < asPlainInput.rawValue)

            let ledger = try await e2e.store.spendSummary().total
            #expect(ledger.calls == 2)
            #expect(ledger.cost.rawValue == (first.cache.cost?.rawValue ?? 0) + expected)
            #expect(ledger.cacheReadTokens == Int64(written))
            #expect(ledger.cacheWriteTokens == Int64(written))
            #expect(await e2e.gate.spentThisRun == ledger.cost)
        }
    }

    @Test("Anthropic: without planning nothing is marked and nothing cached")
    func anthropicOff() async throws {
        try await withEndToEnd { e2e in
            let system = longText(tokens: 2_000)
            let first = try await e2e.client.send(ask("Refunds?", system: system, model: "claude-sonnet-4-5"))
            #expect(!jsonText(e2e.simulator.lastRequestBody(on: e2e.route)).contains("cache_control"))
            #expect(first.cache.promptCache == nil)
            let second = try await e2e.client.send(ask("Shipping?", system: system, model: "claude-sonnet-4-5"))
            #expect(second.response.usage.cacheReadInputTokens == 0)
        }
    }

    @Test("OpenAI: the plan's prompt_cache_key is sent, and the repeated prefix is read from the cache")
    func openAIPromptCacheKey() async throws {
        try await withEndToEnd(Self.planning(.openAI)) { e2e in
            let system = longText(tokens: 3_000)
            let first = try await e2e.client.send(
                ask("Refunds?", system: system, provider: .openAI, model: "gpt-4.1-mini"))
            guard case .object(let body)? = e2e.simulator.lastRequestBody(on: e2e.route),
                case .string(let key)? = body["prompt_cache_key"]
            else {
                Issue.record("no prompt_cache_key was sent")
                return
            }
            #expect(key.utf8.count == 64)
            #expect(first.cache.promptCache != nil)
            let second = try await e2e.client.send(
                ask("Shipping?", system: system, provider: .openAI, model: "gpt-4.1-mini"))
            #expect(second.response.usage.cacheReadInputTokens > 0)
            #expect(second.cache.promptCache?.readTokens == second.response.usage.cacheReadInputTokens)
            #expect(jsonText(e2e.simulator.lastRequestBody(on: e2e.route)).contains(key))
        }
    }
}
