import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Pricing file")
struct PricingFileTests {
    @Test("the shipped pricing file loads and covers the required families")
    func shippedFileLoads() throws {
        let table = try TestData.pricing()
        for id in [
            "claude-opus-4-5", "claude-opus-4-1", "claude-sonnet-4-5", "claude-sonnet-4-0", "claude-haiku-4-5",
            "claude-3-5-haiku-20241022", "claude-3-haiku-20240307", "claude-3-opus-20240229", "gpt-4.1", "gpt-4.1-mini",
            "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "o1", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini",
            "gpt-5-nano",
            "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash",
        ] {
            #expect(table.resolve(id) != nil, "missing \(id)")
        }
        for row in table.rows {
            #expect(!row.source.isEmpty)
            #expect(row.asOf.count == 10)
        }
    }

    @Test("every Anthropic row follows the published cache multipliers (1.25×, 2×, 0.1×), Haiku 3 excepted")
    func anthropicMultipliers() throws {
        // Claude Haiku 3 is the one published exception: $0.25 input, $0.30 / $0.50 writes, $0.03 reads.
        let haiku3 = try TestData.pricing().price(for: "claude-3-haiku-20240307").rates
        #expect(
            [haiku3.input, haiku3.cacheWrite5m, haiku3.cacheWrite1h, haiku3.cacheRead].map(\.microDollarsPerMillion)
                == [250_000, 300_000, 500_000, 30_000])
        for row in try TestData.pricing().rows where row.provider == .anthropic && row.id != "claude-3-haiku-20240307" {
            let input = row.rates.input.microDollarsPerMillion
            #expect(row.rates.cacheWrite5m.microDollarsPerMillion * 4 == input * 5, "\(row.id)")
            #expect(row.rates.cacheWrite1h.microDollarsPerMillion == input * 2, "\(row.id)")
            #expect(row.rates.cacheRead.microDollarsPerMillion * 10 == input, "\(row.id)")
        }
    }

    @Test(
        "dated snapshots and prefixed ids resolve to their row",
        arguments: [
            ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"), ("claude-sonnet-4-20250514", "claude-sonnet-4-0"),
            ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"), ("gpt-4o-2024-11-20", "gpt-4o"),
            ("gpt-4o-2024-05-13", "gpt-4o-2024-05-13"), ("gpt-5-2025-08-07", "gpt-5"),
            ("anthropic/claude-haiku-4-5", "claude-haiku-4-5"), ("claude-opus-4-1-20991231", "claude-opus-4-1"),
        ])
    func aliases(requested: String, expected: String) throws {
        #expect(try TestData.pricing().price(for: requested).id == expected)
    }

    @Test("an unknown model is an error naming it")
    func unknownModel() throws {
        let table = try TestData.pricing()
        let error = #expect(throws: UnknownModelError.self) { try table.price(for: "gpt-9-ultra") }
        #expect(error?.model == "gpt-9-ultra")
        #expect(error?.description.contains("gpt-9-ultra") == true)
        #expect(error?.description.contains("pricing.json") == true)
        #expect(error?.description.contains("PricingTable.withFallback(") == true, "says what to do")
    }

    @Test("a configured fallback prices an unknown model")
    func fallback() throws {
        let table = try TestData.pricing().withFallback("claude-sonnet-4-5")
        #expect(try table.price(for: "some-new-model").id == "claude-sonnet-4-5")
        #expect(throws: UnknownModelError.self) { try TestData.pricing().withFallback("no-such-model") }
    }

    static let badFiles: [(String, Data, String?, String?, String)] = [
        (
            "missing field", TestData.document([TestData.row("m1", removing: ["cache_read"])]), "m1", "cache_read",
            "is missing"
        ),
        (
            "negative price", TestData.document([TestData.row("m1", overriding: ["output": "-15"])]), "m1", "output",
            "negative"
        ),
        (
            "string price", TestData.document([TestData.row("m1", overriding: ["input": "\"3\""])]), "m1", "input",
            "must be a number"
        ),
        ("duplicate id", TestData.document([TestData.row("m1"), TestData.row("m1")]), "m1", "id", "duplicate"),
        (
            "alias naming another model",
            TestData.document([TestData.row("m1"), TestData.row("m2", overriding: ["aliases": "[\"m1\"]"])]), "m2",
            "aliases", "already names"
        ),
        ("malformed JSON", Data("{\"models\": [".utf8), nil, nil, "not valid JSON"),
        ("no models list", Data("{\"rows\": []}".utf8), nil, "models", "must be a list"),
        (
            "bad as_of", TestData.document([TestData.row("m1", overriding: ["as_of": "\"yesterday\""])]), "m1", "as_of",
            "YYYY-MM-DD"
        ),
        (
            "discount over 100", TestData.document([TestData.row("m1", overriding: ["batch_discount_percent": "150"])]),
            "m1", "batch_discount_percent", "0...100"
        ),
        (
            "negative long-context price",
            TestData.document([
                TestData.row(
                    "m1",
                    overriding: [
                        "long_context":
                            "{\"threshold_tokens\": 200000, \"input\": 6, \"output\": 22.5, \"cache_write_5m\": 7.5, \"cache_write_1h\": 12, \"cache_read\": -0.6}"
                    ])
            ]), "m1", "long_context.cache_read", "negative"
        ),
        ("row not an object", TestData.document(["42"]), "#1", nil, "not a JSON object"),
    ]

    @Test("bad pricing files are refused with the file, model and field named", arguments: badFiles)
    func badFile(name: String, data: Data, model: String?, field: String?, problem: String) {
        let error = #expect(throws: PricingFileError.self, "\(name)") {
            try PricingTable.parse(data, source: "/tmp/bad-pricing.json")
        }
        #expect(error?.file == "/tmp/bad-pricing.json", "\(name)")
        #expect(error?.model == model, "\(name)")
        #expect(error?.field == field, "\(name)")
        #expect(error?.problem.contains(problem) == true, "\(name): \(error?.problem ?? "")")
        #expect(error?.description.contains("/tmp/bad-pricing.json") == true)
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        let error = #expect(throws: PricingFileError.self) {
            try PricingTable.load(contentsOf: URL(fileURLWithPath: "/nonexistent/pricing.json"))
        }
        #expect(error?.file == "/nonexistent/pricing.json")
    }
}
