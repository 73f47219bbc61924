import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Rate limits through CachedClient")
struct RateLimitClientTests {
    @Test("only upstream calls draw from a rate: hits are free, and a call over the rate is refused unsent")
    func upstreamOnly() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let limiter = RateLimiter(limits: RateLimits(perNamespace: .init(requestsPerMinute: 1)))
        let client = CachedClient(upstream: harness.upstream, store: harness.store, rateLimiter: limiter)
        _ = try await client.send(question("What is 2+2?"))
        for _ in 0..<5 { #expect(try await client.send(question("What is 2+2?")).cache.outcome == .hit) }
        await #expect(throws: RateLimitedError.self) { _ = try await client.send(question("What is 3+3?")) }
        #expect(harness.upstream.calls == 1)
        _ = try await client.send(question("What is 3+3?"), cache: CacheControls(namespace: "other"))
        #expect(harness.upstream.calls == 2, "another namespace has its own bucket")
    }
}
