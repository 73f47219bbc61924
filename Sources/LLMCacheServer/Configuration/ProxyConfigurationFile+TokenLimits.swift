import CostControl

extension ProxyConfigurationFile {
    /// The `token_limits` object: `max_input_tokens`, `max_input_tokens_by_tag` (`{"feature=search": 8000}`),
    /// `max_output_tokens`, `max_output_tokens_by_tag`, `when_over_input` (`refuse`, the default,
    /// `trim_history` or `summarise_history`), `summarise_with` (the model that summarises, required by and
    /// only with `summarise_history`), `compression` (`{}` or `{"min_length": 2000}`: whitespace
    /// compression of long texts; absent, off) and `count_tokens` (`true`: Anthropic calls are counted by
    /// the provider's `count_tokens` before the limits apply; default `false`, estimated).
    public struct TokenLimitsSettings: Sendable, Hashable, Decodable {
        /// The limits the object sets.
        public var limits: TokenLimits
        /// The model that summarises dropped turns (`summarise_with`).
        public var summaryModel: String?
        /// Whether Anthropic calls are counted by the provider (`count_tokens`).
        public var countTokens: Bool

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxInputTokens = "max_input_tokens"
            case maxInputTokensByTag = "max_input_tokens_by_tag"
            case maxOutputTokens = "max_output_tokens"
            case maxOutputTokensByTag = "max_output_tokens_by_tag"
            case whenOverInput = "when_over_input"
            case summariseWith = "summarise_with"
            case compression
            case countTokens = "count_tokens"
        }

        /// The `compression` object.
        struct Compression: Decodable {
            var compression: PromptCompression

            enum CodingKeys: String, CodingKey, CaseIterable {
                case minLength = "min_length"
            }

            init(from decoder: any Decoder) throws {
                try decoder.rejectUnknownKeys(CodingKeys.self)
                let file = try decoder.container(keyedBy: CodingKeys.self)
                compression = PromptCompression(
                    minimumLength: try file.positiveCount(.minLength, unit: "bytes")
                        ?? PromptCompression().minimumLength)
            }
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
            case "summarise_history": policy = .summariseHistory
            case let other?:
                throw DecodingError.dataCorruptedError(
                    forKey: .whenOverInput, in: file,
                    debugDescription: "'\(other)' is not a policy; use refuse, trim_history or summarise_history")
            }
            summaryModel = try file.decodeIfPresent(String.self, forKey: .summariseWith)
            countTokens = try file.decodeIfPresent(Bool.self, forKey: .countTokens) ?? false
            if policy == .summariseHistory, summaryModel?.isEmpty ?? true {
                throw DecodingError.dataCorruptedError(
                    forKey: .summariseWith, in: file,
                    debugDescription: "summarise_history needs the model that summarises, such as "
                        + "\"summarise_with\": \"claude-haiku-4-5\"")
            }
            if policy != .summariseHistory, summaryModel != nil {
                throw DecodingError.dataCorruptedError(
                    forKey: .summariseWith, in: file,
                    debugDescription: "is only used with \"when_over_input\": \"summarise_history\"")
            }
            limits = TokenLimits(
                maxInputTokens: try file.positiveCount(.maxInputTokens, unit: "tokens"),
                maxInputTokensByTag: try byTag(.maxInputTokensByTag),
                maxOutputTokens: try file.positiveCount(.maxOutputTokens, unit: "tokens"),
                maxOutputTokensByTag: try byTag(.maxOutputTokensByTag), whenOverInput: policy,
                compression: try file.decodeIfPresent(Compression.self, forKey: .compression)?.compression)
        }
    }
}
