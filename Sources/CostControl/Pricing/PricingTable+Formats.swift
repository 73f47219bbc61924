import Foundation
import LLMCore
import Logging

/// The formats a pricing file may be written in.
public enum PricingFileFormat: String, Sendable, CaseIterable {
    /// This project's format (`{"models": [...]}`, prices per million tokens).
    case llmcache
    /// LiteLLM's `model_prices_and_context_window.json` (prices per token).
    case litellm
}

extension PricingTable {
    /// Reads a pricing file in either format, telling them apart by shape: a top-level `models` list is this
    /// project's format, any other object is read as a LiteLLM price map.
    public static func load(
        contentsOf url: URL, format: PricingFileFormat?, logger: Logger = Logger(label: "llmcache.cost.pricing")
    ) throws -> PricingTable {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PricingFileError(file: url.path, problem: "cannot be read: \(error.localizedDescription)")
        }
        switch format ?? detectFormat(data) {
        case .llmcache: return try parse(data, source: url.path, logger: logger)
        case .litellm: return try LiteLLMPriceMap.load(contentsOf: url, logger: logger)
        }
    }

    /// The format `data` appears to be in (this project's when unsure, so that its errors are reported).
    public static func detectFormat(_ data: Data) -> PricingFileFormat {
        guard case .object(let members)? = try? JSONValue.parse(data) else { return .llmcache }
        if case .array? = members["models"] { return .llmcache }
        return members.isEmpty ? .llmcache : .litellm
    }
}
