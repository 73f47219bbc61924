import Foundation

/// Token buckets for ``RateLimits``: each namespace, caller and cost tag with a rate has a bucket of
/// requests and one of tokens, holding up to a minute's worth and refilled continuously. A call is
/// admitted when every bucket it draws from has room, and then takes its share from each at once (in one
/// actor turn, so concurrent calls never pass a rate together); a call without room waits up to
/// ``RateLimits/maxWait`` for it, else it is refused with ``RateLimitedError``.
public actor RateLimiter {
    /// The rates in force.
    public nonisolated let limits: RateLimits
    private let now: @Sendable () -> ContinuousClock.Instant
    private var buckets: [String: Bucket] = [:]
    private var refusedCount = 0
    private var delayedCount = 0

    /// One bucket: what it holds and when it was last filled.
    private struct Bucket {
        var level: Double
        var filledAt: ContinuousClock.Instant
    }

    /// One draw a call makes: a bucket, its rate per minute, and the amount.
    private struct Draw {
        var key: String
        var scope: String
        var unit: String
        var perMinute: Int
        var amount: Double
    }

    /// A limiter for `limits`.
    ///
    /// - Parameters:
    ///   - limits: the rates.
    ///   - now: the clock the buckets fill by.
    public init(limits: RateLimits, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.limits = limits
        self.now = now
    }

    /// Calls refused so far.
    public var refused: Int { refusedCount }
    /// Calls that waited for room and were then admitted.
    public var delayed: Int { delayedCount }

    /// Admits a call of `tokens` estimated tokens in `namespace`, from `caller`, tagged `tags`, waiting for
    /// room up to ``RateLimits/maxWait``.
    ///
    /// - Throws: ``RateLimitedError`` naming the first bucket without room when waiting would take longer;
    ///   `CancellationError` when the caller is cancelled while waiting.
    public func admit(namespace: String, caller: String?, tags: [String: String], tokens: Int) async throws {
        let draws = self.draws(namespace: namespace, caller: caller, tags: tags, tokens: tokens)
        guard !draws.isEmpty else { return }
        if buckets.count > Self.bucketsKept { forgetFullBuckets() }
        let deadline = now() + limits.maxWait
        var waited = false
        while true {
            let (wait, short) = shortfall(draws)
            guard let short else {
                for draw in draws { buckets[draw.key, default: Bucket(level: 0, filledAt: now())].level -= draw.amount }
                if waited { delayedCount += 1 }
                return
            }
            if now() + wait > deadline {
                refusedCount += 1
                throw RateLimitedError(scope: short.scope, unit: short.unit, limit: short.perMinute, retryAfter: wait)
            }
            waited = true
            try await Task.sleep(for: wait)
        }
    }

    /// How many buckets are kept before full ones (which a new bucket would equal) are forgotten.
    static let bucketsKept = 10_000

    /// Forgets the buckets that have refilled completely: a new bucket starts full, so nothing changes.
    private func forgetFullBuckets() {
        let instant = now()
        buckets = buckets.filter { _, bucket in instant - bucket.filledAt < .seconds(60) }
    }

    /// The buckets a call draws from.
    private func draws(namespace: String, caller: String?, tags: [String: String], tokens: Int) -> [Draw] {
        var rates: [(scope: String, rate: RateLimits.Rate)] = []
        if let rate = limits.perNamespace { rates.append(("namespace=\(namespace)", rate)) }
        if let rate = limits.perCaller, let caller { rates.append(("caller=\(caller)", rate)) }
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            if let rate = limits.perTag["\(key)=\(value)"] { rates.append(("\(key)=\(value)", rate)) }
        }
        var draws: [Draw] = []
        for (scope, rate) in rates {
            if let limit = rate.requestsPerMinute {
                draws.append(
                    Draw(key: scope + "|requests", scope: scope, unit: "requests", perMinute: limit, amount: 1))
            }
            if let limit = rate.tokensPerMinute {
                // A call larger than a whole minute's tokens is taken as a minute's worth, so it can run at all.
                let amount = Double(min(max(tokens, 0), max(limit, 0)))
                draws.append(
                    Draw(key: scope + "|tokens", scope: scope, unit: "tokens", perMinute: limit, amount: amount))
            }
        }
        return draws
    }

    /// Fills every bucket of `draws` to now; returns the longest wait until all have room and the first
    /// draw without room, or `nil` when every one has room.
    private func shortfall(_ draws: [Draw]) -> (Duration, Draw?) {
        let instant = now()
        var longest = Duration.zero
        var first: Draw?
        for draw in draws {
            let capacity = Double(max(draw.perMinute, 0))
            let perSecond = capacity / 60
            var bucket = buckets[draw.key] ?? Bucket(level: capacity, filledAt: instant)
            let seconds = (instant - bucket.filledAt).timeInterval
            bucket.level = min(capacity, bucket.level + max(seconds, 0) * perSecond)
            bucket.filledAt = instant
            buckets[draw.key] = bucket
            guard bucket.level < draw.amount else { continue }
            if first == nil { first = draw }
            let wait = perSecond > 0 ? (draw.amount - bucket.level) / perSecond : 3600
            longest = max(longest, .milliseconds(Int64((min(wait, 86_400) * 1000).rounded(.up))))
        }
        return (longest, first)
    }
}
