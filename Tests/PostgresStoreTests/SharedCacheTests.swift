import CacheStorage
import Embeddings
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PostgresStore
import SemanticCache
import Testing

/// The bound on how soon a change made by one instance reaches another's semantic index.
let syncDeadline: Duration = .seconds(1)

/// A client over a PostgreSQL store with a lexical semantic layer, as one instance of a shared cache.
struct SharedInstance {
    let store: PostgresStore
    let semantic: SemanticCache
    let upstream = DeterministicTransport()
    let client: CachedClient

    init(url: String, options: PostgresStoreOptions = .forTests, threshold: Float = 0.7) async throws {
        store = try await PostgresStore.open(url: url, options: options)
        var configuration = SemanticCacheConfiguration()
        configuration.threshold = threshold
        semantic = try await SemanticCache.open(store: store, embedder: LexicalEmbedder(), configuration: configuration)
        client = CachedClient(upstream: upstream, store: store, semantic: semantic)
    }
}

/// The request `llmcache-fixture send` makes for `prompt`.
func sharedRequest(_ prompt: String) -> LLMRequest {
    LLMRequest(model: "claude-haiku-4-5", messages: [.user(prompt)], maxTokens: 64, temperature: 0)
}

/// One output line of `llmcache-fixture send`.
struct SendLine: Decodable {
    var prompt: String
    var layer: String?
    var outcome: String?
    var costMicros: Int64?
    var error: String?
}

func sendLines(_ output: String) throws -> [SendLine] {
    try output.split(separator: "\n").map { try JSONDecoder().decode(SendLine.self, from: Data($0.utf8)) }
}

@Suite(
    "Shared cache across instances", .enabled(if: TestServer.isConfigured, TestServer.skipReason),
    .timeLimit(.minutes(3)))
struct SharedCacheTests {
    @Test("a miss stored by another process is an exact hit here, and a paraphrase of it a semantic hit")
    func hitsAcrossProcesses() async throws {
        let url = try await TestServer.freshDatabase()
        let b = try await SharedInstance(url: url)
        let question = "What is the capital of France?"
        let a = try await Subprocess.run(Subprocess.fixture, ["send", "--db", url, "--prompt", question])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(try sendLines(a.stdout).first?.outcome == "miss")

        let synced = await eventually(within: syncDeadline) { b.semantic.index.count == 1 }
        #expect(synced, "the vector stored by the other process reached this index within \(syncDeadline)")

        let paraphrase = try await b.client.send(sharedRequest("What is the capital city of France?"))
        #expect(paraphrase.cache.layer == .semantic)
        #expect(paraphrase.cache.outcome == .hit)
        #expect((paraphrase.cache.similarity ?? 1) < 1)
        let exact = try await b.client.send(sharedRequest(question))
        #expect(exact.cache.layer == .exact)
        #expect(exact.cache.outcome == .hit)
        #expect(b.upstream.calls == 0, "both were answered from what the other process stored")
        let unrelated = try await b.client.send(sharedRequest("How many legs does a spider have?"))
        #expect(unrelated.cache.outcome == .miss)
        try await b.store.close()
    }

    @Test("a purge by another process empties this instance's index")
    func purgeAcrossProcesses() async throws {
        let url = try await TestServer.freshDatabase()
        let b = try await SharedInstance(url: url)
        for prompt in ["Name a prime number.", "Name a colour of the rainbow."] {
            _ = try await b.client.send(sharedRequest(prompt))
        }
        #expect(b.semantic.index.count == 2)
        let purge = try await Subprocess.run(Subprocess.cachectl, ["purge", "--all", "--db", url])
        #expect(purge.status == 0, "\(purge.stderr)")
        let emptied = await eventually(within: syncDeadline) { b.semantic.index.count == 0 }
        #expect(emptied, "the purge reached this index within \(syncDeadline)")
        let again = try await b.client.send(sharedRequest("Name a prime number."))
        #expect(again.cache.outcome == .miss)
        try await b.store.close()
    }

    @Test("inserts, purges, evictions and expiry sweeps of one instance reach the other's index")
    func indexFollowsEveryChange() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open { $0.maxEntries = 3 }
        let b = try await fixture.open()
        let embedder = LexicalEmbedder()
        let semanticA = try await SemanticCache.open(store: a, embedder: embedder)
        let semanticB = try await SemanticCache.open(store: b, embedder: embedder)
        let vectors = try await embedder.embed(["one", "two", "three", "four"])
        try await a.insert(entry(1, ttlSeconds: 10, vector: vectors[0]))
        try await a.insert(entry(2, vector: vectors[1]))
        try await a.insert(entry(3, namespace: "other", vector: vectors[2]))
        #expect(await eventually(within: syncDeadline) { semanticB.index.count == 3 })
        #expect(await eventually(within: syncDeadline) { semanticA.index.count == 3 }, "a follows its own store too")
        #expect(semanticB.index.contents == semanticA.index.contents)

        fixture.clock.advance(seconds: 11)
        #expect(try await semanticA.sweepExpired() == 1)
        #expect(await eventually(within: syncDeadline) { semanticB.index.count == 2 }, "expiry sweep")

        _ = try await a.purge(PurgeSelector(namespace: "other"))
        #expect(await eventually(within: syncDeadline) { semanticB.index.count == 1 }, "purge")

        try await a.insert(entry(4, vector: vectors[3]))
        try await a.insert(entry(5))
        try await a.insert(entry(6))
        try await a.insert(entry(7))
        #expect(try await a.statistics().entries == 3)
        #expect(await eventually(within: syncDeadline) { semanticB.index.count == 0 }, "eviction")
        #expect(semanticA.index.count == 0)
        try await a.close()
        try await b.close()
    }

    @Test("an instance whose place in the change log was pruned away reloads its index")
    func reloadWhenPassedBy() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let embedder = LexicalEmbedder()
        let vectors = try await embedder.embed(["alpha", "beta", "gamma"])
        try await a.insert(entry(1, vector: vectors[0]))
        try await a.insert(entry(2, vector: vectors[1]))
        let b = try await fixture.open()
        let semanticB = try await SemanticCache.open(store: b, embedder: embedder)
        #expect(semanticB.index.count == 2)
        // A change b never heard of, and a log pruned past b's position (as after a long absence).
        semanticB.index.remove([("scope", 1)])
        try await rawSQL(
            fixture.url,
            """
            INSERT INTO llmcache_meta (name, value)
            SELECT 'changes_pruned_through', (max(seq) + 100)::TEXT FROM llmcache_changes
            """)
        try await a.insert(entry(3, vector: vectors[2]))
        let reloaded = await eventually(within: syncDeadline) {
            semanticB.index.contents == ["scope#1", "scope#2", "scope#3"]
        }
        #expect(reloaded, "b reloaded the whole index, the entry it had lost included")
        try await a.close()
        try await b.close()
    }
}
