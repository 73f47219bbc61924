import Benchmark
import BenchmarkSQLite
import CacheStorage
import Foundation
import LLMCache
import LLMCore
import SQLiteStore

// Exact-cache figures: hit latency with 100,000 entries stored, next to its floor (the raw SQLite statement the
// store runs, on the same file in the same run), batched insert throughput, and the cost of the key. Run from
// Benchmarks/: swift package --disable-sandbox benchmark --target ExactCache

/// An upstream that is never reached: every benchmarked call is an exact hit.
struct UnreachableUpstream: LLMTransport {
    struct Unexpected: Error {}
    var provider: ProviderID? { .anthropic }
    func send(_ request: LLMRequest) async throws -> LLMResponse { throw Unexpected() }
}

/// The floor of a store lookup: the statement the store runs for one, prepared once on a connection of
/// its own to the same file, stepped, every column read as the store reads it, and reset. Used by one task.
final class RawLookup {
    private var database: OpaquePointer?
    private var statement: OpaquePointer?
    /// The text of `SQLITE_TRANSIENT`, which Swift does not import.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) {
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            fatalError("cannot open \(path)")
        }
        // The store's own lookup (`EntrySQL.lookupByKey`), column for column.
        let sql = """
            SELECT id, namespace, key, provider, model, created_at, expires_at, ttl_ms, sliding, last_hit_at,
            hit_count, size, input_tokens, output_tokens, cost_micros, tags, NULL, response FROM entries
            WHERE namespace = ? AND key = ?
            """
        guard sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK
        else { fatalError("cannot prepare the lookup") }
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close(database)
    }

    /// Looks `key` up in `namespace`; returns the response's length (0 for a miss).
    func lookup(namespace: String, key: String) -> Int {
        sqlite3_bind_text(statement, 1, namespace, -1, Self.transient)
        sqlite3_bind_text(statement, 2, key, -1, Self.transient)
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { return 0 }
        var strings = 0
        for column: Int32 in [1, 2, 3, 4, 15] {
            strings &+= String(cString: sqlite3_column_text(statement, column)).utf8.count
        }
        var numbers: Int64 = 0
        for column: Int32 in [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] {
            numbers &+= sqlite3_column_int64(statement, column)
        }
        let count = Int(sqlite3_column_bytes(statement, 17))
        let response = sqlite3_column_blob(statement, 17).map { Data(bytes: $0, count: count) } ?? Data()
        blackHole(numbers)
        return response.count &+ strings
    }
}

/// A store holding `count` entries, built once per benchmark in its setup hook.
struct Fixture {
    let directory: URL
    let store: SQLiteStore
    let client: CachedClient
    let requests: [LLMRequest]
    let raw: RawLookup

    static func build(entries count: Int) async throws -> Fixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let client = CachedClient(upstream: UnreachableUpstream(), store: store)
        let requests = (0..<count).map { number in
            // Addressed to the upstream's provider, as `CachedClient` keys them.
            LLMRequest(
                provider: .anthropic, model: "claude-haiku-4-5",
                system: [TextBlock("You answer questions about the product catalogue.")],
                messages: [.user("Question number \(number): what does item \(number) cost?")], maxTokens: 256,
                temperature: 0)
        }
        var batch: [NewCacheEntry] = []
        let encoder = JSONEncoder()
        for request in requests {
            let response = LLMResponse(
                id: "msg", model: request.model, content: [.text("Item costs $\(request.messages.count).00 today.")],
                stopReason: .endTurn, usage: Usage(inputTokens: 40, outputTokens: 12))
            batch.append(
                NewCacheEntry(
                    namespace: "default", key: try CacheKey(request).hex, provider: "anthropic", model: request.model,
                    ttl: nil, inputTokens: 40, outputTokens: 12, request: try encoder.encode(request),
                    response: try encoder.encode(response)))
            if batch.count == 5000 {
                try await store.insert(contentsOf: batch)
                batch.removeAll()
            }
        }
        try await store.insert(contentsOf: batch)
        try await store.flush()
        let raw = RawLookup(path: directory.appendingPathComponent("bench.sqlite").path)
        return Fixture(directory: directory, store: store, client: client, requests: requests, raw: raw)
    }
}

/// The 100,000-entry fixture. Written once by the setup hook before any iteration reads it, and only read
/// afterwards by the benchmark's single measuring task.
nonisolated(unsafe) var fixture: Fixture?

/// A request of about 2 KB of JSON: a system prompt, three turns and a tool.
let twoKilobyteRequest = LLMRequest(
    model: "claude-sonnet-4-5",
    system: [TextBlock(String(repeating: "You are a careful assistant for an online bookshop. ", count: 12))],
    messages: [
        .user(String(repeating: "I am looking for a novel set in Lisbon. ", count: 10)),
        .assistant(String(repeating: "Here are some suggestions you might like. ", count: 8)),
        .user("Which of these is the shortest?"),
    ],
    tools: [Tool(name: "search_catalogue", description: "Searches the catalogue", inputSchema: ["type": "object"])],
    maxTokens: 512, temperature: 0)

let benchmarks: @Sendable () -> Void = {
    let latency = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 100,
        scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 200_000,
        setup: { fixture = try await Fixture.build(entries: 100_000) },
        teardown: {
            if let directory = fixture?.directory { try? FileManager.default.removeItem(at: directory) }
            fixture = nil
        })

    Benchmark("Store lookup hit (100k entries)", configuration: latency) { benchmark in
        guard let fixture else { return }
        for iteration in benchmark.scaledIterations {
            let key = try CacheKey(fixture.requests[(iteration &* 7919) % fixture.requests.count]).hex
            benchmark.startMeasurement()
            blackHole(try await fixture.store.lookup(namespace: "default", key: key))
            benchmark.stopMeasurement()
        }
    }

    Benchmark("Raw SQLite lookup statement (100k entries)", configuration: latency) { benchmark in
        guard let fixture else { return }
        for iteration in benchmark.scaledIterations {
            let key = try CacheKey(fixture.requests[(iteration &* 7919) % fixture.requests.count]).hex
            benchmark.startMeasurement()
            blackHole(fixture.raw.lookup(namespace: "default", key: key))
            benchmark.stopMeasurement()
        }
    }

    Benchmark("Cache key of a fixture request", configuration: latency) { benchmark in
        guard let fixture else { return }
        for iteration in benchmark.scaledIterations {
            let request = fixture.requests[(iteration &* 7919) % fixture.requests.count]
            benchmark.startMeasurement()
            blackHole(try CacheKey(request))
            benchmark.stopMeasurement()
        }
    }

    Benchmark("CachedClient exact hit, one entry served again (100k entries)", configuration: latency) { benchmark in
        guard let fixture else { return }
        let request = fixture.requests[42]
        for _ in benchmark.scaledIterations {
            benchmark.startMeasurement()
            blackHole(try await fixture.client.send(request))
            benchmark.stopMeasurement()
        }
    }

    Benchmark("CachedClient exact hit, key + lookup + decode (100k entries)", configuration: latency) { benchmark in
        guard let fixture else { return }
        for iteration in benchmark.scaledIterations {
            let request = fixture.requests[(iteration &* 7919) % fixture.requests.count]
            benchmark.startMeasurement()
            blackHole(try await fixture.client.send(request))
            benchmark.stopMeasurement()
        }
    }

    Benchmark(
        "Insert, batches of 1,000 (throughput = batches/s)",
        configuration: .init(
            metrics: [.wallClock, .throughput], timeUnits: .milliseconds, scalingFactor: .one,
            maxDuration: .seconds(10),
            maxIterations: 100)
    ) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-insert-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("insert.sqlite").path)
        let payload = Data(repeating: UInt8(ascii: "a"), count: 600)
        var next = 0
        for _ in benchmark.scaledIterations {
            let batch = (0..<1000).map { offset in
                NewCacheEntry(
                    namespace: "default", key: String(format: "%064x", next + offset), provider: "anthropic",
                    model: "claude-haiku-4-5", ttl: .seconds(3600), request: payload, response: payload)
            }
            next += 1000
            benchmark.startMeasurement()
            try await store.insert(contentsOf: batch)
            benchmark.stopMeasurement()
        }
        try await store.close()
    }

    Benchmark(
        "Cache key of a 2 KB request",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds, scalingFactor: .one,
            maxDuration: .seconds(3))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CacheKey(twoKilobyteRequest))
        }
    }
}
