import Foundation
import LLMCore
import Logging

/// Token buckets for ``RateLimits``: each namespace, caller and cost tag with a rate has a bucket of
/// requests and one of tokens, holding up to a minute's worth and refilled continuously. A call is
/// admitted when every bucket it draws from has room, and then takes its share from each at once, so
/// concurrent calls never pass a rate together; a call without room waits up to ``RateLimits/maxWait`` for
/// it, else it is refused with ``RateLimitedError``.
///
/// Without a shared store the buckets are this process's own (taken in one actor turn). With
/// ``SharedRateBuckets`` every admission is decided in the shared store, so that all the processes using it
/// share each rate; when the store cannot be reached, ``RateLimits/whenSharedUnavailable`` decides (this
/// process's own buckets by default), with a warning when the store goes away, a notice when it is back,
/// and ``unshared`` counting the calls decided without it.
public actor RateLimiter {
    /// The rates in force.
    public nonisolated let limits: RateLimits
    /// The store every admission is decided in, when the rates are shared.
    public nonisolated let shared: (any SharedRateBuckets)?
    private let now: @Sendable () -> ContinuousClock.Instant
    private let origin: ContinuousClock.Instant
    private let logger: Logger
    private var local = RateBuckets()
    private var refusedCount = 0
    private var delayedCount = 0
    private var unsharedCount = 0
    private var sharedDown = false

    /// One draw a call makes: the bucket draw and what an error says about it.
    private struct Draw {
        var bucket: RateBucketDraw
        var scope: String
        var unit: String
        var perMinute: Int
    }

    /// A limiter for `limits`.
    ///
    /// - Parameters:
    ///   - limits: the rates.
    ///   - shared: the store that holds the buckets for every process using it; `nil` keeps them in this
    ///     process.
    ///   - now: the clock this process's own buckets fill by, and waits are measured by.
    ///   - logger: where the shared store's outages are reported.
    public init(
        limits: RateLimits, shared: (any SharedRateBuckets)? = nil,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        logger: Logger = Logger(label: "llmcache.cost.rate-limits")
    ) {
        self.limits = limits
        self.shared = shared
        self.now = now
        self.origin = now()
        self.logger = logger
    }

    /// Calls refused so far.
    public var refused: Int { refusedCount }
    /// Calls that waited for room and were then admitted.
    public var delayed: Int { delayedCount }
    /// Calls decided without the shared store because it could not be reached (by
    /// ``RateLimits/whenSharedUnavailable``); always zero without one.
    public var unshared: Int { unsharedCount }

    /// Admits a call of `tokens` estimated tokens in `namespace`, from `caller`, tagged `tags`, waiting for
    /// room up to ``RateLimits/maxWait``.
    ///
    /// - Throws: ``RateLimitedError`` naming the first bucket without room when waiting would take longer;
    ///   ``RateLimitUnavailableError`` when the shared store cannot be reached and the policy refuses;
    ///   `CancellationError` when the caller is cancelled while waiting.
    public func admit(namespace: String, caller: String?, tags: [String: String], tokens: Int) async throws {
        let draws = self.draws(namespace: namespace, caller: caller, tags: tags, tokens: tokens)
        guard !draws.isEmpty else { return }
        let deadline = now() + limits.maxWait
        var waited = false
        // A call that waits may try the shared store again; it is counted once as decided without it.
        var unshared = false
        defer { if unshared { unsharedCount += 1 } }
        while true {
            switch try await take(draws, unshared: &unshared) {
            case .taken:
                if waited { delayedCount += 1 }
                return
            case .short(let index, let wait):
                if now() + wait > deadline || !draws.indices.contains(index) {
                    refusedCount += 1
                    let short = draws.indices.contains(index) ? draws[index] : draws[0]
                    throw RateLimitedError(
                        scope: short.scope, unit: short.unit, limit: short.perMinute, retryAfter: wait)
                }
                waited = true
                // Another caller may take the room first: then the next take tells a new wait, within the deadline.
                try await Task.sleep(for: max(wait, .milliseconds(1)))
            }
        }
    }

    /// How many of this process's buckets are kept before full ones (which a new bucket would equal) are
    /// forgotten.
    static let bucketsKept = 10_000

    /// Takes `draws` from the shared store, or from this process's buckets without one (or by the policy,
    /// when it cannot be reached: then `unshared` is set).
    private func take(_ draws: [Draw], unshared: inout Bool) async throws -> RateBucketTake {
        let buckets = draws.map(\.bucket)
        guard let shared else { return takeLocally(buckets) }
        let outcome: RateBucketTake
        do {
            outcome = try await shared.take(buckets)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            unshared = true
            if !sharedDown {
                sharedDown = true
                logger.warning(
                    "shared rate limits unavailable; calls are decided by the configured fallback",
                    metadata: ["fallback": "\(limits.whenSharedUnavailable.rawValue)", "reason": "\(error)"])
            }
            switch limits.whenSharedUnavailable {
            case .localBuckets: return takeLocally(buckets)
            case .admit: return .taken
            case .refuse:
                refusedCount += 1
                throw RateLimitUnavailableError(reason: "\(error)")
            }
        }
        if sharedDown {
            sharedDown = false
            logger.notice("shared rate limits reachable again")
        }
        return outcome
    }

    /// Takes `draws` from this process's own buckets, in one actor turn.
    private func takeLocally(_ draws: [RateBucketDraw]) -> RateBucketTake {
        let seconds = (now() - origin).timeInterval
        if local.levels.count > Self.bucketsKept { local.forgetFull(at: seconds) }
        return local.take(draws, at: seconds)
    }

    /// The buckets a call draws from.
    private func draws(namespace: String, caller: String?, tags: [String: String], tokens: Int) -> [Draw] {
        // The bucket's kind is part of its key, so a tag spelt like a namespace never shares its bucket.
        var rates: [(key: String, scope: String, rate: RateLimits.Rate)] = []
        if let rate = limits.perNamespace { rates.append(("namespace:\(namespace)", "namespace=\(namespace)", rate)) }
        if let rate = limits.perCaller, let caller { rates.append(("caller:\(caller)", "caller=\(caller)", rate)) }
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            if let rate = limits.perTag["\(key)=\(value)"] {
                rates.append(("tag:\(key)=\(value)", "\(key)=\(value)", rate))
            }
        }
        var draws: [Draw] = []
        for (key, scope, rate) in rates {
            if let limit = rate.requestsPerMinute {
                draws.append(draw(key: key + "|requests", scope: scope, unit: "requests", perMinute: limit, amount: 1))
            }
            if let limit = rate.tokensPerMinute {
                // A call larger than a whole minute's tokens is taken as a minute's worth, so it can run at all.
                let amount = Double(min(max(tokens, 0), max(limit, 0)))
                draws.append(draw(key: key + "|tokens", scope: scope, unit: "tokens", perMinute: limit, amount: amount))
            }
        }
        return draws
    }

    /// A draw on a bucket holding a minute's worth of `perMinute`, refilled continuously.
    private func draw(key: String, scope: String, unit: String, perMinute: Int, amount: Double) -> Draw {
        let capacity = Double(max(perMinute, 0))
        return Draw(
            bucket: RateBucketDraw(key: key, capacity: capacity, refillPerSecond: capacity / 60, amount: amount),
            scope: scope, unit: unit, perMinute: perMinute)
    }
}
