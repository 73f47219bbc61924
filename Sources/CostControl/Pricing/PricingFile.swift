/// A pricing file in this project's format, `{"models": [row, ...]}`; each row is a ``PricingFileRow``.
/// Other top-level keys (a `description`) are allowed.
struct PricingFile: Decodable {
    /// The rows, in file order.
    var models: [PricingFileRow]
}
