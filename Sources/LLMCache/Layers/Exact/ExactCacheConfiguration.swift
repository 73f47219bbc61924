import LLMCore

/// Settings of the exact response cache.
public struct ExactCacheConfiguration: Sendable, Hashable {
    /// Whether the layer is used at all.
    public var enabled: Bool = true
    /// Time to live of a stored answer when the request gives none; `nil` keeps answers until purged or
    /// evicted. Default: 24 hours. Stored to the millisecond; a time to live beyond 64-bit milliseconds
    /// (about 292 million years) is kept as that longest one.
    public var defaultTTL: Duration? = .seconds(86_400)
    /// Whether a hit extends an entry's expiry by its TTL. Default: off (an answer ages from its creation).
    public var slidingTTL: Bool = false
    /// Serve and store non-deterministic calls (temperature ≠ 0 or unset) too. Default: off; a request can
    /// opt in with ``CacheControls/allowNonDeterministic``.
    public var cacheNonDeterministic: Bool = false
    /// Store answers cut short by `max_tokens`. Default: off, since a retry with more room would differ.
    public var storeTruncated: Bool = false
    /// Keep the request JSON beside the answer, for `cachectl show`. Default: on.
    public var keepRequest: Bool = true

    public init() {}
}
