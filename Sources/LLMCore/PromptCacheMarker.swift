/// A provider prompt-cache breakpoint (Anthropic's `cache_control`). It changes what the provider caches,
/// never what the model answers, so it is not part of the response-cache key.
public struct PromptCacheMarker: Codable, Sendable, Hashable {
    /// How long the provider keeps the prefix.
    public enum TTL: String, Codable, Sendable, Hashable {
        case fiveMinutes = "5m"
        case oneHour = "1h"
    }

    /// The requested lifetime of the cached prefix.
    public var ttl: TTL

    public init(ttl: TTL = .fiveMinutes) { self.ttl = ttl }
}
