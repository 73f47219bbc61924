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
