import CostControl

extension ProxyConfigurationFile {
    /// The `token_limits` object: `max_input_tokens`, `max_input_tokens_by_tag` (`{"feature=search": 8000}`),
    /// `max_output_tokens`, `max_output_tokens_by_tag`, and `when_over_input` (`refuse`, the default, or
    /// `trim_history`).
    public struct TokenLimitsSettings: Sendable, Hashable, Decodable {
        /// The limits the object sets.
        public var limits: TokenLimits

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxInputTokens = "max_input_tokens"
            case maxInputTokensByTag = "max_input_tokens_by_tag"
            case maxOutputTokens = "max_output_tokens"
            case maxOutputTokensByTag = "max_output_tokens_by_tag"
            case whenOverInput = "when_over_input"
        }

        /// Decodes the object; an unknown key, a limit below one or an unknown policy is an error that names it.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let file = try decoder.container(keyedBy: CodingKeys.self)
            func byTag(_ key: CodingKeys) throws -> [String: Int] {
                try file.byCostTag(key, requirement: " and each limit at least 1 token") { (limit: Int) in limit >= 1 }
            }
            let policy: TokenLimits.OverInput
            switch try file.decodeIfPresent(String.self, forKey: .whenOverInput) {
            case nil, "refuse": policy = .refuse
            case "trim_history": policy = .trimHistory
            case let other?:
                throw DecodingError.dataCorruptedError(
                    forKey: .whenOverInput, in: file,
                    debugDescription: "'\(other)' is not a policy; use refuse or trim_history")
            }
            limits = TokenLimits(
                maxInputTokens: try file.positiveCount(.maxInputTokens, unit: "tokens"),
                maxInputTokensByTag: try byTag(.maxInputTokensByTag),
                maxOutputTokens: try file.positiveCount(.maxOutputTokens, unit: "tokens"),
                maxOutputTokensByTag: try byTag(.maxOutputTokensByTag), whenOverInput: policy)
        }
    }
}
