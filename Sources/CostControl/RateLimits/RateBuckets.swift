/// A set of token buckets and the one piece of arithmetic every keeper of them uses: ``RateLimiter`` for
/// its own buckets, and each ``SharedRateBuckets`` store on the levels it reads under its lock.
///
/// A bucket refills continuously at its draw's rate up to its capacity; a take of several draws happens
/// all or none. Time is a number of seconds on one clock; a clock that goes back refills nothing (the
/// bucket keeps its later fill time), so a step back never creates room.
public struct RateBuckets: Sendable, Hashable {
    /// The buckets by key; a missing one is full.
    public var levels: [String: RateBucketLevel]

    /// The longest wait a ``RateBucketTake/short(index:wait:)`` tells.
    public static let longestWait = Duration.seconds(86_400)

    /// Buckets at `levels`.
    ///
    /// - Parameter levels: the buckets by key. Default: none, every bucket full.
    public init(levels: [String: RateBucketLevel] = [:]) {
        self.levels = levels
    }

    /// Takes every draw's amount from its bucket at `now`, all or none. Draws that share a key take from
    /// one bucket, one after the other.
    ///
    /// - Parameters:
    ///   - draws: what to take.
    ///   - now: the time, in seconds on the buckets' clock.
    /// - Returns: ``RateBucketTake/taken`` (and the levels are updated), or the first draw without room and
    ///   the wait until all would fit (and nothing changes).
    public mutating func take(_ draws: [RateBucketDraw], at now: Double) -> RateBucketTake {
        var work = levels
        var short: Int?
        var longest = 0.0
        for (index, draw) in draws.enumerated() {
            let level = Self.level(of: work[draw.key], for: draw, at: now)
            guard level >= draw.amount else {
                if short == nil { short = index }
                let seconds =
                    draw.amount > draw.capacity || draw.refillPerSecond <= 0
                    ? .infinity : (draw.amount - level) / draw.refillPerSecond
                longest = max(longest, seconds)
                continue
            }
            let left = level - draw.amount
            let filledAt = max(now, work[draw.key]?.filledAt ?? now)
            let fullAt =
                draw.refillPerSecond > 0
                ? filledAt + (draw.capacity - left) / draw.refillPerSecond
                : (left >= draw.capacity ? filledAt : .greatestFiniteMagnitude)
            work[draw.key] = RateBucketLevel(level: left, filledAt: filledAt, fullAt: fullAt)
        }
        if let short { return .short(index: short, wait: Self.duration(seconds: longest)) }
        levels = work
        return .taken
    }

    /// Forgets the buckets that are full at `now`: a missing bucket is full, so nothing changes.
    ///
    /// - Parameter now: the time, in seconds on the buckets' clock.
    public mutating func forgetFull(at now: Double) {
        levels = levels.filter { _, level in level.fullAt > now }
    }

    /// What `stored` holds at `now` for `draw`'s capacity and rate; a missing or unreadable level is full.
    static func level(of stored: RateBucketLevel?, for draw: RateBucketDraw, at now: Double) -> Double {
        guard let stored, stored.level.isFinite, stored.filledAt.isFinite else { return draw.capacity }
        let elapsed = now.isFinite ? max(now - stored.filledAt, 0) : 0
        let refilled = stored.level + elapsed * draw.refillPerSecond
        return refilled.isFinite ? min(draw.capacity, refilled) : draw.capacity
    }

    /// `seconds` as a duration, rounded up to the millisecond and at most ``longestWait``.
    static func duration(seconds: Double) -> Duration {
        let longest = longestWait.timeInterval
        guard seconds.isFinite, seconds < longest else { return longestWait }
        return .milliseconds(Int64((max(seconds, 0) * 1000).rounded(.up)))
    }
}
