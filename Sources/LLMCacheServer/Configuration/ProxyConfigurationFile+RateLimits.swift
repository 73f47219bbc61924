import CostControl

extension ProxyConfigurationFile {
    /// The `rate_limits` object: `per_namespace`, `per_api_key` and `per_tag` (`{"feature=search": …}`),
    /// each rate `{"requests_per_minute": 60, "tokens_per_minute": 100000}`, `max_wait` (a duration such
    /// as `2s`; absent refuses at once) and `when_store_unavailable` (`local`, the default, `admit` or
    /// `refuse`: what a call does when the database that shares the rates between proxies cannot be reached).
    public struct RateLimitsSettings: Sendable, Hashable, Decodable {
        /// The limits the object sets.
        public var limits: RateLimits

        enum CodingKeys: String, CodingKey, CaseIterable {
            case perNamespace = "per_namespace"
            case perAPIKey = "per_api_key"
            case perTag = "per_tag"
            case maxWait = "max_wait"
            case whenStoreUnavailable = "when_store_unavailable"
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
                rate = RateLimits.Rate(
                    requestsPerMinute: try file.positiveCount(.requestsPerMinute, unit: "per minute"),
                    tokensPerMinute: try file.positiveCount(.tokensPerMinute, unit: "per minute"))
            }
        }

        /// Decodes the object; an unknown key, a rate below one or a tag that is not `key=value` is an error
        /// that names it.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let file = try decoder.container(keyedBy: CodingKeys.self)
            let tags: [String: Rate] = try file.byCostTag(.perTag)
            let policy: SharedRateFailurePolicy? = try file.choice(
                .whenStoreUnavailable, expected: "local, admit or refuse")
            limits = RateLimits(
                perNamespace: try file.decodeIfPresent(Rate.self, forKey: .perNamespace)?.rate,
                perCaller: try file.decodeIfPresent(Rate.self, forKey: .perAPIKey)?.rate,
                perTag: tags.mapValues(\.rate), maxWait: try file.duration(.maxWait) ?? .zero,
                whenSharedUnavailable: policy ?? .localBuckets)
        }
    }
}
