import CacheStorage
import Embeddings
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import SQLiteStore
import SemanticCache
import Testing

/// A client over a temporary store, a manual clock and a counting stand-in provider.
struct Harness {
    let directory: URL
    let clock = ManualClock()
    let upstream: DeterministicTransport
    let store: SQLiteStore
    let client: CachedClient

    init(configure: (inout CachedClientConfiguration) -> Void = { _ in }, pricer: (any UsagePricer)? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "llmcache-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        upstream = DeterministicTransport()
        store = try SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path, clock: clock)
        var configuration = CachedClientConfiguration()
        configure(&configuration)
        client = CachedClient(upstream: upstream, store: store, configuration: configuration, pricer: pricer)
    }

    /// The same, with a semantic layer over `embedder`.
    init(
        semanticOver embedder: any Embedder, threshold: Float = 0.8, embeddingTimeout: Duration = .milliseconds(200),
        configure: (inout CachedClientConfiguration) -> Void = { _ in }
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "llmcache-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        upstream = DeterministicTransport()
        store = try SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path, clock: clock)
        var semanticConfiguration = SemanticCacheConfiguration()
        semanticConfiguration.threshold = threshold
        semanticConfiguration.embeddingTimeout = embeddingTimeout
        let semantic = try await SemanticCache.open(
            store: store, embedder: embedder, configuration: semanticConfiguration)
        var configuration = CachedClientConfiguration()
        configure(&configuration)
        client = CachedClient(upstream: upstream, store: store, semantic: semantic, configuration: configuration)
    }

    /// The same, with a semantic layer over `embedder` configured by `semantic`, on the database at `path`
    /// (a fresh one by default), with the client's upstream answering through `upstream`.
    init(
        semanticOver embedder: any Embedder, directory existing: URL? = nil,
        semantic configureSemantic: (inout SemanticCacheConfiguration) -> Void
    ) async throws {
        directory =
            existing
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        upstream = DeterministicTransport()
        store = try SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path, clock: clock)
        var semanticConfiguration = SemanticCacheConfiguration()
        semanticConfiguration.embeddingTimeout = .seconds(5)
        configureSemantic(&semanticConfiguration)
        let semantic = try await SemanticCache.open(
            store: store, embedder: embedder, configuration: semanticConfiguration)
        client = CachedClient(upstream: upstream, store: store, semantic: semantic)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

func question(
    _ text: String, temperature: Double? = 0, model: String = "claude-haiku-4-5", provider: ProviderID? = nil
) -> LLMRequest {
    LLMRequest(
        provider: provider, model: model, system: [TextBlock("Be brief.")], messages: [.user(text)], maxTokens: 100,
        temperature: temperature)
}

/// Prices every token at one micro-dollar.
struct FlatPricer: UsagePricer {
    func cost(model: String, usage: Usage) -> MicroDollars? {
        MicroDollars(Int64(usage.totalInputTokens + usage.outputTokens))
    }
}

struct ProviderDown: Error {}

@Suite("Exact cache through CachedClient")
struct ExactCacheTests {
    @Test("a repeated deterministic call is answered from the cache with no upstream call")
    func exactHit() async throws {
        let harness = try Harness(pricer: FlatPricer())
        defer { harness.cleanUp() }
        let first = try await harness.client.send(question("What is 2+2?"))
        let second = try await harness.client.send(question("What is 2+2?"))
        #expect(first.cache.outcome == .miss)
        #expect(second.cache.outcome == .hit)
        #expect(second.cache.layer == .exact)
        #expect(second.cache.key == first.cache.key)
        #expect(second.response == first.response)
        #expect(second.cache.cost == .zero)
        #expect(second.cache.saved == first.cache.cost)
        #expect(harness.upstream.calls == 1)
        let counters = try await harness.store.statistics().layers[CacheLayer.exact.rawValue]
        #expect(counters?.hits == 1)
        #expect(counters?.misses == 1)
        #expect(counters?.moneySaved == first.cache.cost)
        #expect(counters?.tokensSavedOutput == Int64(first.response.usage.outputTokens))
    }

    @Test("temperature above 0 bypasses the exact cache unless the request or configuration opts in")
    func nonDeterministicBypass() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        for _ in 0..<2 {
            let answer = try await harness.client.send(question("Tell me a joke", temperature: 0.8))
            #expect(answer.cache.outcome == .bypass)
        }
        #expect(harness.upstream.calls == 2)
        let optIn = CacheControls(allowNonDeterministic: true)
        _ = try await harness.client.send(question("Tell me a joke", temperature: 0.8), cache: optIn)
        let hit = try await harness.client.send(question("Tell me a joke", temperature: 0.8), cache: optIn)
        #expect(hit.cache.outcome == .hit)
        #expect(harness.upstream.calls == 3)

        let permissive = try Harness { $0.exact.cacheNonDeterministic = true }
        defer { permissive.cleanUp() }
        _ = try await permissive.client.send(question("Tell me a joke", temperature: nil))
        #expect(try await permissive.client.send(question("Tell me a joke", temperature: nil)).cache.outcome == .hit)
    }

    @Test(
        "a request's cache mode overrides the configured one, both ways; sampled calls never share across temperatures")
    func requestMode() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let all = CacheControls(mode: .all)
        #expect(try await harness.client.send(question("A haiku", temperature: 0.8), cache: all).cache.outcome == .miss)
        #expect(try await harness.client.send(question("A haiku", temperature: 0.8), cache: all).cache.outcome == .hit)
        #expect(try await harness.client.send(question("A haiku", temperature: 1.0), cache: all).cache.outcome == .miss)
        #expect(try await harness.client.send(question("A haiku", temperature: nil), cache: all).cache.outcome == .miss)

        let permissive = try Harness { $0.exact.cacheNonDeterministic = true }
        defer { permissive.cleanUp() }
        let strict = CacheControls(mode: .deterministic)
        _ = try await permissive.client.send(question("A limerick", temperature: nil))
        let refused = try await permissive.client.send(question("A limerick", temperature: nil), cache: strict)
        #expect(refused.cache.outcome == .bypass)
        #expect(refused.cache.bypassReason?.contains("cache mode deterministic") == true)
    }

    @Test("noCache skips the lookup but stores the fresh answer")
    func noCache() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"))
        let fresh = try await harness.client.send(question("Q"), cache: CacheControls(noCache: true))
        #expect(fresh.cache.outcome == .bypass)
        #expect(harness.upstream.calls == 2)
        #expect(try await harness.client.send(question("Q")).cache.outcome == .hit)
    }

    @Test("noStore answers but keeps nothing")
    func noStore() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"), cache: CacheControls(noStore: true))
        #expect(try await harness.client.send(question("Q")).cache.outcome == .miss)
        #expect(harness.upstream.calls == 2)
    }

    @Test("a per-request TTL overrides the default, and an expired answer is never served")
    func perRequestTTL() async throws {
        let harness = try Harness { $0.exact.defaultTTL = .seconds(3600) }
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("short"), cache: CacheControls(ttl: .seconds(10)))
        _ = try await harness.client.send(question("long"))
        harness.clock.advance(seconds: 11)
        #expect(try await harness.client.send(question("short")).cache.outcome == .miss)
        #expect(try await harness.client.send(question("long")).cache.outcome == .hit)
        harness.clock.advance(seconds: 3600)
        #expect(try await harness.client.send(question("long")).cache.outcome == .miss)
    }

    @Test("namespaces never share entries")
    func namespaces() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"), cache: CacheControls(namespace: "tenant-a"))
        let other = try await harness.client.send(question("Q"), cache: CacheControls(namespace: "tenant-b"))
        #expect(other.cache.outcome == .miss)
        #expect(other.cache.namespace == "tenant-b")
        let same = try await harness.client.send(question("Q"), cache: CacheControls(namespace: "tenant-a"))
        #expect(same.cache.outcome == .hit)
    }

    @Test("forceRefresh drops the stored answer even when the new call fails")
    func forceRefresh() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"))
        harness.upstream.setBehaviour(.fail(ProviderDown()))
        await #expect(throws: ProviderDown.self) {
            try await harness.client.send(question("Q"), cache: CacheControls(forceRefresh: true))
        }
        harness.upstream.setBehaviour(.answer)
        #expect(try await harness.client.send(question("Q")).cache.outcome == .miss)
        #expect(try await harness.client.send(question("Q")).cache.outcome == .hit)
    }

    @Test("maxAge refuses a stored answer that is too old and refreshes it")
    func maxAge() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"))
        harness.clock.advance(seconds: 600)
        let strict = try await harness.client.send(question("Q"), cache: CacheControls(maxAge: .seconds(60)))
        #expect(strict.cache.outcome == .miss)
        #expect(try await harness.client.send(question("Q")).cache.outcome == .hit)
    }

    @Test("errors, refusals and truncated answers never enter the cache")
    func unstorable() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        harness.upstream.setBehaviour(.fail(ProviderDown()))
        await #expect(throws: ProviderDown.self) { try await harness.client.send(question("Q")) }
        harness.upstream.setBehaviour(.refusal)
        _ = try await harness.client.send(question("Q"))
        harness.upstream.setBehaviour(.truncated)
        _ = try await harness.client.send(question("Q"))
        #expect(try await harness.store.statistics().entries == 0)
        harness.upstream.setBehaviour(.answer)
        #expect(try await harness.client.send(question("Q")).cache.outcome == .miss)
        #expect(try await harness.client.send(question("Q")).cache.outcome == .hit)
    }

    @Test("truncated answers are stored when the configuration says so")
    func truncatedOptIn() async throws {
        let harness = try Harness { $0.exact.storeTruncated = true }
        defer { harness.cleanUp() }
        harness.upstream.setBehaviour(.truncated)
        _ = try await harness.client.send(question("Q"))
        #expect(try await harness.client.send(question("Q")).cache.outcome == .hit)
    }

    @Test("tags given at store time select entries for purging")
    func tags() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("A"), cache: CacheControls(tags: ["pricing-page"]))
        _ = try await harness.client.send(question("B"))
        #expect(try await harness.store.purge(PurgeSelector(tag: "pricing-page")).entries == 1)
        #expect(try await harness.client.send(question("A")).cache.outcome == .miss)
        #expect(try await harness.client.send(question("B")).cache.outcome == .hit)
    }

    @Test("when the store fails, calls go on uncached instead of failing")
    func failOpen() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"))
        try await harness.store.close()
        let answer = try await harness.client.send(question("Q"))
        #expect(answer.cache.outcome == .miss)
        #expect(answer.response.text.contains("Q"))
        #expect(harness.upstream.calls == 2)
    }

    @Test("configured to fail, a call the store cannot look up fails before reaching the provider")
    func failClosed() async throws {
        let harness = try Harness { $0.whenStoreUnavailable = .fail }
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Q"))
        try await harness.store.close()
        let refused = await #expect(throws: CacheUnavailableError.self) {
            try await harness.client.send(question("Q"))
        }
        #expect(refused?.layer == .exact)
        #expect(refused?.description.contains(harness.store.location) == true)
        #expect(refused?.description.contains("pass_through") == true, "the message says how to go on uncached")
        await #expect(throws: CacheUnavailableError.self) {
            try await harness.client.stream(question("R"))
        }
        #expect(harness.upstream.calls == 1, "nothing was sent to the provider while the store was down")
        let bypass = try await harness.client.send(question("S", temperature: 0.7))
        #expect(bypass.cache.outcome == .bypass, "a call the cache never looks up is not refused")
    }
}

@Suite("Single-flight")
struct SingleFlightTests {
    @Test("50 concurrent identical requests make one upstream call and all get the answer")
    func fiftyIdentical() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-flight-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let upstream = DeterministicTransport(latency: .milliseconds(300))
        let store = try SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path)
        let client = CachedClient(upstream: upstream, store: store, pricer: FlatPricer())
        let answers = try await withThrowingTaskGroup(of: CachedResponse.self) { group in
            for _ in 0..<50 { group.addTask { try await client.send(question("Same question")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(upstream.calls == 1)
        #expect(Set(answers.map(\.response)).count == 1)
        #expect(answers.filter { $0.cache.outcome == .miss }.count == 1)
        #expect(answers.filter { $0.cache.outcome == .hit }.count == 49)
        #expect(
            answers.allSatisfy { $0.cache.outcome == .miss || ($0.cache.layer == .exact && $0.cache.cost == .zero) })
        #expect(answers.contains { $0.cache.coalesced })
        #expect(try await store.statistics().entries == 1)
    }

    @Test("a failed call reaches every joined caller and is not cached")
    func sharedFailure() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-flight-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let upstream = DeterministicTransport(latency: .milliseconds(300), behaviour: .fail(ProviderDown()))
        let store = try SQLiteStore(path: directory.appendingPathComponent("c.sqlite").path)
        let client = CachedClient(upstream: upstream, store: store)
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 {
                group.addTask { (try? await client.send(question("Same question"))) == nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 10)
        #expect(upstream.calls < 10)
        #expect(try await store.statistics().entries == 0)
    }
}
