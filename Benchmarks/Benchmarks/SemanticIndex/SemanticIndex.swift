import Benchmark
import Embeddings
import Foundation
import LLMCore
import SemanticCache

// Similarity-index figures without embedding, on 384-d random unit vectors (the MiniLM dimension):
// top-3 lookup at threshold 0.90 (as the semantic cache searches) with 10,000 and 100,000 entries in one
// scope, by the int8 scan with exact rescoring (the default) and by the float32 scan, side by side;
// batched lookups (one sgemm per batch) at 100,000 entries, insert throughput, the memory the index holds
// per byte of raw float32 vectors, and the single-thread memory read bandwidth that is the scans' floor
// (bytes read ÷ bandwidth).
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target SemanticIndex
//
// Targets: int8 lookup at most 0.35 × the float32 lookup at 100,000 entries; batched ≥ 1,500 queries/s at
// 100,000 entries; insert ≥ 5,000 entries/s; allocated bytes ≤ 1.2 × (float32 + int8) vector bytes.
// OpenBLAS runs with one thread per call (BLASThreading.recommendedThreadCount) unless a name says otherwise.

let dimension = 384
let scope = "bench"

/// Deterministic normally distributed numbers: SplitMix64 and the Box–Muller transform.
struct GaussianSource {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func nextUniform() -> Double {
        (Double(nextUInt64() >> 11) + 0.5) / Double(1 << 53)
    }

    mutating func nextGaussian() -> Float {
        let radius = (-2 * log(nextUniform())).squareRoot()
        return Float(radius * cos(2 * Double.pi * nextUniform()))
    }

    /// A vector uniformly distributed on the unit sphere.
    mutating func unitVector() -> [Float] {
        let raw = (0..<dimension).map { _ in nextGaussian() }
        let length = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / length }
    }
}

/// A buffer to read from end to end.
final class ReadBuffer: Sendable {
    let bytes: Int
    // Written once in init, then only read.
    nonisolated(unsafe) let words: UnsafeMutablePointer<UInt64>

    init(bytes: Int) {
        self.bytes = bytes
        words = .allocate(capacity: bytes / 8)
        for index in 0..<bytes / 8 { words[index] = UInt64(truncatingIfNeeded: index) }
    }

    deinit { words.deallocate() }

    func sum() -> UInt64 {
        var sums = SIMD8<UInt64>()
        let raw = UnsafeRawPointer(words)
        for offset in stride(from: 0, to: bytes, by: 64) {
            sums &+= raw.load(fromByteOffset: offset, as: SIMD8<UInt64>.self)
        }
        return sums.wrappedSum()
    }
}

/// An index of `entries` random unit vectors and 1,024 random queries.
struct Fixture {
    let index: SemanticIndex
    let queries: [[Float]]

    static func build(entries: Int, blasThreads: Int, scan: SemanticIndex.Scan = .int8) throws -> Fixture {
        BLASThreading.setThreadCount(blasThreads)
        var source = GaussianSource(seed: 2026)
        let index = SemanticIndex(dimension: dimension, scan: scan, approximateSearch: .off)
        for id in 0..<entries {
            try index.insert(scope: scope, id: Int64(id), vector: source.unitVector())
        }
        let queries = (0..<1024).map { _ in source.unitVector() }
        return Fixture(index: index, queries: queries)
    }
}

let benchmarks: @Sendable () -> Void = {
    let lookup = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput], timeUnits: .microseconds, warmupIterations: 20,
        scalingFactor: .one,
        maxDuration: .seconds(5), maxIterations: 20_000)
    let queriesPerSecond = BenchmarkMetric.custom("queries/s", polarity: .prefersLarger, useScalingFactor: false)
    let batched = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, queriesPerSecond], timeUnits: .milliseconds, warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(6), maxIterations: 500)

    for (entries, threads, scan) in [
        (10_000, 1, SemanticIndex.Scan.int8), (10_000, 1, .float32), (100_000, 1, .int8), (100_000, 1, .float32),
        (100_000, 2, .float32),
    ] {
        let suffix = threads == 1 ? "" : ", 2 BLAS threads"
        Benchmark(
            "Lookup top-3, \(entries.formatted()) entries (\(scan.rawValue) scan\(suffix))", configuration: lookup
        ) {
            benchmark, fixture in
            for iteration in benchmark.scaledIterations {
                let query = fixture.queries[(benchmark.currentIteration + iteration) % fixture.queries.count]
                blackHole(try fixture.index.search(scope: scope, vector: query, k: 3, threshold: 0.90))
            }
        } setup: {
            try Fixture.build(entries: entries, blasThreads: threads, scan: scan)
        }
    }

    // The scans' floor: a single thread reading 512 MB, summed in 64-byte words. A scan of n rows reads
    // n × 1,536 bytes in float32 and n × 388 bytes in int8 (with its scales).
    let gigabytesPerSecond = BenchmarkMetric.custom(
        "read MB/s", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark(
        "Memory read bandwidth, one thread, 512 MB",
        configuration: .init(
            metrics: [.wallClock, gigabytesPerSecond], timeUnits: .milliseconds, warmupIterations: 1,
            scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 20)
    ) { (benchmark: Benchmark, buffer: ReadBuffer) in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let began = clock.now
            blackHole(buffer.sum())
            let elapsed = clock.now - began
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(gigabytesPerSecond, Int((Double(buffer.bytes) / seconds / 1e6).rounded()))
        }
    } setup: {
        ReadBuffer(bytes: 512 << 20)
    }

    for (batch, threads) in [(32, 1), (64, 1), (64, 2)] {
        let suffix = threads == 1 ? "" : " (2 BLAS threads)"
        Benchmark("Batched lookup top-1, batches of \(batch), 100,000 entries\(suffix)", configuration: batched) {
            benchmark, fixture in
            let clock = ContinuousClock()
            for iteration in benchmark.scaledIterations {
                let start = ((benchmark.currentIteration + iteration) * batch) % (fixture.queries.count - batch)
                let queries = Array(fixture.queries[start..<start + batch])
                let began = clock.now
                blackHole(try fixture.index.search(scope: scope, batch: queries, k: 1, threshold: 0.90))
                let elapsed = clock.now - began
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(queriesPerSecond, Int((Double(batch) / seconds).rounded()))
            }
        } setup: {
            try Fixture.build(entries: 100_000, blasThreads: threads)
        }
    }

    let entriesPerSecond = BenchmarkMetric.custom("entries/s", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark(
        "Insert 100,000 entries into an empty scope",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, entriesPerSecond], timeUnits: .milliseconds, warmupIterations: 1,
            scalingFactor: .one,
            maxDuration: .seconds(10), maxIterations: 20)
    ) { (benchmark: Benchmark, vectors: [[Float]]) in
        let clock = ContinuousClock()
        for _ in benchmark.scaledIterations {
            let index = SemanticIndex(dimension: dimension)
            let began = clock.now
            benchmark.startMeasurement()
            for (id, vector) in vectors.enumerated() {
                try index.insert(scope: scope, id: Int64(id), vector: vector)
            }
            benchmark.stopMeasurement()
            let elapsed = clock.now - began
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(entriesPerSecond, Int((Double(vectors.count) / seconds).rounded()))
            blackHole(index)
        }
    } setup: {
        var source = GaussianSource(seed: 7)
        return (0..<100_000).map { _ in source.unitVector() } as [[Float]]
    }

    let ratio = BenchmarkMetric.custom(
        "allocated / raw vector bytes (×1000)", polarity: .prefersSmaller, useScalingFactor: false)
    let memory = Benchmark.Configuration(
        metrics: [ratio], warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 1)
    Benchmark("Index memory, 100,000 entries", configuration: memory) { benchmark, fixture in
        let index = fixture.index
        benchmark.measurement(ratio, index.allocatedBytes * 1000 / max(1, index.rawVectorBytes))
    } setup: {
        try Fixture.build(entries: 100_000, blasThreads: 1)
    }
    Benchmark(
        "Index memory, 100,000 entries after 4,000 removals (tombstones kept)", configuration: memory
    ) { (benchmark: Benchmark, fixture: Fixture) in
        let index = fixture.index
        benchmark.measurement(ratio, index.allocatedBytes * 1000 / max(1, index.rawVectorBytes))
    } setup: {
        let fixture = try Fixture.build(entries: 100_000, blasThreads: 1)
        fixture.index.remove((0..<4_000).map { (scope: scope, id: Int64($0 * 25)) })
        return fixture
    }
}
