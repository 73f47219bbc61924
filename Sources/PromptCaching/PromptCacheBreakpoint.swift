import LLMCore

/// One prompt-cache breakpoint (an Anthropic `cache_control` marker) in a planned request.
public struct PromptCacheBreakpoint: Sendable, Hashable, CustomStringConvertible {
    /// Who put the marker there.
    public enum Origin: String, Sendable, Hashable {
        /// The caller's request already had it; the planner keeps it unchanged.
        case caller
        /// The planner added it.
        case planner
    }

    /// The block that carries the marker.
    public var location: PromptCacheLocation
    /// The section that block belongs to.
    public var section: PromptSection
    /// The lifetime the marker asks for.
    public var ttl: PromptCacheMarker.TTL
    /// Estimated tokens of the prompt up to and including the marked block: what the provider caches.
    public var prefixTokens: Int
    /// Whether ``prefixTokens`` reaches the model's minimum cacheable length (below it nothing is cached).
    public var reachesMinimum: Bool
    /// Who placed the marker.
    public var origin: Origin

    /// A breakpoint at `location`.
    public init(
        location: PromptCacheLocation, section: PromptSection, ttl: PromptCacheMarker.TTL, prefixTokens: Int,
        reachesMinimum: Bool, origin: Origin
    ) {
        self.location = location
        self.section = section
        self.ttl = ttl
        self.prefixTokens = prefixTokens
        self.reachesMinimum = reachesMinimum
        self.origin = origin
    }

    public var description: String {
        "\(location) (\(section), \(ttl.rawValue), ~\(prefixTokens) prefix tokens, \(origin))"
    }
}
