/// How a batch is polled until the provider has ended it: the first wait, growing by `multiplier` up to
/// `maximumInterval`, for at most `timeout`.
public struct BatchPolling: Sendable, Hashable {
    /// The wait before the second status call.
    public var initialInterval: Duration
    /// The longest wait between two status calls.
    public var maximumInterval: Duration
    /// How much each wait grows over the one before (at least 1).
    public var multiplier: Double
    /// The longest time to wait for the batch to end; `nil` waits as long as it takes. A timeout leaves the
    /// job as it is: collect it later with ``CachedClient/batchResults(id:polling:)``.
    public var timeout: Duration?

    /// A polling policy; each parameter sets the property of the same name.
    ///
    /// - Parameters:
    ///   - initialInterval: the first wait. Default: 1 second.
    ///   - maximumInterval: the longest wait. Default: 60 seconds.
    ///   - multiplier: the growth of each wait. Default: 2.
    ///   - timeout: the longest time to wait. Default: 25 hours (the providers' 24-hour window and some).
    public init(
        initialInterval: Duration = .seconds(1), maximumInterval: Duration = .seconds(60), multiplier: Double = 2,
        timeout: Duration? = .seconds(25 * 3600)
    ) {
        self.initialInterval = initialInterval
        self.maximumInterval = maximumInterval
        self.multiplier = multiplier
        self.timeout = timeout
    }

    /// The wait after `interval`: longer by the multiplier, at most the maximum.
    func next(after interval: Duration) -> Duration {
        let grown = interval * max(multiplier.isFinite ? multiplier : 1, 1)
        return min(grown, max(maximumInterval, .zero))
    }
}
