import Foundation
import LLMCore
import Logging

/// Reads LiteLLM's `model_prices_and_context_window.json`, so that users can point at a price map they
/// already keep current.
///
/// That file is one JSON object keyed by model name (`"claude-sonnet-4-5"`, `"gemini/gemini-2.5-flash"`),
/// with prices in USD per single token. The fields read:
///
/// | LiteLLM field | here |
/// |---|---|
/// | `input_cost_per_token`, `output_cost_per_token` | input and output rates (rows without both are skipped) |
/// | `cache_read_input_token_cost` | cache-read rate (input rate when absent) |
/// | `cache_creation_input_token_cost` | 5-minute cache-write rate (input rate when absent) |
/// | `cache_creation_input_token_cost_above_1hr` | 1-hour cache-write rate (when absent: 2 × input for Anthropic, as Anthropic publishes, else the 5-minute rate) |
/// | `input_cost_per_token_batches` | batch discount, as a percentage of the input rate |
/// | `*_above_200k_tokens` | long-context rates above 200,000 prompt tokens |
/// | `max_input_tokens` (else `max_tokens`), `max_output_tokens` | context window, output limit |
/// | `litellm_provider` | provider |
///
/// Every row's `as_of` is the file's modification day (UTC) when read from a file, since the map carries no
/// dates of its own. The `sample_spec` entry is skipped. LiteLLM has no minimum cacheable length, so each row gets its
/// provider's documented floor (1,024 tokens for Anthropic, OpenAI and Gemini; 0 otherwise).
public enum LiteLLMPriceMap {
    /// Reads the file at `url` into a pricing table.
    public static func load(contentsOf url: URL, logger: Logger = Logger(label: "llmcache.cost.pricing")) throws
        -> PricingTable
    {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PricingFileError(file: url.path, problem: "cannot be read: \(error.localizedDescription)")
        }
        let modified = try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        return try parse(
            data, source: url.path, asOf: modified.map { UTCDay($0).description } ?? "unknown", logger: logger)
    }

    /// Parses LiteLLM price-map bytes; `source` names the file in errors and in every row's `source`, and
    /// `asOf` is written into every row.
    public static func parse(
        _ data: Data, source: String, asOf: String = "unknown", logger: Logger = Logger(label: "llmcache.cost.pricing")
    ) throws -> PricingTable {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw PricingFileError(file: source, problem: "is not valid JSON: \(PricingTable.describe(error))")
        }
        guard case .object(let entries) = document else {
            throw PricingFileError(file: source, problem: "must be a JSON object keyed by model name")
        }
        var rows: [ModelPrice] = []
        var skipped = 0
        for (name, value) in entries.sorted(by: { $0.key < $1.key }) where name != "sample_spec" {
            let fields = try LiteLLMFields(value, file: source, model: name, what: "entry")
            guard let row = try row(named: name, fields, source: source, asOf: asOf) else {
                skipped += 1
                continue
            }
            rows.append(row)
        }
        logger.debug(
            "read LiteLLM price map", metadata: ["file": "\(source)", "rows": "\(rows.count)", "skipped": "\(skipped)"])
        return try PricingTable(rows: rows, source: source, logger: logger)
    }

    private static func row(named name: String, _ fields: LiteLLMFields, source: String, asOf: String) throws
        -> ModelPrice?
    {
        guard let input = try fields.perTokenRate("input_cost_per_token"),
            let output = try fields.perTokenRate("output_cost_per_token")
        else { return nil }
        let provider = ProviderID(rawValue: try fields.optionalString("litellm_provider") ?? "unknown")
        let rates = try rates(
            fields, input: input, output: output, provider: provider, suffix: "")
        var longContext: LongContextRates?
        if let longInput = try fields.perTokenRate("input_cost_per_token_above_200k_tokens") {
            let longOutput = try fields.perTokenRate("output_cost_per_token_above_200k_tokens") ?? output
            longContext = LongContextRates(
                thresholdTokens: 200_000,
                rates: try self.rates(
                    fields, input: longInput, output: longOutput, provider: provider, suffix: "_above_200k_tokens"))
        }
        var discount = 0
        if let batchInput = try fields.perTokenRate("input_cost_per_token_batches"), input.microDollarsPerMillion > 0 {
            discount = Self.batchDiscountPercent(batch: batchInput, plain: input)
        }
        let contextWindow =
            try fields.optionalInteger("max_input_tokens") ?? fields.optionalInteger("max_tokens") ?? 0
        let floors: [ProviderID: Int] = [.anthropic: 1024, .openAI: 1024, "gemini": 1024, "vertex_ai": 1024]
        return ModelPrice(
            id: name, provider: provider, rates: rates, longContext: longContext, batchDiscountPercent: discount,
            contextWindow: max(contextWindow, 1), maxOutputTokens: try fields.optionalInteger("max_output_tokens"),
            minCacheableTokens: floors[provider] ?? 0, source: "LiteLLM price map \(source)", asOf: asOf,
            notes: "read from a LiteLLM price map; the map carries no date")
    }

    /// The discount, in whole percent (0...100), of `batch` against `plain` (which is above zero), rounded
    /// half up. `batch × 100` is computed in 128 bits: a rate read from a file may be near the largest one,
    /// and the 64-bit product would overflow.
    static func batchDiscountPercent(batch: TokenRate, plain: TokenRate) -> Int {
        let batchRate = batch.microDollarsPerMillion
        let plainRate = plain.microDollarsPerMillion
        guard plainRate > 0, batchRate >= 0, batchRate < plainRate else { return 0 }
        let (high, low) = batchRate.multipliedFullWidth(by: 100)
        let (sum, carry) = low.addingReportingOverflow(UInt64(plainRate / 2))
        // batchRate < plainRate, so the quotient is at most 100 and fits.
        let kept = plainRate.dividingFullWidth((high + (carry ? 1 : 0), sum)).quotient
        return Int(max(0, min(100, 100 - kept)))
    }

    private static func rates(
        _ fields: LiteLLMFields, input: TokenRate, output: TokenRate, provider: ProviderID, suffix: String
    ) throws -> ModelRates {
        let write5m = try fields.perTokenRate("cache_creation_input_token_cost" + suffix) ?? input
        let write1h =
            try fields.perTokenRate("cache_creation_input_token_cost_above_1hr" + suffix)
            ?? (provider == .anthropic ? input.scaled(percent: 200) : write5m)
        return ModelRates(
            input: input, output: output, cacheWrite5m: write5m, cacheWrite1h: write1h,
            cacheRead: try fields.perTokenRate("cache_read_input_token_cost" + suffix) ?? input)
    }
}
