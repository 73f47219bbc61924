import CostControl
import Foundation
import LLMCore
import Testing

/// A small excerpt in the shape of LiteLLM's `model_prices_and_context_window.json`.
private let fixture = Data(
    """
    {
      "sample_spec": {
        "max_tokens": "LEGACY parameter. set to max_output_tokens if provider specifies it.",
        "input_cost_per_token": 0.0000,
        "output_cost_per_token": 0.000,
        "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
        "mode": "one of: chat, embedding, completion, image_generation"
      },
      "claude-sonnet-4-5": {
        "max_tokens": 64000,
        "max_input_tokens": 200000,
        "max_output_tokens": 64000,
        "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05,
        "cache_creation_input_token_cost": 3.75e-06,
        "cache_creation_input_token_cost_above_1hr": 6e-06,
        "cache_read_input_token_cost": 3e-07,
        "input_cost_per_token_above_200k_tokens": 6e-06,
        "output_cost_per_token_above_200k_tokens": 2.25e-05,
        "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06,
        "cache_read_input_token_cost_above_200k_tokens": 6e-07,
        "input_cost_per_token_batches": 1.5e-06,
        "output_cost_per_token_batches": 7.5e-06,
        "litellm_provider": "anthropic",
        "mode": "chat",
        "supports_prompt_caching": true
      },
      "claude-3-5-haiku-20241022": {
        "max_tokens": 8192,
        "max_input_tokens": 200000,
        "max_output_tokens": 8192,
        "input_cost_per_token": 8e-07,
        "output_cost_per_token": 4e-06,
        "cache_creation_input_token_cost": 1e-06,
        "cache_read_input_token_cost": 8e-08,
        "litellm_provider": "anthropic",
        "mode": "chat"
      },
      "gpt-4.1-mini": {
        "max_tokens": 32768,
        "max_input_tokens": 1047576,
        "max_output_tokens": 32768,
        "input_cost_per_token": 4e-07,
        "output_cost_per_token": 1.6e-06,
        "cache_read_input_token_cost": 1e-07,
        "input_cost_per_token_batches": 2e-07,
        "output_cost_per_token_batches": 8e-07,
        "litellm_provider": "openai",
        "mode": "chat"
      },
      "text-embedding-3-small": {
        "max_tokens": 8191,
        "input_cost_per_token": 2e-08,
        "litellm_provider": "openai",
        "mode": "embedding"
      }
    }
    """.utf8)

@Suite("LiteLLM price map")
struct LiteLLMPriceMapTests {
    @Test("per-token costs become per-million rates, cache fields included")
    func readsRates() throws {
        let table = try LiteLLMPriceMap.parse(fixture, source: "litellm.json")
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
        let table = try LiteLLMPriceMap.parse(fixture, source: "litellm.json")
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
        let fromLiteLLM = try LiteLLMPriceMap.parse(fixture, source: "litellm.json").cost(
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

@Suite("Pricing file discovery and formats")
struct PricingFileLocatorTests {
    @Test("the environment variable wins, then the executable's folders, then the current directory")
    func order() throws {
        let exe = URL(fileURLWithPath: "/opt/pkg/.build/debug/cachectl")
        let cwd = URL(fileURLWithPath: "/home/user/project")
        let env = try PricingFileLocator.locate(
            environment: ["LLMCACHE_PRICING": "/etc/prices.json"], executable: exe, currentDirectory: cwd,
            fileExists: { _ in true })
        #expect(env.path == "/etc/prices.json")
        let fromExecutable = try PricingFileLocator.locate(
            environment: [:], executable: exe, currentDirectory: cwd,
            fileExists: { $0 == "/opt/pkg/data/pricing.json" || $0 == "/home/user/project/data/pricing.json" })
        #expect(fromExecutable.path == "/opt/pkg/data/pricing.json")
        let fromDirectory = try PricingFileLocator.locate(
            environment: [:], executable: exe, currentDirectory: cwd,
            fileExists: { $0 == "/home/data/pricing.json" })
        #expect(fromDirectory.path == "/home/data/pricing.json")
        let error = #expect(throws: PricingFileLocator.NotFound.self) {
            try PricingFileLocator.locate(
                environment: [:], executable: exe, currentDirectory: cwd, fileExists: { _ in false })
        }
        #expect(error?.searched.contains("/opt/pkg/.build/debug/data/pricing.json") == true)
        #expect(error?.searched.contains("/opt/pkg/.build/share/llmcache/pricing.json") == true)
    }

    @Test("the file format is told apart by shape")
    func detection() throws {
        #expect(PricingTable.detectFormat(fixture) == .litellm)
        #expect(PricingTable.detectFormat(try Data(contentsOf: TestData.pricingURL)) == .llmcache)
        let url = try TestData.temporaryDirectory().appendingPathComponent("litellm.json")
        try fixture.write(to: url)
        let table = try PricingTable.load(contentsOf: url, format: nil)
        #expect(table.resolve("gpt-4.1-mini")?.asOf == UTCDay(Date()).description)
    }
}
