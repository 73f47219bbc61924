/// Whether and how a ``CachedClient`` plans the provider's own prompt cache before an upstream call.
///
/// When enabled, every call that reaches the provider is first planned by a
/// `PromptCaching.PromptCachePlanner`: Anthropic requests get `cache_control` breakpoints on their stable
/// prefix, OpenAI-compatible requests get a `prompt_cache_key` (sent through the request's
/// `metadata["prompt_cache_key"]` unless the caller set one). The response-cache key is always that of the
/// caller's request: breakpoints and metadata are not part of it.
public struct PromptCachingSettings: Sendable, Hashable {
    /// Whether to plan prompt caching. Default: `false`.
    public var enabled: Bool
    /// The longest expected gap between two calls sharing a prefix; it chooses the 5-minute or 1-hour
    /// lifetime. Default: `nil` (unknown, which picks 5 minutes).
    public var expectedReuseInterval: Duration?
    /// How many later calls are expected to reuse a prefix; when too few to pay back the write premium the
    /// planner adds no breakpoint. Default: `nil` (unknown).
    public var expectedReuses: Int?

    /// Settings; each parameter sets the property of the same name, and every default is the documented one.
    ///
    /// - Parameters:
    ///   - enabled: whether to plan prompt caching. Default: `false`.
    ///   - expectedReuseInterval: the longest expected gap between two calls sharing a prefix, or `nil` when
    ///     unknown (which picks the 5-minute lifetime). Default: `nil`.
    ///   - expectedReuses: how many later calls are expected to reuse a prefix, or `nil` when unknown.
    ///     Default: `nil`.
    public init(enabled: Bool = false, expectedReuseInterval: Duration? = nil, expectedReuses: Int? = nil) {
        self.enabled = enabled
        self.expectedReuseInterval = expectedReuseInterval
        self.expectedReuses = expectedReuses
    }

    /// No prompt-cache planning (the default).
    public static let off = PromptCachingSettings()

    /// Planning on, with the given expectations.
    public static func on(expectedReuseInterval: Duration? = nil, expectedReuses: Int? = nil) -> PromptCachingSettings {
        PromptCachingSettings(
            enabled: true, expectedReuseInterval: expectedReuseInterval, expectedReuses: expectedReuses)
    }
}
