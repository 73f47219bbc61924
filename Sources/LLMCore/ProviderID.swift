/// The provider a request is meant for. Part of the cache key: the same prompt sent to two providers
/// is two different calls.
public struct ProviderID: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }

    /// Anthropic's Messages API.
    public static let anthropic: ProviderID = "anthropic"
    /// OpenAI's Chat Completions API, or any OpenAI-compatible server.
    public static let openAI: ProviderID = "openai"
}
