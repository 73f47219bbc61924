import Foundation
import LLMCore
import Logging

extension PricingTable {
    /// The fields every row of a pricing file must have.
    public static let requiredFields = [
        "id", "provider", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read",
        "batch_discount_percent", "context_window", "min_cacheable_tokens", "source", "as_of",
    ]

    /// Reads a pricing file in this project's format (`data/pricing.json`).
    ///
    /// The file is `{"models": [row, ...]}`; each row has ``requiredFields`` (prices in USD per million
    /// tokens) and may have `aliases`, `max_output_tokens`, `notes` and `long_context`
    /// (`threshold_tokens` plus the five prices). Every row is validated; the first problem is thrown as a
    /// ``PricingFileError`` naming the file, the model and the field.
    public static func load(contentsOf url: URL, logger: Logger = Logger(label: "llmcache.cost.pricing")) throws
        -> PricingTable
    {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PricingFileError(file: url.path, problem: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(data, source: url.path, logger: logger)
    }

    /// Parses pricing-file bytes; `source` names the file in errors.
    public static func parse(_ data: Data, source: String, logger: Logger = Logger(label: "llmcache.cost.pricing"))
        throws -> PricingTable
    {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw PricingFileError(file: source, problem: "is not valid JSON: \(Self.describe(error))")
        }
        let top = try JSONFields(document, file: source, model: nil, what: "the document")
        guard case .array(let items)? = top.members["models"] else {
            throw PricingFileError(file: source, field: "models", problem: "must be a list of model rows")
        }
        var rows: [ModelPrice] = []
        for (index, item) in items.enumerated() {
            var name = "#\(index + 1)"
            if case .string(let id)? = item[pricingKey: "id"] { name = id }
            let fields = try JSONFields(item, file: source, model: name, what: "row \(index + 1)")
            rows.append(try row(fields))
        }
        return try PricingTable(rows: rows, source: source, logger: logger)
    }

    private static func row(_ fields: JSONFields) throws -> ModelPrice {
        for field in requiredFields where !fields.has(field) { throw fields.error(field, "is missing") }
        let asOf = try fields.string("as_of")
        guard asOf.isISODay else { throw fields.error("as_of", "must be a day written YYYY-MM-DD, found '\(asOf)'") }
        let discount = try fields.integer("batch_discount_percent")
        guard discount <= 100 else {
            throw fields.error("batch_discount_percent", "must be 0...100, found \(discount)")
        }
        var longContext: LongContextRates?
        if let nested = try fields.object("long_context") {
            longContext = LongContextRates(
                thresholdTokens: try nested.integer("threshold_tokens", minimum: 1), rates: try rates(nested))
        }
        return ModelPrice(
            id: try fields.string("id"), provider: ProviderID(rawValue: try fields.string("provider")),
            rates: try rates(fields), longContext: longContext, batchDiscountPercent: discount,
            contextWindow: try fields.integer("context_window", minimum: 1),
            maxOutputTokens: try fields.optionalInteger("max_output_tokens", minimum: 1),
            minCacheableTokens: try fields.integer("min_cacheable_tokens"),
            aliases: try fields.strings("aliases"), source: try fields.string("source"), asOf: asOf,
            notes: try fields.optionalString("notes"))
    }

    private static func rates(_ fields: JSONFields) throws -> ModelRates {
        ModelRates(
            input: try fields.rate("input"), output: try fields.rate("output"),
            cacheWrite5m: try fields.rate("cache_write_5m"), cacheWrite1h: try fields.rate("cache_write_1h"),
            cacheRead: try fields.rate("cache_read"))
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}

extension JSONValue {
    fileprivate subscript(pricingKey key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
