/// An upstream call refused because the shared rate buckets could not be reached and
/// ``RateLimits/whenSharedUnavailable`` is ``SharedRateFailurePolicy/refuse``. Nothing was sent or charged.
public struct RateLimitUnavailableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the shared store did not answer.
    public var reason: String

    /// An error for `reason`.
    ///
    /// - Parameter reason: why the shared store did not answer.
    public init(reason: String) {
        self.reason = reason
    }

    public var description: String {
        "the shared rate limits could not be checked (\(reason)), so the call was refused; retry when the "
            + "database is back, or let calls through on each process's own rates "
            + "(RateLimits.whenSharedUnavailable = .localBuckets)"
    }
}
