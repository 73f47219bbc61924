import Foundation
import LLMCore

/// One model row of a pricing file in this project's format (`data/pricing.json`), decoded and checked:
/// every required field present, prices zero or more, whole numbers in range, `as_of` a day.
///
/// A problem is thrown as a ``PricingRowProblem`` naming the row's model (its `id`, else `#N`) and the field
/// (`long_context.cache_read` inside the long-context prices).
struct PricingFileRow: Decodable {
    /// The row as a price.
    let price: ModelPrice

    enum Field: String, CodingKey {
        case id, provider, input, output, aliases, source, notes
        case cacheWrite5m = "cache_write_5m"
        case cacheWrite1h = "cache_write_1h"
        case cacheRead = "cache_read"
        case batchDiscountPercent = "batch_discount_percent"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case minCacheableTokens = "min_cacheable_tokens"
        case asOf = "as_of"
        case longContext = "long_context"
        case thresholdTokens = "threshold_tokens"
    }

    init(from decoder: any Decoder) throws {
        let number = (decoder.codingPath.last?.intValue ?? 0) + 1
        let row: KeyedDecodingContainer<Field>
        do {
            row = try decoder.container(keyedBy: Field.self)
        } catch {
            throw PricingRowProblem(model: "#\(number)", field: nil, problem: "row \(number) is not a JSON object")
        }
        let model = (try? row.decode(String.self, forKey: .id)) ?? "#\(number)"
        do {
            price = try Self.read(row)
        } catch let problem as PricingRowProblem {
            throw PricingRowProblem(model: model, field: problem.field, problem: problem.problem)
        } catch let error as DecodingError {
            let (path, problem) = error.configurationProblem
            let field = Array(path.split(separator: ".", omittingEmptySubsequences: false).dropFirst())
            throw PricingRowProblem(
                model: model, field: field.isEmpty ? nil : field.joined(separator: "."), problem: problem)
        }
    }

    private static func read(_ row: KeyedDecodingContainer<Field>) throws -> ModelPrice {
        for name in PricingTable.requiredFields {
            guard let field = Field(rawValue: name), row.has(field) else {
                throw PricingRowProblem(field: name, problem: "is missing")
            }
        }
        let asOf = try row.text(.asOf)
        guard asOf.isISODay else {
            throw PricingRowProblem(field: "as_of", problem: "must be a day written YYYY-MM-DD, found '\(asOf)'")
        }
        let discount = try row.whole(.batchDiscountPercent)
        guard discount <= 100 else {
            throw PricingRowProblem(field: "batch_discount_percent", problem: "must be 0...100, found \(discount)")
        }
        var longContext: LongContextRates?
        if row.has(.longContext) {
            let nested: KeyedDecodingContainer<Field>
            do {
                nested = try row.nestedContainer(keyedBy: Field.self, forKey: .longContext)
            } catch {
                throw PricingRowProblem(field: "long_context", problem: "must be a JSON object")
            }
            longContext = LongContextRates(
                thresholdTokens: try nested.whole(.thresholdTokens, minimum: 1), rates: try rates(nested))
        }
        return ModelPrice(
            id: try row.text(.id), provider: ProviderID(rawValue: try row.text(.provider)), rates: try rates(row),
            longContext: longContext, batchDiscountPercent: discount,
            contextWindow: try row.whole(.contextWindow, minimum: 1),
            maxOutputTokens: row.has(.maxOutputTokens) ? try row.whole(.maxOutputTokens, minimum: 1) : nil,
            minCacheableTokens: try row.whole(.minCacheableTokens), aliases: try row.names(.aliases),
            source: try row.text(.source), asOf: asOf, notes: row.has(.notes) ? try row.text(.notes) : nil)
    }

    private static func rates(_ fields: KeyedDecodingContainer<Field>) throws -> ModelRates {
        ModelRates(
            input: try fields.rate(.input), output: try fields.rate(.output),
            cacheWrite5m: try fields.rate(.cacheWrite5m), cacheWrite1h: try fields.rate(.cacheWrite1h),
            cacheRead: try fields.rate(.cacheRead))
    }
}

/// What is wrong with one row of a pricing file, before the file's name is added (``PricingFileError``).
struct PricingRowProblem: Error {
    var model: String?
    var field: String?
    var problem: String
}

extension KeyedDecodingContainer where Key == PricingFileRow.Field {
    /// The field's path below the row (`long_context.cache_read`), for errors.
    private func name(_ key: Key) -> String {
        let path = (codingPath + [key]).configurationPath
        // The row's own path is `models[N]`; what follows it is the field.
        guard let dot = path.firstIndex(of: ".") else { return key.stringValue }
        return String(path[path.index(after: dot)...])
    }

    private func fail(_ key: Key, _ problem: String) -> PricingRowProblem {
        PricingRowProblem(field: name(key), problem: problem)
    }

    /// Whether the field is present and not null.
    func has(_ key: Key) -> Bool {
        contains(key) && (try? decodeNil(forKey: key)) == false
    }

    /// A price in US dollars per million tokens: a number, zero or more.
    func rate(_ key: Key) throws -> TokenRate {
        guard has(key) else { throw fail(key, "is missing") }
        guard let value = try? decode(Double.self, forKey: key) else { throw fail(key, "must be a number") }
        guard value >= 0 else { throw fail(key, "is negative (\(value)); prices must be zero or more") }
        guard let rate = TokenRate(dollarsPerMillion: value) else { throw fail(key, "is not a usable price") }
        return rate
    }

    /// A whole number of at least `minimum`.
    func whole(_ key: Key, minimum: Int = 0) throws -> Int {
        guard has(key) else { throw fail(key, "is missing") }
        let value: Int
        if let exact = try? decode(Int.self, forKey: key) {
            value = exact
        } else if let number = try? decode(Double.self, forKey: key) {
            guard number == number.rounded(), abs(number) < 9.0e15 else {
                throw fail(key, "must be a whole number, found \(number)")
            }
            value = Int(number)
        } else {
            throw fail(key, "must be a whole number")
        }
        guard value >= minimum else { throw fail(key, "must be at least \(minimum), found \(value)") }
        return value
    }

    /// A string that is not blank.
    func text(_ key: Key) throws -> String {
        guard has(key) else { throw fail(key, "is missing") }
        guard let text = try? decode(String.self, forKey: key) else { throw fail(key, "must be a string") }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(key, "is empty") }
        return text
    }

    /// A list of non-empty strings; absent or null is an empty list.
    func names(_ key: Key) throws -> [String] {
        guard has(key) else { return [] }
        guard let names = try? decode([String].self, forKey: key), names.allSatisfy({ !$0.isEmpty }) else {
            throw fail(key, "must be a list of non-empty strings")
        }
        return names
    }
}
