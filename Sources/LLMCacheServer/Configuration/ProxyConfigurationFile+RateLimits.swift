import CostControl

extension ProxyConfigurationFile {
    /// The `rate_limits` object: `per_namespace`, `per_api_key` and `per_tag` (`{"feature=search": …}`),
    /// each rate `{"requests_per_minute": 60, "tokens_per_minute": 100000}`, and `max_wait` (a duration such
    /// as `2s`; absent refuses at once).
    public struct RateLimitsSettings: Sendable, Hashable, Decodable {
        /// The limits the object sets.
        public var limits: RateLimits

        enum CodingKeys: String, CodingKey, CaseIterable {
            case perNamespace = "per_namespace"
            case perAPIKey = "per_api_key"
            case perTag = "per_tag"
            case maxWait = "max_wait"
        }

        /// One rate object.
        struct Rate: Decodable {
            var rate: RateLimits.Rate

            enum CodingKeys: String, CodingKey, CaseIterable {
                case requestsPerMinute = "requests_per_minute"
                case tokensPerMinute = "tokens_per_minute"
            }

            init(from decoder: any Decoder) throws {
                try decoder.rejectUnknownKeys(CodingKeys.self)
                let file = try decoder.container(keyedBy: CodingKeys.self)
                func perMinute(_ key: CodingKeys) throws -> Int? {
                    guard let value = try file.decodeIfPresent(Int.self, forKey: key) else { return nil }
                    guard value >= 1 else {
                        throw DecodingError.dataCorruptedError(
                            forKey: key, in: file, debugDescription: "must be at least 1 per minute")
                    }
                    return value
                }
                rate = RateLimits.Rate(
                    requestsPerMinute: try perMinute(.requestsPerMinute),
                    tokensPerMinute: try perMinute(.tokensPerMinute))
            }
        }

        /// Decodes the object; an unknown key, a rate below one or a tag that is not `key=value` is an error
        /// that names it.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let file = try decoder.container(keyedBy: CodingKeys.self)
            let tags = try file.decodeIfPresent([String: Rate].self, forKey: .perTag) ?? [:]
            if let bad = tags.keys.first(where: { !$0.contains("=") }) {
                throw DecodingError.dataCorruptedError(
                    forKey: .perTag, in: file, debugDescription: "'\(bad)': each key is a key=value cost tag")
            }
            limits = RateLimits(
                perNamespace: try file.decodeIfPresent(Rate.self, forKey: .perNamespace)?.rate,
                perCaller: try file.decodeIfPresent(Rate.self, forKey: .perAPIKey)?.rate,
                perTag: tags.mapValues(\.rate), maxWait: try file.duration(.maxWait) ?? .zero)
        }
    }
}
