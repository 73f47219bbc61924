import CostControl
import LLMCore
import Testing

@Suite("Cache-token pricing")
struct CachePricingTests {
    /// Sonnet-class input is $3 / MTok: 10,000 tokens of plain input cost $0.03 = 30,000 µ$.
    static let plainInputCost: Int64 = 30_000

    @Test(
        "10,000 cache tokens on a Sonnet-class model cost their multiple of the input price",
        arguments: [
            ("cache read", Usage(cacheReadInputTokens: 10_000), Int64(1), Int64(10)),  // 0.1 ×
            ("5-minute write", Usage(cacheWrite5mInputTokens: 10_000), 5, 4),  // 1.25 ×
            ("1-hour write", Usage(cacheWrite1hInputTokens: 10_000), 2, 1),  // 2 ×
            ("plain input", Usage(inputTokens: 10_000), 1, 1),
        ])
    func multiples(name: String, usage: Usage, numerator: Int64, denominator: Int64) throws {
        let cost = try TestData.pricing().cost(of: usage, model: "claude-sonnet-4-5")
        #expect(cost.rawValue == Self.plainInputCost * numerator / denominator, "\(name)")
    }

    @Test("each kind of token is priced once, at its own rate")
    func mixedCall() throws {
        // 1,000 input × $3 + 500 output × $15 + 10,000 read × $0.30 + 2,000 5m × $3.75 + 3,000 1h × $6 (per MTok)
        let usage = Usage(
            inputTokens: 1_000, outputTokens: 500, cacheReadInputTokens: 10_000, cacheWrite5mInputTokens: 2_000,
            cacheWrite1hInputTokens: 3_000)
        let cost = try TestData.pricing().cost(of: usage, model: "claude-sonnet-4-5")
        #expect(cost == MicroDollars(3_000 + 7_500 + 3_000 + 7_500 + 18_000))
    }

    @Test("an Anthropic usage block normalised and priced counts each token once")
    func anthropicEndToEnd() throws {
        let usage = try Usage.anthropic(
            json: [
                "input_tokens": 21, "output_tokens": 393, "cache_creation_input_tokens": 188_086,
                "cache_read_input_tokens": 0,
                "cache_creation": ["ephemeral_5m_input_tokens": 88_086, "ephemeral_1h_input_tokens": 100_000],
            ])
        #expect(usage.totalInputTokens == 21 + 188_086)
        let cost = try TestData.pricing().cost(of: usage, model: "claude-sonnet-4-5-20250929")
        // 21 × 3 + 393 × 15 + 88,086 × 3.75 + 100,000 × 6 = 63 + 5,895 + 330,322.5 + 600,000 → 936,280.5 → rounded half up
        #expect(cost == MicroDollars(936_281))
    }

    @Test("an OpenAI usage block's cached tokens are part of the prompt, not an addition")
    func openAIEndToEnd() throws {
        let usage = try Usage.openAI(
            json: [
                "prompt_tokens": 2_006, "completion_tokens": 300,
                "prompt_tokens_details": ["cached_tokens": 1_920],
                "completion_tokens_details": ["reasoning_tokens": 100],
            ])
        #expect(usage.inputTokens == 86)
        #expect(usage.cacheReadInputTokens == 1_920)
        #expect(usage.totalInputTokens == 2_006)
        #expect(usage.outputTokens == 300)
        // gpt-4.1-mini: 86 × 0.40 + 1,920 × 0.10 + 300 × 1.60 = 34.4 + 192 + 480 = 706.4 → 706 µ$
        #expect(try TestData.pricing().cost(of: usage, model: "gpt-4.1-mini") == MicroDollars(706))
    }

    @Test("prompts above the long-context threshold use the long-context rates")
    func longContext() throws {
        let table = try TestData.pricing()
        let short = Usage(inputTokens: 200_000)
        let long = Usage(inputTokens: 200_001)
        #expect(try table.cost(of: short, model: "gemini-2.5-pro") == MicroDollars(250_000))  // $1.25/MTok
        #expect(try table.cost(of: long, model: "gemini-2.5-pro") == MicroDollars(500_003))  // $2.50/MTok, rounded
        // Cache reads count toward the threshold for Anthropic's long-context pricing.
        let mixed = Usage(inputTokens: 1_000, cacheReadInputTokens: 250_000)
        #expect(try table.cost(of: mixed, model: "claude-sonnet-4-5") == MicroDollars(6_000 + 150_000))
    }

    @Test("the batch discount halves every rate")
    func batch() throws {
        let row = try TestData.pricing().price(for: "claude-haiku-4-5")
        let usage = Usage(inputTokens: 1_000_000, outputTokens: 1_000_000)
        #expect(row.cost(of: usage) == .dollars(6))
        #expect(row.cost(of: usage, batch: true) == .dollars(3))
    }
}

@Suite("Pricing as a usage pricer")
struct CostMicrosTests {
    @Test("cost prices known models and answers nil for unknown ones")
    func cost() throws {
        let table = try TestData.pricing()
        #expect(
            table.cost(model: "claude-sonnet-4-5", usage: Usage(cacheReadInputTokens: 10_000)) == MicroDollars(3_000))
        #expect(table.cost(model: "unknown-model", usage: Usage(inputTokens: 1)) == nil)
        #expect(
            try table.withFallback("gpt-4.1-nano").cost(model: "unknown-model", usage: Usage(inputTokens: 10))
                == MicroDollars(1))
    }
}
