/// Every knob of a ``CachedClient``, with documented defaults.
///
/// ```swift
/// let configuration = CachedClientConfiguration(
///     defaultNamespace: "support", exact: ExactCacheConfiguration(defaultTTL: .seconds(3600)),
///     promptCaching: .on(expectedReuseInterval: .seconds(120)))
/// ```
public struct CachedClientConfiguration: Sendable {
    /// The namespace used when a request names none. Default: `"default"`.
    public var defaultNamespace: String
    /// The exact response cache's settings. Default: `ExactCacheConfiguration()`.
    public var exact: ExactCacheConfiguration
    /// Planning of the provider's own prompt cache for upstream calls. Default: ``PromptCachingSettings/off``.
    public var promptCaching: PromptCachingSettings
    /// What happens to a call when the cache store cannot be read: it goes to the provider uncached
    /// (``StoreFailurePolicy/passThrough``, the default) or fails with ``CacheUnavailableError``
    /// (``StoreFailurePolicy/fail``).
    public var whenStoreUnavailable: StoreFailurePolicy

    /// A configuration; each parameter sets the property of the same name, and every default is the
    /// documented one.
    ///
    /// - Parameters:
    ///   - defaultNamespace: the namespace of a request that names none. Default: `"default"`.
    ///   - exact: the exact response cache's settings. Default: `ExactCacheConfiguration()`.
    ///   - promptCaching: planning of the provider's prompt cache. Default: ``PromptCachingSettings/off``.
    ///   - whenStoreUnavailable: what happens to a call when the store cannot be read. Default:
    ///     ``StoreFailurePolicy/passThrough``.
    public init(
        defaultNamespace: String = "default", exact: ExactCacheConfiguration = ExactCacheConfiguration(),
        promptCaching: PromptCachingSettings = .off, whenStoreUnavailable: StoreFailurePolicy = .passThrough
    ) {
        self.defaultNamespace = defaultNamespace
        self.exact = exact
        self.promptCaching = promptCaching
        self.whenStoreUnavailable = whenStoreUnavailable
    }
}
