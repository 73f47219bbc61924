/// One amount a call takes from one token bucket: the bucket's name, its capacity, how fast it refills,
/// and the amount. A bucket nobody has drawn from yet (or one forgotten once full) starts full.
public struct RateBucketDraw: Sendable, Hashable {
    /// Names the bucket, e.g. `namespace:default|requests`; draws with one key share one bucket.
    public var key: String
    /// The most the bucket holds (a minute's worth for ``RateLimits``).
    public var capacity: Double
    /// What flows back into the bucket per second, up to ``capacity``.
    public var refillPerSecond: Double
    /// What the call takes.
    public var amount: Double

    /// A draw; every parameter is the property of the same name. Negative or non-finite values count as
    /// zero (a bucket of capacity zero never has room for a positive amount).
    ///
    /// - Parameters:
    ///   - key: names the bucket.
    ///   - capacity: the most the bucket holds.
    ///   - refillPerSecond: what flows back per second.
    ///   - amount: what the call takes.
    public init(key: String, capacity: Double, refillPerSecond: Double, amount: Double) {
        self.key = key
        self.capacity = Self.clean(capacity)
        self.refillPerSecond = Self.clean(refillPerSecond)
        self.amount = Self.clean(amount)
    }

    private static func clean(_ value: Double) -> Double { value.isFinite ? max(value, 0) : 0 }
}
