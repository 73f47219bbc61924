import Foundation

/// The router's configuration: which model serves each tier, and the thresholds that pick a tier.
///
/// `data/routing.json`:
/// ```json
/// {
///   "tiers": { "cheap": "claude-haiku-4-5", "standard": "claude-sonnet-4-5", "premium": "claude-opus-4-5" },
///   "long_input_characters": 10000,
///   "many_items": 30
/// }
/// ```
/// Every tier must name a model that the pricing table prices; a config that does not is refused at load.
public struct RoutingConfig: Sendable, Hashable {
    /// The model for each tier.
    public var models: [RoutingTier: String]
    /// Inputs at least this many characters long go to the standard tier.
    public var longInputCharacters: Int
    /// Tasks with at least this many items go to the standard tier.
    public var manyItems: Int

    /// A configuration; throws ``PricingFileError`` (file `source`) if a tier is missing or names a model
    /// that `pricing` does not price.
    public init(
        models: [RoutingTier: String], longInputCharacters: Int = 10_000, manyItems: Int = 30, pricing: PricingTable,
        source: String = "routing configuration"
    ) throws {
        for tier in RoutingTier.allCases {
            guard let model = models[tier] else {
                throw PricingFileError(file: source, field: "tiers.\(tier.rawValue)", problem: "is missing")
            }
            guard pricing.resolve(model) != nil else {
                throw PricingFileError(
                    file: source, model: model, field: "tiers.\(tier.rawValue)",
                    problem: "names a model that has no price in \(pricing.source)")
            }
        }
        guard longInputCharacters > 0 else {
            throw PricingFileError(file: source, field: "long_input_characters", problem: "must be at least 1")
        }
        guard manyItems > 0 else {
            throw PricingFileError(file: source, field: "many_items", problem: "must be at least 1")
        }
        self.models = models
        self.longInputCharacters = longInputCharacters
        self.manyItems = manyItems
    }

    /// Reads a routing file and checks every model against `pricing`.
    public static func load(contentsOf url: URL, pricing: PricingTable) throws -> RoutingConfig {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PricingFileError(file: url.path, problem: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(data, source: url.path, pricing: pricing)
    }

    /// Parses routing-file bytes; `source` names the file in errors.
    public static func parse(_ data: Data, source: String, pricing: PricingTable) throws -> RoutingConfig {
        let file: RoutingFile
        do {
            file = try JSONDecoder().decode(RoutingFile.self, from: data)
        } catch let error as DecodingError {
            let (path, problem) = error.configurationProblem
            throw PricingFileError(file: source, field: path.isEmpty ? nil : path, problem: problem)
        }
        return try RoutingConfig(
            models: file.tiers, longInputCharacters: file.longInputCharacters ?? 10_000,
            manyItems: file.manyItems ?? 30, pricing: pricing, source: source)
    }
}
