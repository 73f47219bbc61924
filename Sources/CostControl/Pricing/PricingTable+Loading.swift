import Foundation
import LLMCore
import Logging

extension PricingTable {
    /// The fields every row of a pricing file must have.
    public static let requiredFields = [
        "id", "provider", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read",
        "batch_discount_percent", "context_window", "min_cacheable_tokens", "source", "as_of",
    ]

    /// Reads a pricing file in this project's format (`data/pricing.json`, decoded by `PricingFile`).
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
        let file: PricingFile
        do {
            file = try JSONDecoder().decode(PricingFile.self, from: data)
        } catch let problem as PricingRowProblem {
            throw PricingFileError(file: source, model: problem.model, field: problem.field, problem: problem.problem)
        } catch let error as DecodingError {
            let (path, problem) = error.configurationProblem
            switch (error, path) {
            case (.dataCorrupted, ""): throw PricingFileError(file: source, problem: problem)
            case (_, ""): throw PricingFileError(file: source, problem: "the document is not a JSON object")
            default: throw PricingFileError(file: source, field: "models", problem: "must be a list of model rows")
            }
        }
        return try PricingTable(rows: file.models.map(\.price), source: source, logger: logger)
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
