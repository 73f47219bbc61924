/// What one token bucket holds, as a ``RateBuckets`` value or a shared store keeps it. Times are seconds on
/// the keeper's one clock (for a shared store, the database's).
public struct RateBucketLevel: Sendable, Hashable {
    /// What the bucket held at ``filledAt``.
    public var level: Double
    /// When the level was last brought up to date.
    public var filledAt: Double
    /// When the bucket will be full again if nothing more is taken: from then on it equals a new bucket,
    /// so a keeper may forget it.
    public var fullAt: Double

    /// A level; every parameter is the property of the same name.
    ///
    /// - Parameters:
    ///   - level: what the bucket held at `filledAt`.
    ///   - filledAt: when the level was brought up to date.
    ///   - fullAt: when the bucket is full again.
    public init(level: Double, filledAt: Double, fullAt: Double) {
        self.level = level
        self.filledAt = filledAt
        self.fullAt = fullAt
    }
}
