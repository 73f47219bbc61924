import Foundation
import LLMCore
import Logging

/// The prices in use: one row per model, found by id or alias, read from one file.
///
/// Look-ups resolve, in order: the exact id, an alias, the id without a `provider/` prefix, and the id
/// without a trailing snapshot date (`-20250929` or `-2025-04-14`). A model found by none of these is an
/// ``UnknownModelError`` unless a fallback model was configured, in which case it is priced as the fallback
/// and a warning is logged.
public struct PricingTable: Sendable {
    /// The rows, by model id.
    public let rowsByID: [String: ModelPrice]
    /// The file the rows came from.
    public let source: String
    /// The model that prices unknown models, if one was configured.
    public let fallbackModel: String?
    private let aliasIndex: [String: String]
    private let logger: Logger

    /// A table of `rows` read from `source`. Throws ``PricingFileError`` for a duplicate id or alias.
    public init(rows: [ModelPrice], source: String, logger: Logger = Logger(label: "llmcache.cost.pricing")) throws {
        var byID: [String: ModelPrice] = [:]
        for row in rows {
            guard byID[row.id] == nil else {
                throw PricingFileError(file: source, model: row.id, field: "id", problem: "duplicate model id")
            }
            byID[row.id] = row
        }
        var aliases: [String: String] = [:]
        for row in rows {
            for alias in row.aliases {
                if byID[alias] != nil || (aliases[alias].map { $0 != row.id } ?? false) {
                    throw PricingFileError(
                        file: source, model: row.id, field: "aliases",
                        problem: "alias '\(alias)' already names model '\(aliases[alias] ?? alias)'")
                }
                aliases[alias] = row.id
            }
        }
        self.rowsByID = byID
        self.aliasIndex = aliases
        self.source = source
        self.fallbackModel = nil
        self.logger = logger
    }

    private init(copying table: PricingTable, fallbackModel: String?) {
        self.rowsByID = table.rowsByID
        self.aliasIndex = table.aliasIndex
        self.source = table.source
        self.logger = table.logger
        self.fallbackModel = fallbackModel
    }

    /// All rows, sorted by provider and id.
    public var rows: [ModelPrice] {
        rowsByID.values.sorted { ($0.provider.rawValue, $0.id) < ($1.provider.rawValue, $1.id) }
    }

    /// This table with `model` pricing every unknown model. Throws ``UnknownModelError`` if `model` itself
    /// has no row.
    public func withFallback(_ model: String) throws -> PricingTable {
        guard let row = resolve(model) else { throw UnknownModelError(model: model, pricingFile: source) }
        return PricingTable(copying: self, fallbackModel: row.id)
    }

    /// The row for `model`, without a fallback; `nil` when none matches.
    public func resolve(_ model: String) -> ModelPrice? {
        for candidate in Self.candidates(for: model) {
            if let row = rowsByID[candidate] { return row }
            if let id = aliasIndex[candidate], let row = rowsByID[id] { return row }
        }
        return nil
    }

    /// The row for `model`, or the fallback's row with a warning; throws ``UnknownModelError`` otherwise.
    public func price(for model: String) throws -> ModelPrice {
        if let row = resolve(model) { return row }
        if let fallbackModel, let row = rowsByID[fallbackModel] {
            logger.warning(
                "no price for model; pricing it as the fallback",
                metadata: ["model": "\(model)", "fallback": "\(fallbackModel)", "pricing_file": "\(source)"])
            return row
        }
        throw UnknownModelError(model: model, pricingFile: source)
    }

    /// The cost of a call to `model` with `usage`.
    public func cost(of usage: Usage, model: String, batch: Bool = false) throws -> MicroDollars {
        try price(for: model).cost(of: usage, batch: batch)
    }

    static func candidates(for model: String) -> [String] {
        var out = [model]
        if let slash = model.lastIndex(of: "/") { out.append(String(model[model.index(after: slash)...])) }
        for name in out {
            if let stripped = strippingSnapshotDate(name) { out.append(stripped) }
        }
        return out
    }

    /// `name` without a trailing `-YYYYMMDD` or `-YYYY-MM-DD`, or `nil` if it has none.
    static func strippingSnapshotDate(_ name: String) -> String? {
        let chars = Array(name)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { chars[$0].isASCII && chars[$0].isNumber } }
        let count = chars.count
        if count > 9, chars[count - 9] == "-", digits((count - 8)..<count) {
            return String(chars[..<(count - 9)])
        }
        if count > 11, chars[count - 11] == "-", digits((count - 10)..<(count - 6)), chars[count - 6] == "-",
            digits((count - 5)..<(count - 3)), chars[count - 3] == "-", digits((count - 2)..<count)
        {
            return String(chars[..<(count - 11)])
        }
        return nil
    }
}
