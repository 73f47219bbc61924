/// Token buckets held in a database that several processes share, so that instances calling at once never
/// pass a rate together. A ``RateLimiter`` given one decides every admission there.
///
/// A conforming type must make ``take(_:)`` atomic across processes: reading the buckets, deciding and
/// taking happen in one statement or under a lock, and the time the buckets refill by comes from one clock
/// for every process (the database server's, or the one system clock of the machine that holds the file).
public protocol SharedRateBuckets: Sendable {
    /// Takes every draw's amount from its bucket, all or none, at the store's time (see
    /// ``RateBuckets/take(_:at:)`` for the arithmetic).
    ///
    /// - Parameter draws: what to take, each naming its bucket, capacity and refill rate.
    /// - Returns: ``RateBucketTake/taken``, or the first draw without room and how long until all would fit.
    /// - Throws: when the store cannot be reached or fails; nothing is taken then.
    func take(_ draws: [RateBucketDraw]) async throws -> RateBucketTake
}
