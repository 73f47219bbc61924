/// Every knob of a ``CachedClient``, with documented defaults.
public struct CachedClientConfiguration: Sendable {
    /// The namespace used when a request names none. Default: `"default"`.
    public var defaultNamespace: String = "default"
    /// The exact response cache's settings.
    public var exact: ExactCacheConfiguration = ExactCacheConfiguration()
    /// Planning of the provider's own prompt cache for upstream calls. Default: ``PromptCachingSettings/off``.
    public var promptCaching: PromptCachingSettings = .off
    /// What happens to a call when the cache store cannot be read: it goes to the provider uncached
    /// (``StoreFailurePolicy/passThrough``, the default) or fails with ``CacheUnavailableError``
    /// (``StoreFailurePolicy/fail``).
    public var whenStoreUnavailable: StoreFailurePolicy = .passThrough

    public init() {}
}
