/// Why the model stopped.
public enum StopReason: Sendable, Hashable {
    /// The answer is complete.
    case endTurn
    /// The answer was cut at `maxTokens`.
    case maxTokens
    /// A stop sequence was produced.
    case stopSequence
    /// The model called a tool.
    case toolUse
    /// The model declined to answer.
    case refusal
    /// Any other reason the provider gave, kept verbatim.
    case other(String)

    /// The wire spelling (Anthropic's names).
    public var rawValue: String {
        switch self {
        case .endTurn: "end_turn"
        case .maxTokens: "max_tokens"
        case .stopSequence: "stop_sequence"
        case .toolUse: "tool_use"
        case .refusal: "refusal"
        case .other(let value): value
        }
    }

    /// Reads a wire spelling.
    public init(rawValue: String) {
        switch rawValue {
        case "end_turn": self = .endTurn
        case "max_tokens": self = .maxTokens
        case "stop_sequence": self = .stopSequence
        case "tool_use": self = .toolUse
        case "refusal": self = .refusal
        default: self = .other(rawValue)
        }
    }
}

extension StopReason: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
