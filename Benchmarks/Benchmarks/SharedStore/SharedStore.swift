import Benchmark
import CacheStorage
import Embeddings
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PostgresStore
import SQLiteStore
import SemanticCache

// The shared store against the embedded one: exact-hit latency through CachedClient over 10,000 entries in
// SQLite and in PostgreSQL, and the semantic-sync delay (one instance's committed insert until the vector is
// in another instance's index). The PostgreSQL benchmarks need a server: start one with
// `eval "$(bash ../scripts/pg-cluster.sh start)"` (it sets LLMCACHE_TEST_POSTGRES_URL), then, from
// Benchmarks/: swift package --disable-sandbox benchmark --target SharedStore

/// The PostgreSQL database to measure, when one is configured.
let postgresURL = ProcessInfo.processInfo.environment["LLMCACHE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

/// An upstream that is never reached: every benchmarked call is an exact hit.
struct UnreachableUpstream: LLMTransport {
    struct Unexpected: Error {}
    var provider: ProviderID? { .anthropic }
    func send(_ request: LLMRequest) async throws -> LLMResponse { throw Unexpected() }
}

/// A client over a store holding 10,000 entries under a namespace of its own.
struct HitFixture {
    static let entries = 10_000

    let store: any CacheStorage
    let client: CachedClient
    let requests: [LLMRequest]
    let namespace: String
    let cleanUp: @Sendable () async -> Void

    static func build(
        store: any CacheStorage, namespace: String = "bench-\(UUID().uuidString)",
        cleanUp: @escaping @Sendable () async -> Void
    ) async throws -> HitFixture {
        let requests = ExactHitWorkload.requests(count: entries)
        try await ExactHitWorkload.store(requests, in: store, namespace: namespace)
        var configuration = CachedClientConfiguration()
        configuration.defaultNamespace = namespace
        let client = CachedClient(upstream: UnreachableUpstream(), store: store, configuration: configuration)
        return HitFixture(store: store, client: client, requests: requests, namespace: namespace, cleanUp: cleanUp)
    }

    static func sqlite() async throws -> HitFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        return try await build(store: store) {
            try? await store.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func postgres(_ url: String) async throws -> HitFixture {
        let store = try await PostgresStore.open(url: url)
        let namespace = "bench-\(UUID().uuidString)"
        return try await build(store: store, namespace: namespace) {
            _ = try? await store.purge(PurgeSelector(namespace: namespace), dryRun: false)
            try? await store.close()
        }
    }
}

/// A stored vector did not reach the other instance within 10 s.
struct NeverSynced: Error {}

/// Two PostgreSQL instances: one writes entries with vectors, the other follows them into its index.
struct SyncFixture {
    let writer: PostgresStore
    let reader: PostgresStore
    let semantic: SemanticCache
    let namespace: String
    let vector: [Float]

    static func build(_ url: String) async throws -> SyncFixture {
        let embedder = LexicalEmbedder()
        let writer = try await PostgresStore.open(url: url)
        let reader = try await PostgresStore.open(url: url)
        let semantic = try await SemanticCache.open(store: reader, embedder: embedder)
        let vector = try await embedder.embed(["a benchmark prompt about shared caches"])[0]
        return SyncFixture(
            writer: writer, reader: reader, semantic: semantic, namespace: "bench-\(UUID().uuidString)",
            vector: vector)
    }

    func tearDown() async {
        _ = try? await writer.purge(PurgeSelector(namespace: namespace), dryRun: false)
        try? await writer.close()
        try? await reader.close()
    }
}

// Each fixture is written once by its benchmark's setup hook before any iteration reads it, and only read
// afterwards by that benchmark's single measuring task; the teardown hook runs after the last iteration.
nonisolated(unsafe) var sqliteHits: HitFixture?
nonisolated(unsafe) var postgresHits: HitFixture?
nonisolated(unsafe) var sync: SyncFixture?

let benchmarks: @Sendable () -> Void = {
    func hitConfiguration(
        setup: @escaping @Sendable () async throws -> Void, teardown: @escaping @Sendable () async throws -> Void
    ) -> Benchmark.Configuration {
        .init(
            metrics: [.wallClock, .throughput], timeUnits: .microseconds, warmupIterations: 100, scalingFactor: .one,
            maxDuration: .seconds(5), maxIterations: 20_000, setup: setup, teardown: teardown)
    }
    func hits(_ benchmark: Benchmark, _ fixture: HitFixture?) async throws {
        guard let fixture else { return }
        for iteration in benchmark.scaledIterations {
            let request = fixture.requests[(iteration &* 7919) % fixture.requests.count]
            benchmark.startMeasurement()
            blackHole(try await fixture.client.send(request))
            benchmark.stopMeasurement()
        }
    }

    Benchmark(
        "Exact hit through CachedClient, SQLite (10k entries)",
        configuration: hitConfiguration(
            setup: { sqliteHits = try await HitFixture.sqlite() },
            teardown: {
                await sqliteHits?.cleanUp()
                sqliteHits = nil
            })
    ) { benchmark in try await hits(benchmark, sqliteHits) }

    guard let url = postgresURL else { return }

    Benchmark(
        "Exact hit through CachedClient, PostgreSQL on loopback (10k entries)",
        configuration: hitConfiguration(
            setup: { postgresHits = try await HitFixture.postgres(url) },
            teardown: {
                await postgresHits?.cleanUp()
                postgresHits = nil
            })
    ) { benchmark in try await hits(benchmark, postgresHits) }

    Benchmark(
        "Semantic sync between PostgreSQL instances (insert committed → in the other index)",
        configuration: .init(
            metrics: [.wallClock], timeUnits: .milliseconds, warmupIterations: 3, scalingFactor: .one,
            maxDuration: .seconds(10), maxIterations: 200, setup: { sync = try await SyncFixture.build(url) },
            teardown: {
                await sync?.tearDown()
                sync = nil
            })
    ) { benchmark in
        guard let sync else { return }
        // Keys must be new on every call of this closure (warm-up and measured runs): storing an existing key
        // again keeps its row, and the index would not grow.
        var next = Int.random(in: 1..<(1 << 48))
        for _ in benchmark.scaledIterations {
            next += 1
            let entry = NewCacheEntry(
                namespace: sync.namespace, key: String(format: "%064x", next), provider: "anthropic", model: "bench",
                ttl: nil, response: Data("{}".utf8),
                vector: StoredVector(scope: sync.namespace, prompt: "prompt \(next)", vector: sync.vector))
            let before = sync.semantic.index.count
            benchmark.startMeasurement()
            try await sync.writer.insert(entry)
            let deadline = ContinuousClock.now + .seconds(10)
            while sync.semantic.index.count == before {
                guard ContinuousClock.now < deadline else { throw NeverSynced() }
                try await Task.sleep(for: .microseconds(100))
            }
            benchmark.stopMeasurement()
        }
    }
}
