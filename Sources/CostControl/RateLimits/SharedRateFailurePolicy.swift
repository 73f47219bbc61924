/// What a ``RateLimiter`` with ``SharedRateBuckets`` does with a call when the shared store cannot be
/// reached. Rate limits protect the provider's quotas, not money (budgets fail closed on their own), so
/// the default keeps calls going on this process's own buckets.
public enum SharedRateFailurePolicy: String, Sendable, Hashable, CaseIterable {
    /// Decide on this process's own buckets (the rates then hold per process, as without a shared store).
    /// The default.
    case localBuckets = "local"
    /// Admit the call unlimited.
    case admit
    /// Refuse the call with ``RateLimitUnavailableError``; nothing is sent.
    case refuse
}
