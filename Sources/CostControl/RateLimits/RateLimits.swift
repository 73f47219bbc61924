/// Requests and tokens per minute that upstream calls may use, by namespace, by caller (the proxy's API
/// key) and by cost tag, enforced by a ``RateLimiter`` with one token bucket per namespace, caller and tag.
public struct RateLimits: Sendable, Hashable {
    /// One rate: requests and (estimated) tokens per minute; `nil` leaves either unlimited.
    public struct Rate: Sendable, Hashable {
        /// Calls per minute.
        public var requestsPerMinute: Int?
        /// Tokens per minute: each call counts its estimated input tokens plus its `max_tokens`.
        public var tokensPerMinute: Int?

        /// A rate; every parameter is the property of the same name.
        ///
        /// - Parameters:
        ///   - requestsPerMinute: calls per minute. Default: `nil`, unlimited.
        ///   - tokensPerMinute: tokens per minute. Default: `nil`, unlimited.
        public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
        }
    }

    /// The rate of each namespace (each has its own bucket); `nil` for none.
    public var perNamespace: Rate?
    /// The rate of each caller (the proxy's callers are their API keys); `nil` for none.
    public var perCaller: Rate?
    /// The rate of each `key=value` cost tag (`feature=search`), shared by every call with that tag.
    public var perTag: [String: Rate]
    /// How long a call over a rate may wait for room before it is refused; zero refuses at once.
    public var maxWait: Duration
    /// With ``SharedRateBuckets``: what a call does when the shared store cannot be reached.
    public var whenSharedUnavailable: SharedRateFailurePolicy

    /// Limits; every parameter is the property of the same name, and the defaults limit nothing.
    ///
    /// - Parameters:
    ///   - perNamespace: the rate of each namespace. Default: `nil`, none.
    ///   - perCaller: the rate of each caller. Default: `nil`, none.
    ///   - perTag: the rate of each cost tag. Default: none.
    ///   - maxWait: how long a call may wait for room. Default: zero, refused at once.
    ///   - whenSharedUnavailable: what a call does when the shared buckets cannot be reached. Default:
    ///     ``SharedRateFailurePolicy/localBuckets``.
    public init(
        perNamespace: Rate? = nil, perCaller: Rate? = nil, perTag: [String: Rate] = [:], maxWait: Duration = .zero,
        whenSharedUnavailable: SharedRateFailurePolicy = .localBuckets
    ) {
        self.perNamespace = perNamespace
        self.perCaller = perCaller
        self.perTag = perTag
        self.maxWait = maxWait
        self.whenSharedUnavailable = whenSharedUnavailable
    }
}
