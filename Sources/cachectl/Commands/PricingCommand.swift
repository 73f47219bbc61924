import ArgumentParser
import CostControl
import Foundation
import LLMCore

/// `cachectl pricing [MODEL] [--pricing FILE] [--json]`: shows the prices a call will be charged at.
struct PricingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pricing",
        abstract: "Show the model prices in use and the file they come from.",
        discussion: """
            Prices are USD per million tokens. Without --pricing the file is found in this order: \
            $\(PricingFileLocator.environmentVariable); data/pricing.json in the executable's folder or any \
            folder above it; share/llmcache/pricing.json beside an installed bin/ folder; data/pricing.json in \
            the current directory or any folder above it; the table shipped beside the binary \
            (its _CostControl.resources folder). A LiteLLM model_prices_and_context_window.json file \
            is also accepted.
            """)

    @Argument(help: "Show only this model (an id, an alias or a dated snapshot id).")
    var model: String?

    @Option(name: .long, help: "The pricing file to read.")
    var pricing: String?

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let url = try pricing.map { URL(fileURLWithPath: $0) } ?? PricingFileLocator.locate()
        let table = try PricingTable.load(contentsOf: url, format: nil)
        var rows = table.rows
        if let model { rows = [try table.price(for: model)] }
        if json {
            print(try Self.json(rows, file: url.path, requested: model))
        } else {
            print(Self.table(rows, file: url.path, requested: model))
        }
    }

    static func table(_ rows: [ModelPrice], file: String, requested: String?) -> String {
        let header = [
            "MODEL", "PROVIDER", "INPUT", "OUTPUT", "WRITE 5M", "WRITE 1H", "READ", "BATCH", "CONTEXT", "MIN CACHE",
            "AS OF",
        ]
        let body = rows.map { row in
            [
                row.id, row.provider.rawValue, "\(row.rates.input)", "\(row.rates.output)", "\(row.rates.cacheWrite5m)",
                "\(row.rates.cacheWrite1h)", "\(row.rates.cacheRead)", "\(row.batchDiscountPercent)%",
                "\(row.contextWindow)", "\(row.minCacheableTokens)", row.asOf,
            ]
        }
        let widths = header.indices.map { column in
            ([header] + body).map { $0[column].count }.max() ?? 0
        }
        let numeric = Set(2...9)
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return numeric.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var out = ["Prices in USD per million tokens, from \(file)", "", line(header)]
        out += body.map(line)
        if let requested, let row = rows.first {
            if requested != row.id { out.append("\n'\(requested)' resolves to '\(row.id)'.") }
            if let long = row.longContext {
                out.append(
                    "Above \(long.thresholdTokens) prompt tokens: input \(long.rates.input), output \(long.rates.output), "
                        + "write 5m \(long.rates.cacheWrite5m), write 1h \(long.rates.cacheWrite1h), "
                        + "read \(long.rates.cacheRead).")
            }
            if !row.aliases.isEmpty { out.append("Aliases: \(row.aliases.joined(separator: ", "))") }
            if let maxOutput = row.maxOutputTokens { out.append("Max output tokens: \(maxOutput)") }
            out.append("Source: \(row.source)")
            if let notes = row.notes { out.append("Notes: \(notes)") }
        }
        return out.joined(separator: "\n")
    }

    struct Rates: Encodable {
        var input, output, cacheWrite5m, cacheWrite1h, cacheRead: Decimal
        enum CodingKeys: String, CodingKey {
            case input, output
            case cacheWrite5m = "cache_write_5m"
            case cacheWrite1h = "cache_write_1h"
            case cacheRead = "cache_read"
        }
        init(_ rates: ModelRates) {
            func dollars(_ rate: TokenRate) -> Decimal { MicroDollars(rate.microDollarsPerMillion).dollars }
            input = dollars(rates.input)
            output = dollars(rates.output)
            cacheWrite5m = dollars(rates.cacheWrite5m)
            cacheWrite1h = dollars(rates.cacheWrite1h)
            cacheRead = dollars(rates.cacheRead)
        }
    }

    struct Row: Encodable {
        var id, provider: String
        var prices: Rates
        var longContextThresholdTokens: Int?
        var longContextPrices: Rates?
        var batchDiscountPercent, contextWindow, minCacheableTokens: Int
        var maxOutputTokens: Int?
        var aliases: [String]
        var source, asOf: String
        var notes: String?
        enum CodingKeys: String, CodingKey {
            case id, provider, aliases, source, notes
            case prices = "usd_per_million_tokens"
            case longContextThresholdTokens = "long_context_threshold_tokens"
            case longContextPrices = "long_context_usd_per_million_tokens"
            case batchDiscountPercent = "batch_discount_percent"
            case contextWindow = "context_window"
            case minCacheableTokens = "min_cacheable_tokens"
            case maxOutputTokens = "max_output_tokens"
            case asOf = "as_of"
        }
    }

    struct Document: Encodable {
        var file: String
        var requested: String?
        var models: [Row]
    }

    static func json(_ rows: [ModelPrice], file: String, requested: String?) throws -> String {
        let document = Document(
            file: file, requested: requested,
            models: rows.map { row in
                Row(
                    id: row.id, provider: row.provider.rawValue, prices: Rates(row.rates),
                    longContextThresholdTokens: row.longContext?.thresholdTokens,
                    longContextPrices: row.longContext.map { Rates($0.rates) },
                    batchDiscountPercent: row.batchDiscountPercent, contextWindow: row.contextWindow,
                    minCacheableTokens: row.minCacheableTokens, maxOutputTokens: row.maxOutputTokens,
                    aliases: row.aliases,
                    source: row.source, asOf: row.asOf, notes: row.notes)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
