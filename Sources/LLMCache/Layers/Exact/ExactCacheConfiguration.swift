import LLMCore

/// Settings of the exact response cache.
///
/// ```swift
/// let exact = ExactCacheConfiguration(defaultTTL: .seconds(3600), slidingTTL: true)
/// ```
public struct ExactCacheConfiguration: Sendable, Hashable {
    /// Whether the layer is used at all. Default: `true`.
    public var enabled: Bool
    /// Time to live of a stored answer when the request gives none; `nil` keeps answers until purged or
    /// evicted. Default: 24 hours. Stored to the millisecond; a time to live beyond 64-bit milliseconds
    /// (about 292 million years) is kept as that longest one.
    public var defaultTTL: Duration?
    /// Whether a hit extends an entry's expiry by its TTL. Default: off (an answer ages from its creation).
    public var slidingTTL: Bool
    /// Serve and store non-deterministic calls (temperature ≠ 0 or unset) too. Default: off; a request can
    /// opt in with ``CacheControls/allowNonDeterministic``.
    public var cacheNonDeterministic: Bool
    /// Store answers cut short by `max_tokens`. Default: off, since a retry with more room would differ.
    public var storeTruncated: Bool
    /// Keep the request JSON beside the answer, for `cachectl show`. Default: on.
    public var keepRequest: Bool

    /// Settings; each parameter sets the property of the same name, and every default is the documented one.
    ///
    /// - Parameters:
    ///   - enabled: whether the layer is used. Default: `true`.
    ///   - defaultTTL: the time to live of an answer whose request gives none, or `nil` to keep answers until
    ///     purged or evicted. Default: 24 hours.
    ///   - slidingTTL: whether a hit extends an entry's expiry by its TTL. Default: `false`.
    ///   - cacheNonDeterministic: serve and store non-deterministic calls too. Default: `false`.
    ///   - storeTruncated: store answers cut short by `max_tokens`. Default: `false`.
    ///   - keepRequest: keep the request JSON beside the answer. Default: `true`.
    public init(
        enabled: Bool = true, defaultTTL: Duration? = .seconds(86_400), slidingTTL: Bool = false,
        cacheNonDeterministic: Bool = false, storeTruncated: Bool = false, keepRequest: Bool = true
    ) {
        self.enabled = enabled
        self.defaultTTL = defaultTTL
        self.slidingTTL = slidingTTL
        self.cacheNonDeterministic = cacheNonDeterministic
        self.storeTruncated = storeTruncated
        self.keepRequest = keepRequest
    }
}
