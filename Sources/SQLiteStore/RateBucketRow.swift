/// One rate-limit token bucket as the file keeps it (see ``SQLiteStore/updateRateBuckets(keys:_:)``). Times
/// are seconds since 1970 on the store's clock.
public struct RateBucketRow: Sendable, Hashable {
    /// Names the bucket.
    public var key: String
    /// What the bucket held at ``filledAt``.
    public var level: Double
    /// When the level was last brought up to date.
    public var filledAt: Double
    /// When the bucket is full again if nothing more is taken; from then on the row may be deleted.
    public var fullAt: Double

    /// A row; every parameter is the property of the same name.
    ///
    /// - Parameters:
    ///   - key: names the bucket.
    ///   - level: what the bucket held at `filledAt`.
    ///   - filledAt: when the level was brought up to date.
    ///   - fullAt: when the bucket is full again.
    public init(key: String, level: Double, filledAt: Double, fullAt: Double) {
        self.key = key
        self.level = level
        self.filledAt = filledAt
        self.fullAt = fullAt
    }
}
