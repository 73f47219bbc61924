import ArgumentParser
import CacheStorage
import Embeddings
import Foundation
import LLMCache
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import PostgresStore
import SQLiteStore
import SemanticCache

/// `cachectl bench shared`: exact-hit latency of the SQLite store and the PostgreSQL store in the same run,
/// and how long a vector stored by one PostgreSQL instance takes to reach another instance's index.
struct SharedStoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shared",
        abstract: "Exact-hit latency, SQLite vs PostgreSQL, and the semantic-sync delay between instances.",
        discussion: """
            Writes its entries under a namespace of its own in the PostgreSQL database and removes them at \
            the end; the SQLite store is a temporary file. Build with -c release for figures worth quoting.
            """)

    @Option(help: "The PostgreSQL database (postgres://…). Default: $LLMCACHE_TEST_POSTGRES_URL.") var postgres: String?
    @Option(help: "Entries stored before measuring.") var entries = 10_000
    @Option(help: "Exact-hit lookups measured per store.") var lookups = 2_000
    @Option(help: "Inserts whose arrival in the other instance's index is timed.") var syncRounds = 50
    @Flag(help: "Print JSON.") var json = false

    /// Latency percentiles in microseconds.
    struct Percentiles: Codable {
        var p50: Double
        var p99: Double
        var mean: Double

        init(_ samples: [Duration]) {
            let micros = samples.map(\.microseconds).sorted()
            p50 = NearestRank.percentile(micros, 0.5)
            p99 = NearestRank.percentile(micros, 0.99)
            mean = micros.isEmpty ? 0 : micros.reduce(0, +) / Double(micros.count)
        }
    }

    struct Report: Codable {
        var entries: Int
        var lookups: Int
        var sqliteExactHitMicros: Percentiles
        var postgresExactHitMicros: Percentiles
        var semanticSyncMicros: Percentiles
    }

    func run() async throws {
        guard let url = postgres ?? ProcessInfo.processInfo.environment["LLMCACHE_TEST_POSTGRES_URL"] else {
            throw ValidationError(
                "give --postgres postgres://USER@HOST:PORT/DATABASE (or set LLMCACHE_TEST_POSTGRES_URL)")
        }
        let namespace = "bench-\(UUID().uuidString)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let sqlite = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let sqliteHits = try await exactHits(store: sqlite, namespace: namespace)
        try await sqlite.close()

        let postgresStore = try await StoreBackend.postgres(url: url).open(
            .command(readOnly: false, createIfMissing: true)
        ).store
        let postgresHits = try await exactHits(store: postgresStore, namespace: namespace)
        let sync = try await syncDelays(url: url, writer: postgresStore, namespace: namespace)
        _ = try await postgresStore.purge(PurgeSelector(namespace: namespace), dryRun: false)
        try await postgresStore.close()

        let report = Report(
            entries: entries, lookups: lookups, sqliteExactHitMicros: Percentiles(sqliteHits),
            postgresExactHitMicros: Percentiles(postgresHits), semanticSyncMicros: Percentiles(sync))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        var table = TextTable([("Measure", .left), ("p50", .right), ("p99", .right), ("mean", .right)])
        for (name, figures) in [
            ("exact hit, SQLite", report.sqliteExactHitMicros),
            ("exact hit, PostgreSQL", report.postgresExactHitMicros),
            ("semantic sync, PostgreSQL", report.semanticSyncMicros),
        ] {
            table.append([name] + [figures.p50, figures.p99, figures.mean].map { String(format: "%.0f µs", $0) })
        }
        print(table.rendered)
        print("\n\(entries) entries stored, \(lookups) hits timed per store, \(syncRounds) sync rounds.")
    }

    /// The time of `lookups` exact hits through a ``CachedClient`` over `store` holding `entries` entries.
    private func exactHits(store: any CacheStorage, namespace: String) async throws -> [Duration] {
        let requests = ExactHitWorkload.requests(count: entries)
        try await ExactHitWorkload.store(requests, in: store, namespace: namespace)
        var configuration = CachedClientConfiguration()
        configuration.defaultNamespace = namespace
        let client = CachedClient(upstream: NoUpstream(), store: store, configuration: configuration)
        var samples: [Duration] = []
        samples.reserveCapacity(lookups)
        for index in 0..<lookups {
            let request = requests[(index * 7919) % requests.count]
            let started = ContinuousClock.now
            let answer = try await client.send(request)
            samples.append(ContinuousClock.now - started)
            guard answer.cache.layer == .exact else { throw BenchError.notAHit }
        }
        return samples
    }

    /// For each round: one instance stores an entry with a vector; the time until the other instance's index
    /// holds it.
    private func syncDelays(url: String, writer: any CacheStorage, namespace: String) async throws -> [Duration] {
        let embedder = LexicalEmbedder()
        let reader = try await StoreBackend.postgres(url: url).open(.command(readOnly: false, createIfMissing: true))
            .store
        let semantic = try await SemanticCache.open(store: reader, embedder: embedder)
        let vectors = try await embedder.embed((0..<syncRounds).map { "benchmark prompt number \($0)" })
        var samples: [Duration] = []
        for (round, vector) in vectors.enumerated() {
            let before = semantic.index.count
            let entry = NewCacheEntry(
                namespace: namespace, key: String(format: "%064x", round), provider: "anthropic", model: "bench",
                ttl: nil, response: Data("{}".utf8),
                vector: StoredVector(scope: namespace, prompt: "benchmark prompt number \(round)", vector: vector))
            let started = ContinuousClock.now
            try await writer.insert(entry)
            let deadline = started + .seconds(10)
            while semantic.index.count == before {
                guard ContinuousClock.now < deadline else { throw BenchError.neverSynced }
                try await Task.sleep(for: .microseconds(200))
            }
            samples.append(ContinuousClock.now - started)
        }
        try await reader.close()
        return samples
    }

    enum BenchError: Error, CustomStringConvertible {
        case notAHit
        case neverSynced

        var description: String {
            switch self {
            case .notAHit: "a benchmarked lookup was not an exact hit"
            case .neverSynced: "a stored vector did not reach the other instance within 10 s"
            }
        }
    }

    /// An upstream that is never reached: every benchmarked call is an exact hit.
    struct NoUpstream: LLMTransport {
        func send(_ request: LLMRequest) async throws -> LLMResponse { throw BenchError.notAHit }
    }
}
