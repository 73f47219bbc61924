import Benchmark
import CacheStorage
import Foundation
import LLMCache
import LLMCore
import SQLiteStore

// Exact-cache figures: hit latency with 100,000 entries stored, batched insert throughput, and the cost
// of the key for a 2 KB request. Run from Benchmarks/: swift package --disable-sandbox benchmark --target ExactCache

/// An upstream that is never reached: every benchmarked call is an exact hit.
struct UnreachableUpstream: LLMTransport {
    struct Unexpected: Error {}
    var provider: ProviderID? { .anthropic }
    func send(_ request: LLMRequest) async throws -> LLMResponse { throw Unexpected() }
}

/// A store holding `count` entries, built once per benchmark in its setup hook.
struct Fixture {
    let directory: URL
    let store: SQLiteStore
    let client: CachedClient
    let requests: [LLMRequest]

    static func build(entries count: Int) async throws -> Fixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let client = CachedClient(upstream: UnreachableUpstream(), store: store)
        let requests = (0..<count).map { number in
            LLMRequest(
                model: "claude-haiku-4-5", system: [TextBlock("You answer questions about the product catalogue.")],
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
        return Fixture(directory: directory, store: store, client: client, requests: requests)
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
