import CostControl
import Foundation
import LLMCore
import Logging
import Testing

extension FuzzTests {
    @Test("Pricing file: a table that prices any usage, or a PricingFileError")
    func pricingFile() {
        Fuzz.run(
            "pricing", iterations: 1500,
            generate: JSONGenerator.shapedOrMutated(PricingShapes.llmcache),
            check: { input in
                let data = Data(input)
                _ = PricingTable.detectFormat(data)
                do {
                    try checkTable(try PricingTable.parse(data, source: "fuzz.json", logger: quiet))
                } catch is PricingFileError {}
            })
    }

    @Test("LiteLLM price map: a table that prices any usage, or a PricingFileError")
    func liteLLMPriceMap() {
        Fuzz.run(
            "litellm", iterations: 1500,
            generate: JSONGenerator.shapedOrMutated(PricingShapes.liteLLM),
            check: { input in
                do {
                    try checkTable(try LiteLLMPriceMap.parse(Data(input), source: "fuzz.json", logger: quiet))
                } catch is PricingFileError {}
            })
    }
}

private let quiet = Logger(label: "fuzz.pricing", factory: { _ in SwiftLogNoOpLogHandler() })

/// Usages from none to the most tokens a count may hold.
private let usages: [Usage] = [
    Usage(), Usage(inputTokens: 1, outputTokens: 1),
    Usage(
        inputTokens: 300_000, outputTokens: 64_000, cacheReadInputTokens: 100_000, cacheWrite5mInputTokens: 50_000,
        cacheWrite1hInputTokens: 50_000),
    Usage(inputTokens: Int(Int32.max), outputTokens: Int(Int32.max)),
    Usage(inputTokens: 1 << 40, outputTokens: 1 << 40, cacheReadInputTokens: 1 << 40),
]

/// Every row prices every usage, plain and batch, at zero or more, and is found by its id.
private func checkTable(_ table: PricingTable) throws {
    for row in table.rows {
        for usage in usages {
            for batch in [false, true] where row.cost(of: usage, batch: batch).rawValue < 0 {
                throw FuzzViolation("model \(row.id) prices a call at less than zero")
            }
        }
        guard table.resolve(row.id) == row else { throw FuzzViolation("model \(row.id) is not found by its id") }
        _ = try table.withFallback(row.id)
        _ = row.rates.input.description
    }
}

/// The shapes of the two pricing formats, for ``JSONGenerator``.
enum PricingShapes {
    static let rate: Shape = .oneOf([.number, .int(0...100)])
    static let row: Shape = .object([
        ("id", .string(["claude-haiku-4-5", "gpt-4.1-mini"]), true),
        ("provider", .string(["anthropic", "openai"]), true),
        ("input", rate, true), ("output", rate, true), ("cache_write_5m", rate, true), ("cache_write_1h", rate, true),
        ("cache_read", rate, true), ("batch_discount_percent", .int(0...100), true),
        ("context_window", .int(0...2_000_000), true), ("min_cacheable_tokens", .int(0...4096), true),
        ("source", .string(["https://example.com/pricing"]), true),
        ("as_of", .string(["2025-10-01", "2025-13-40"]), true),
        ("aliases", .array(.string(["alias-1", "claude-haiku-4-5"]), maximum: 2), false),
        ("max_output_tokens", .int(0...128_000), false), ("notes", .string([]), false),
        (
            "long_context",
            .object([
                ("threshold_tokens", .int(0...300_000), true), ("input", rate, true), ("output", rate, true),
                ("cache_write_5m", rate, true), ("cache_write_1h", rate, true), ("cache_read", rate, true),
            ]), false
        ),
    ])
    static let llmcache: Shape = .object([("models", .array(row, maximum: 3), true)])

    static let perToken: Shape = .oneOf([.number, .int(0...3)])
    static let entry: Shape = .object([
        ("input_cost_per_token", perToken, true), ("output_cost_per_token", perToken, true),
        ("cache_read_input_token_cost", perToken, false), ("cache_creation_input_token_cost", perToken, false),
        ("cache_creation_input_token_cost_above_1hr", perToken, false),
        ("input_cost_per_token_batches", perToken, false),
        ("input_cost_per_token_above_200k_tokens", perToken, false),
        ("output_cost_per_token_above_200k_tokens", perToken, false), ("max_input_tokens", .int(0...2_000_000), false),
        ("max_tokens", .int(0...2_000_000), false), ("max_output_tokens", .int(0...200_000), false),
        ("litellm_provider", .string(["anthropic", "openai", "gemini"]), false),
    ])
    static let liteLLM: Shape = .object([
        ("claude-haiku-4-5", entry, true), ("gpt-4.1-mini", entry, false), ("gemini/gemini-2.5-flash", entry, false),
        ("sample_spec", .any, false),
    ])
}
