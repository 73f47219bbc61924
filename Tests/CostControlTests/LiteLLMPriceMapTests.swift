import CostControl
import Foundation
import LLMCore
import Testing

@Suite("LiteLLM price map")
struct LiteLLMPriceMapTests {
    @Test("per-token costs become per-million rates, cache fields included")
    func readsRates() throws {
        let table = try LiteLLMPriceMap.parse(LiteLLMFixture.data, source: "litellm.json")
        let sonnet = try table.price(for: "claude-sonnet-4-5-20250929")
        #expect(sonnet.provider == .anthropic)
        #expect(sonnet.rates.input.microDollarsPerMillion == 3_000_000)
        #expect(sonnet.rates.output.microDollarsPerMillion == 15_000_000)
        #expect(sonnet.rates.cacheWrite5m.microDollarsPerMillion == 3_750_000)
        #expect(sonnet.rates.cacheWrite1h.microDollarsPerMillion == 6_000_000)
        #expect(sonnet.rates.cacheRead.microDollarsPerMillion == 300_000)
        #expect(sonnet.batchDiscountPercent == 50)
        #expect(sonnet.contextWindow == 200_000)
        #expect(sonnet.minCacheableTokens == 1024)
        #expect(sonnet.longContext?.thresholdTokens == 200_000)
        #expect(sonnet.longContext?.rates.input.microDollarsPerMillion == 6_000_000)
        #expect(sonnet.longContext?.rates.cacheRead.microDollarsPerMillion == 600_000)
    }

    @Test("missing cache fields fall back as documented")
    func fallbacks() throws {
        let table = try LiteLLMPriceMap.parse(LiteLLMFixture.data, source: "litellm.json")
        let haiku = try table.price(for: "claude-3-5-haiku-20241022")
        #expect(haiku.rates.cacheWrite1h.microDollarsPerMillion == 1_600_000)  // 2 × input for Anthropic
        let mini = try table.price(for: "gpt-4.1-mini")
        #expect(mini.rates.cacheWrite5m == mini.rates.input)
        #expect(mini.rates.cacheRead.microDollarsPerMillion == 100_000)
        #expect(mini.batchDiscountPercent == 50)
        #expect(table.resolve("sample_spec") == nil)
        #expect(table.resolve("text-embedding-3-small") == nil)  // no output price: not a chat model
    }

    @Test("same cost as the project's own file for the same usage")
    func agreesWithOwnFile() throws {
        let usage = Usage(
            inputTokens: 1_234, outputTokens: 567, cacheReadInputTokens: 10_000, cacheWrite5mInputTokens: 2_000,
            cacheWrite1hInputTokens: 3_000)
        let fromLiteLLM = try LiteLLMPriceMap.parse(LiteLLMFixture.data, source: "litellm.json").cost(
            of: usage, model: "claude-sonnet-4-5")
        let fromOwn = try TestData.pricing().cost(of: usage, model: "claude-sonnet-4-5")
        #expect(fromLiteLLM == fromOwn)
    }

    @Test("a negative cost names the file, the model and the field")
    func negativeCost() {
        let data = Data(
            #"{"m": {"input_cost_per_token": 1e-06, "output_cost_per_token": -2e-06, "litellm_provider": "openai"}}"#
                .utf8)
        let error = #expect(throws: PricingFileError.self) { try LiteLLMPriceMap.parse(data, source: "prices.json") }
        #expect(error?.file == "prices.json")
        #expect(error?.model == "m")
        #expect(error?.field == "output_cost_per_token")
    }

    @Test("malformed JSON names the file")
    func malformed() {
        let error = #expect(throws: PricingFileError.self) {
            try LiteLLMPriceMap.parse(Data("{".utf8), source: "prices.json")
        }
        #expect(error?.file == "prices.json")
    }
}
