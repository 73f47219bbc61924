import LLMCore

/// Per-request cache controls, in the spirit of HTTP's `Cache-Control`.
public struct CacheControls: Sendable, Hashable {
    /// Do not answer from the cache; the fresh answer is still stored (HTTP's `no-cache`).
    public var noCache: Bool = false
    /// Do not store the answer (HTTP's `no-store`). A lookup still happens unless `noCache` is set too.
    public var noStore: Bool = false
    /// This answer's time to live, instead of the configured default; positive and at most
    /// `Duration.maximumCacheLifetime`, or the call throws ``CacheControlsError``.
    public var ttl: Duration? = nil
    /// The tenant namespace; entries are never served across namespaces. `nil` uses the configured one.
    public var namespace: String? = nil
    /// Drop the stored entry for this request before calling upstream, so a bad answer is gone even if the
    /// new call fails; the fresh answer is stored.
    public var forceRefresh: Bool = false
    /// Refuse a stored answer older than this (HTTP's `max-age`); at most
    /// `Duration.maximumCacheLifetime`, or the call throws ``CacheControlsError``.
    public var maxAge: Duration? = nil
    /// Allow caching of a call that is not deterministic (temperature other than 0); the same as ``mode``
    /// `.all` for this call.
    public var allowNonDeterministic: Bool = false
    /// The cache mode for this call instead of the configured one (`cacheNonDeterministic`); `nil` keeps it.
    public var mode: CacheMode? = nil
    /// Labels stored with the entry, for purging by tag.
    public var tags: [String] = []
    /// The cosine similarity a semantic hit needs for this request, instead of the configured threshold.
    public var similarityThreshold: Float? = nil
    /// Labels for the call's cost records (for example `feature` and `stage`), shown by `cachectl stats`.
    public var costTags: [String: String] = [:]
    /// What the model router should know about the task; ignored when the client has no router.
    public var routing: RoutingHints = RoutingHints()
    /// Who makes the call, for the per-caller rate (`RateLimits.perCaller`); the proxy sets a digest of the
    /// caller's API key. `nil` draws from no caller's bucket.
    public var caller: String? = nil

    public init(
        noCache: Bool = false, noStore: Bool = false, ttl: Duration? = nil, namespace: String? = nil,
        forceRefresh: Bool = false, maxAge: Duration? = nil, allowNonDeterministic: Bool = false, tags: [String] = [],
        similarityThreshold: Float? = nil, costTags: [String: String] = [:], routing: RoutingHints = RoutingHints(),
        mode: CacheMode? = nil, caller: String? = nil
    ) {
        self.caller = caller
        self.noCache = noCache
        self.noStore = noStore
        self.ttl = ttl
        self.namespace = namespace
        self.forceRefresh = forceRefresh
        self.maxAge = maxAge
        self.allowNonDeterministic = allowNonDeterministic
        self.tags = tags
        self.similarityThreshold = similarityThreshold
        self.costTags = costTags
        self.routing = routing
        self.mode = mode
    }
}
