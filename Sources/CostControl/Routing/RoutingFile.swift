import Foundation

/// A routing file (`data/routing.json`) as written, before its models are checked against the pricing
/// table by ``RoutingConfig``. Other top-level keys (a `description`) are allowed; a tier that is not
/// cheap, standard or premium is an error.
struct RoutingFile: Decodable {
    /// The model of each tier named in the file.
    var tiers: [RoutingTier: String]
    /// `long_input_characters`.
    var longInputCharacters: Int?
    /// `many_items`.
    var manyItems: Int?

    enum CodingKeys: String, CodingKey {
        case tiers
        case longInputCharacters = "long_input_characters"
        case manyItems = "many_items"
    }

    init(from decoder: any Decoder) throws {
        let file = try decoder.container(keyedBy: CodingKeys.self)
        let names = try file.nestedContainer(keyedBy: ConfigurationKey.self, forKey: .tiers)
        var tiers: [RoutingTier: String] = [:]
        for key in names.allKeys {
            guard let tier = RoutingTier(rawValue: key.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: names, debugDescription: "is not a tier; use cheap, standard or premium")
            }
            let model = try names.decode(String.self, forKey: key)
            guard !model.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: key, in: names, debugDescription: "is empty")
            }
            tiers[tier] = model
        }
        self.tiers = tiers
        longInputCharacters = try file.decodeWholeNumberIfPresent(forKey: .longInputCharacters)
        manyItems = try file.decodeWholeNumberIfPresent(forKey: .manyItems)
    }
}
