import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import SQLiteStore
import Testing

@Suite("SQLite shared rate limits")
struct SQLiteRateBucketsTests {
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-shared-rates-\(UUID())")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        var database: String { url.appendingPathComponent("cache.sqlite").path }
    }

    @Test("two stores on one file: takes at once never pass a bucket together, all or none")
    func concurrentTakes() async throws {
        let folder = try Folder()
        let clock = ManualClock()
        let stores = [
            try SQLiteStore(path: folder.database, clock: clock), try SQLiteStore(path: folder.database, clock: clock),
        ]
        let draws = [
            RateBucketDraw(key: "a", capacity: 100, refillPerSecond: 0, amount: 3),
            RateBucketDraw(key: "b", capacity: 50, refillPerSecond: 0, amount: 1),
        ]
        let taken = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<60 {
                group.addTask { try await stores[index % 2].sharedRateBuckets.take(draws) == .taken ? 1 : 0 }
            }
            return try await group.reduce(0, +)
        }
        #expect(taken == 33, "a holds 33 takes of 3; b's 50 are never the limit")
        #expect(
            try await stores[1].sharedRateBuckets.take([draws[1]]) == .taken,
            "b kept what the refused takes did not take")
        for store in stores { try await store.close() }
    }

    @Test("two limiters over one file admit no more than the rate, and refill by the store's clock")
    func twoLimiters() async throws {
        let folder = try Folder()
        let clock = ManualClock()
        let (a, b) = (
            try SQLiteStore(path: folder.database, clock: clock), try SQLiteStore(path: folder.database, clock: clock)
        )
        let limits = RateLimits(
            perCaller: .init(requestsPerMinute: 12), perTag: ["feature=search": .init(tokensPerMinute: 1_000)])
        let limiters = [
            RateLimiter(limits: limits, shared: a.sharedRateBuckets),
            RateLimiter(limits: limits, shared: b.sharedRateBuckets),
        ]
        let admitted = await withTaskGroup(of: Int.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let admitted: Void? = try? await limiters[index % 2].admit(
                        namespace: "n", caller: "alice", tags: ["feature": "search"], tokens: 50)
                    return admitted == nil ? 0 : 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(admitted == 12, "12 requests a minute for alice between both processes")
        let (refused0, refused1) = (await limiters[0].refused, await limiters[1].refused)
        #expect(refused0 + refused1 == 38)
        try await limiters[0].admit(namespace: "n", caller: "bob", tags: [:], tokens: 50)
        let error = await #expect(throws: RateLimitedError.self) {
            try await limiters[1].admit(namespace: "n", caller: "bob", tags: ["feature": "search"], tokens: 500)
        }
        #expect(error?.scope == "feature=search" && error?.unit == "tokens", "600 of 1,000 tokens were taken")
        clock.advance(seconds: 5)
        try await limiters[1].admit(namespace: "n", caller: "alice", tags: [:], tokens: 0)
        let (unshared0, unshared1) = (await limiters[0].unshared, await limiters[1].unshared)
        #expect(unshared0 + unshared1 == 0)
        try await a.close()
        try await b.close()
    }

    @Test("a closed store falls back to this process's own buckets")
    func closedStore() async throws {
        let folder = try Folder()
        let store = try SQLiteStore(path: folder.database)
        try await store.close()
        let limiter = RateLimiter(
            limits: RateLimits(perNamespace: .init(requestsPerMinute: 1)), shared: store.sharedRateBuckets)
        try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 0)
        await #expect(throws: RateLimitedError.self) {
            try await limiter.admit(namespace: "n", caller: nil, tags: [:], tokens: 0)
        }
        #expect(await limiter.unshared == 2)
    }
}
