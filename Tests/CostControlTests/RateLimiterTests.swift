import CostControl
import Foundation
import Synchronization
import Testing

/// A continuous-clock instant that moves only when told.
final class SteppingClock: Sendable {
    private let offset = Mutex(Duration.zero)
    private let start = ContinuousClock.now
    func advance(_ by: Duration) { offset.withLock { $0 += by } }
    var function: @Sendable () -> ContinuousClock.Instant { { [self] in start + offset.withLock { $0 } } }
}

@Suite("Rate limits")
struct RateLimiterTests {
    @Test("60 requests a minute: 60 at once, the 61st refused with when to retry, admitted after that wait")
    func requestsPerMinute() async throws {
        let clock = SteppingClock()
        let limiter = RateLimiter(
            limits: RateLimits(perNamespace: .init(requestsPerMinute: 60)), now: clock.function)
        for _ in 0..<60 { try await limiter.admit(namespace: "a", caller: nil, tags: [:], tokens: 10) }
        let error = await #expect(throws: RateLimitedError.self) {
            try await limiter.admit(namespace: "a", caller: nil, tags: [:], tokens: 10)
        }
        #expect(error?.scope == "namespace=a" && error?.unit == "requests" && error?.limit == 60)
        #expect(error?.retryAfter == .seconds(1))
        #expect(error?.description.contains("retry after 1.0 s") == true)
        try await limiter.admit(namespace: "b", caller: nil, tags: [:], tokens: 10)
        clock.advance(.seconds(1))
        try await limiter.admit(namespace: "a", caller: nil, tags: [:], tokens: 10)
        #expect(await limiter.refused == 1)
    }

    @Test("1,000 concurrent calls on 100 requests a minute: exactly 100 admitted")
    func concurrent() async {
        let clock = SteppingClock()
        let limiter = RateLimiter(
            limits: RateLimits(perTag: ["feature=search": .init(requestsPerMinute: 100)]), now: clock.function)
        let admitted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 {
                group.addTask {
                    (try? await limiter.admit(namespace: "n", caller: nil, tags: ["feature": "search"], tokens: 1))
                        == nil ? 0 : 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(admitted == 100)
        #expect(await limiter.refused == 900)
    }

    @Test("tokens per minute by caller: each caller has its own bucket; a call bigger than a minute counts as one")
    func tokensPerCaller() async throws {
        let clock = SteppingClock()
        let limiter = RateLimiter(limits: RateLimits(perCaller: .init(tokensPerMinute: 1_000)), now: clock.function)
        try await limiter.admit(namespace: "n", caller: "alice", tags: [:], tokens: 5_000)
        let error = await #expect(throws: RateLimitedError.self) {
            try await limiter.admit(namespace: "n", caller: "alice", tags: [:], tokens: 100)
        }
        #expect(error?.scope == "caller=alice" && error?.unit == "tokens" && error?.retryAfter == .seconds(6))
        try await limiter.admit(namespace: "n", caller: "bob", tags: [:], tokens: 900)
        try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 900)
    }

    @Test("with a maximum wait, a call over the rate waits for room and is admitted (counted as delayed)")
    func waits() async throws {
        let limiter = RateLimiter(
            limits: RateLimits(perNamespace: .init(requestsPerMinute: 600), maxWait: .seconds(2)))
        for _ in 0..<600 { try await limiter.admit(namespace: "a", caller: nil, tags: [:], tokens: 0) }
        let started = ContinuousClock.now
        try await limiter.admit(namespace: "a", caller: nil, tags: [:], tokens: 0)
        #expect(ContinuousClock.now - started >= .milliseconds(90), "one request refills in 100 ms")
        #expect(await limiter.delayed == 1)
        #expect(await limiter.refused == 0)
    }
}

/// Shared buckets in memory, at a time the test sets, that can be told to fail.
actor FakeSharedBuckets: SharedRateBuckets {
    var buckets = RateBuckets()
    var time = 0.0
    var failing = false
    private(set) var takes = 0

    struct Down: Error, CustomStringConvertible {
        var description: String { "the database is down" }
    }

    func take(_ draws: [RateBucketDraw]) async throws -> RateBucketTake {
        takes += 1
        if failing { throw Down() }
        return buckets.take(draws, at: time)
    }

    func set(time: Double) { self.time = time }
    func set(failing: Bool) { self.failing = failing }
}

@Suite("Rate limits: shared buckets")
struct SharedRateLimiterTests {
    static let limits = RateLimits(perNamespace: .init(requestsPerMinute: 6, tokensPerMinute: 600))

    @Test("two limiters over one shared store admit no more than its buckets hold, under concurrency")
    func twoLimiters() async throws {
        let shared = FakeSharedBuckets()
        let limiters = [
            RateLimiter(limits: Self.limits, shared: shared), RateLimiter(limits: Self.limits, shared: shared),
        ]
        let admitted = await withTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    (try? await limiters[index % 2].admit(namespace: "n", caller: nil, tags: [:], tokens: 10)) == nil
                        ? 0 : 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(admitted == 6, "six requests a minute between both")
        let (refused0, refused1) = (await limiters[0].refused, await limiters[1].refused)
        #expect(refused0 + refused1 == 34)
        let error = await #expect(throws: RateLimitedError.self) {
            try await limiters[0].admit(namespace: "n", caller: nil, tags: [:], tokens: 10)
        }
        #expect(error?.scope == "namespace=n" && error?.unit == "requests" && error?.retryAfter == .seconds(10))
        await shared.set(time: 10)
        try await limiters[1].admit(namespace: "n", caller: nil, tags: [:], tokens: 10)
    }

    @Test("with a maximum wait, a call sleeps the wait the shared store tells, then is admitted there")
    func waitsForTheSharedStore() async throws {
        let shared = FakeSharedBuckets()
        let limits = RateLimits(perNamespace: .init(requestsPerMinute: 600), maxWait: .seconds(30))
        let limiter = RateLimiter(limits: limits, shared: shared)
        for _ in 0..<600 { try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 0) }
        let waiting = Task { try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 0) }
        // The store's clock moves only when the test says; the limiter retries after each told wait.
        while await shared.takes < 603 { try await Task.sleep(for: .milliseconds(5)) }
        await shared.set(time: 1)
        try await waiting.value
        #expect(await limiter.delayed == 1)
        #expect(await limiter.refused == 0)
    }

    @Test("store unreachable, local buckets (the default): decided here, counted, one warning, a notice when back")
    func fallsBackToLocalBuckets() async throws {
        let shared = FakeSharedBuckets()
        await shared.set(failing: true)
        let capture = LogCapture()
        let clock = SteppingClock()
        let limiter = RateLimiter(limits: Self.limits, shared: shared, now: clock.function, logger: capture.logger())
        for _ in 0..<6 { try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 1) }
        await #expect(throws: RateLimitedError.self) {
            try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 1)
        }
        #expect(await limiter.unshared == 7)
        #expect(capture.messages.filter { $0.level == .warning }.count == 1)
        #expect(capture.messages.first { $0.level == .warning }?.metadata["fallback"] == "local")
        await shared.set(failing: false)
        try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 1)
        #expect(capture.messages.contains { $0.level == .notice && $0.message.contains("reachable again") })
        #expect(await limiter.unshared == 7)
    }

    @Test("store unreachable: a call that waits on its local buckets is counted once as decided without the store")
    func waitingCountedOnce() async throws {
        let shared = FakeSharedBuckets()
        await shared.set(failing: true)
        let limits = RateLimits(perNamespace: .init(requestsPerMinute: 600), maxWait: .seconds(30))
        let limiter = RateLimiter(limits: limits, shared: shared)
        for _ in 0..<600 { try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 0) }
        try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 0)
        #expect(await limiter.delayed == 1)
        #expect(await shared.takes > 601, "the waiting call tried the store again")
        #expect(await limiter.unshared == 601)
    }

    @Test("store unreachable: `admit` lets every call through, `refuse` refuses each with what to do")
    func admitOrRefuse() async throws {
        let shared = FakeSharedBuckets()
        await shared.set(failing: true)
        var limits = Self.limits
        limits.whenSharedUnavailable = .admit
        let open = RateLimiter(limits: limits, shared: shared)
        for _ in 0..<20 { try await open.admit(namespace: "n", caller: nil, tags: [:], tokens: 1) }
        #expect(await open.unshared == 20)
        #expect(await open.refused == 0)
        limits.whenSharedUnavailable = .refuse
        let closed = RateLimiter(limits: limits, shared: shared)
        let error = await #expect(throws: RateLimitUnavailableError.self) {
            try await closed.admit(namespace: "n", caller: nil, tags: [:], tokens: 1)
        }
        #expect(error?.description.contains("the database is down") == true)
        #expect(error?.description.contains("localBuckets") == true)
        #expect(await closed.refused == 1)
    }

    @Test("a tag spelt like a namespace has a bucket of its own")
    func bucketKinds() async throws {
        let limiter = RateLimiter(
            limits: RateLimits(
                perNamespace: .init(requestsPerMinute: 1), perTag: ["namespace=n": .init(requestsPerMinute: 1)]))
        try await limiter.admit(namespace: "n", caller: nil, tags: ["namespace": "n"], tokens: 0)
    }
}
