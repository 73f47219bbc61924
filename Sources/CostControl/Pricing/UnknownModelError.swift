/// A model that has no row in the pricing table.
public struct UnknownModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model id that was asked for.
    public var model: String
    /// The pricing file that was searched.
    public var pricingFile: String

    /// An error for `model`, which `pricingFile` does not price.
    public init(model: String, pricingFile: String) {
        self.model = model
        self.pricingFile = pricingFile
    }

    public var description: String {
        "model '\(model)' has no price in \(pricingFile); add a row (or an alias) for it to that file (or to the "
            + "file LLMCACHE_PRICING names), or price unknown models as a known one with "
            + "PricingTable.withFallback(\"MODEL\")"
    }
}
