import Foundation
import LLMCache
import LLMCore
import Testing

@Suite("Client configuration initialisers")
struct ClientConfigurationTests {
    @Test("exact cache: the defaults are the documented ones, and each parameter lands in its property")
    func exactCache() {
        let defaults = ExactCacheConfiguration()
        #expect(defaults.enabled)
        #expect(defaults.defaultTTL == .seconds(86_400))
        #expect(!defaults.slidingTTL)
        #expect(!defaults.cacheNonDeterministic)
        #expect(!defaults.storeTruncated)
        #expect(defaults.keepRequest)
        let given = ExactCacheConfiguration(
            enabled: false, defaultTTL: nil, slidingTTL: true, cacheNonDeterministic: true, storeTruncated: true,
            keepRequest: false)
        #expect(!given.enabled)
        #expect(given.defaultTTL == nil)
        #expect(given.slidingTTL)
        #expect(given.cacheNonDeterministic)
        #expect(given.storeTruncated)
        #expect(!given.keepRequest)
        #expect(ExactCacheConfiguration(defaultTTL: .seconds(3600)).defaultTTL == .seconds(3600))
        #expect(ExactCacheConfiguration(defaultTTL: .seconds(86_400)) == defaults)
    }

    @Test("client: the defaults are the documented ones, and each parameter lands in its property")
    func client() {
        let defaults = CachedClientConfiguration()
        #expect(defaults.defaultNamespace == "default")
        #expect(defaults.exact == ExactCacheConfiguration())
        #expect(defaults.promptCaching == .off)
        #expect(defaults.whenStoreUnavailable == .passThrough)
        let given = CachedClientConfiguration(
            defaultNamespace: "support", exact: ExactCacheConfiguration(slidingTTL: true),
            promptCaching: .on(expectedReuses: 4), whenStoreUnavailable: .fail)
        #expect(given.defaultNamespace == "support")
        #expect(given.exact.slidingTTL)
        #expect(given.promptCaching == PromptCachingSettings(enabled: true, expectedReuses: 4))
        #expect(given.whenStoreUnavailable == .fail)
    }

    @Test("prompt caching: off by default, and each parameter lands in its property")
    func promptCaching() {
        let defaults = PromptCachingSettings()
        #expect(!defaults.enabled)
        #expect(defaults.expectedReuseInterval == nil)
        #expect(defaults.expectedReuses == nil)
        #expect(defaults == .off)
        let given = PromptCachingSettings(enabled: true, expectedReuseInterval: .seconds(120), expectedReuses: 9)
        #expect(given.enabled)
        #expect(given.expectedReuseInterval == .seconds(120))
        #expect(given.expectedReuses == 9)
    }

    @Test("a time to live or maximum age beyond the cache lifetime is refused with its short spelling, not a trap")
    func hugeControls() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        for controls in [
            CacheControls(ttl: .seconds(Int64.max)), CacheControls(ttl: Duration(attoseconds: .max)),
            CacheControls(ttl: .microseconds(500)), CacheControls(maxAge: .seconds(Int64.min)),
            CacheControls(maxAge: .seconds(Int64.max)),
        ] {
            let error = await #expect(throws: CacheControlsError.self) {
                try await harness.client.send(question("Q"), cache: controls)
            }
            #expect(error?.description.contains("24855d3h14m8s") == true)
        }
        #expect(harness.upstream.calls == 0)
    }

    @Test("a default time to live beyond 64-bit milliseconds saturates: the answer is kept and served")
    func hugeDefaultTTL() async throws {
        let harness = try Harness { $0.exact = ExactCacheConfiguration(defaultTTL: .seconds(Int64.max)) }
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"))
        harness.clock.advance(seconds: 86_400 * 365 * 50)
        let again = try await harness.client.send(question("Q"), cache: CacheControls(maxAge: .maximumCacheLifetime))
        #expect(again.cache.outcome == .hit)
        #expect(again.cache.age == .seconds(86_400 * 365 * 50))
        #expect(harness.upstream.calls == 1)
    }
}
