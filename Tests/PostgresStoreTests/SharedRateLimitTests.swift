import CostControl
import Foundation
import LLMCore
import PostgresStore
import Testing

@Suite(
    "Shared rate limits", .enabled(if: TestServer.isConfigured, TestServer.skipReason), .timeLimit(.minutes(3)))
struct SharedRateLimitTests {
    @Test("two instances taking at once never pass a bucket together, all or none")
    func concurrentTakes() async throws {
        let fixture = try await StoreFixture()
        let stores = [try await fixture.open(), try await fixture.open()]
        let buckets = stores.map(\.sharedRateBuckets)
        // Buckets that never refill: the count admitted cannot depend on how long the test takes.
        let draws = [
            RateBucketDraw(key: "a", capacity: 100, refillPerSecond: 0, amount: 3),
            RateBucketDraw(key: "b", capacity: 50, refillPerSecond: 0, amount: 1),
        ]
        let taken = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<60 {
                group.addTask { try await buckets[index % 2].take(draws) == .taken ? 1 : 0 }
            }
            return try await group.reduce(0, +)
        }
        #expect(taken == 33, "a holds 33 takes of 3; b's 50 are never the limit")
        #expect(try await buckets[1].take([draws[1]]) == .taken, "b kept what the refused takes did not take")
        let short = try await buckets[0].take([draws[1], draws[0]])
        #expect(short == .short(index: 1, wait: RateBuckets.longestWait), "a never refills")
        for store in stores { try await store.close() }
    }

    @Test("two limiters over one database admit no more than the rate under concurrency")
    func twoLimiters() async throws {
        let fixture = try await StoreFixture()
        let (a, b) = (try await fixture.open(), try await fixture.open())
        // Three a minute: one more fits every 20 s of the server's clock, which the bound below allows for.
        let limits = RateLimits(perNamespace: .init(requestsPerMinute: 3))
        let limiters = [
            RateLimiter(limits: limits, shared: a.sharedRateBuckets),
            RateLimiter(limits: limits, shared: b.sharedRateBuckets),
        ]
        let started = ContinuousClock.now
        let admitted = await withTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let admitted: Void? = try? await limiters[index % 2].admit(
                        namespace: "n", caller: nil, tags: [:], tokens: 10)
                    return admitted == nil ? 0 : 1
                }
            }
            return await group.reduce(0, +)
        }
        let refilled = Int((ContinuousClock.now - started).timeInterval / 20)
        #expect(admitted >= 3, "the bucket's three were admitted")
        #expect(admitted <= 3 + refilled, "both instances together stayed within the rate")
        let (refused0, refused1) = (await limiters[0].refused, await limiters[1].refused)
        #expect(refused0 + refused1 == 40 - admitted)
        let (unshared0, unshared1) = (await limiters[0].unshared, await limiters[1].unshared)
        #expect(unshared0 + unshared1 == 0)
        try await a.close()
        try await b.close()
    }

    @Test("processes calling at once stay within the shared rate")
    func processes() async throws {
        let url = try await TestServer.freshDatabase()
        let arguments = ["a", "b"].map { tag in
            ["send", "--db", url, "--requests-per-minute", "2"]
                + (0..<15).flatMap { ["--prompt", "Question \($0) from \(tag): what is \($0) cubed?"] }
        }
        let started = ContinuousClock.now
        async let first = Subprocess.run(Subprocess.fixture, arguments[0])
        async let second = Subprocess.run(Subprocess.fixture, arguments[1])
        let results = try await [first, second]
        // Two a minute: one more fits every 30 s of the server's clock.
        let refilled = Int((ContinuousClock.now - started).timeInterval / 30)
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let lines = try results.flatMap { try sendLines($0.stdout) }
        let answered = lines.filter { $0.outcome == "miss" }
        let refused = lines.filter { $0.error?.contains("rate limit of 2 requests per minute") == true }
        let hits = lines.filter { $0.outcome == "hit" }
        #expect(answered.count >= 1)
        #expect(answered.count <= 2 + refilled, "both processes together stayed within the rate")
        #expect(refused.count > 0, "30 calls do not fit in two a minute")
        #expect(answered.count + refused.count + hits.count == 30, "\(lines.compactMap(\.error))")
    }
}
