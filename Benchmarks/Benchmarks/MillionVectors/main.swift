import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation

// One scope of a million vectors: the exact scans (int8 rescored, float32) against the inverted-file
// partition, on synthetic unit vectors and on vectors derived from the QQP dataset's MiniLM embeddings.
// Prints build time, memory per vector, lookup p50 and recall@1 against exact search, and the memory
// bandwidth floor of each scan, all measured in this run.
//
// From Benchmarks/: swift run -c release MillionVectors [--entries N] [--queries N]
//     [--qqp PATH] [--vectors-cache FILE] [--model-directory DIR]
// Without --qqp only the synthetic set runs. The QQP texts are embedded once with MiniLM and kept in the
// vectors cache (the same file `cachectl bench hitrate --vectors-cache` writes).

struct Options {
    var entries = 1_000_000
    var queries = 1000
    var qqp: String?
    var vectorsCache = FileManager.default.temporaryDirectory.appendingPathComponent("qqp-dev.vectors").path
    var modelDirectory: String?

    init(_ arguments: [String]) {
        var rest = arguments.makeIterator()
        while let flag = rest.next() {
            let value = rest.next()
            switch flag {
            case "--entries": entries = value.flatMap(Int.init) ?? entries
            case "--queries": queries = value.flatMap(Int.init) ?? queries
            case "--qqp": qqp = value
            case "--vectors-cache": vectorsCache = value ?? vectorsCache
            case "--model-directory": modelDirectory = value
            default: FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
            }
        }
    }
}

/// Prints a line at once (standard output to a file is otherwise buffered until exit).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let dimension = 384
let scope = "million"
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// Deterministic normally distributed numbers: SplitMix64 and the Box–Muller transform.
struct GaussianSource {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func gaussian() -> Float {
        let u1 = (Double(random.next() >> 11) + 0.5) / Double(1 << 53)
        let u2 = (Double(random.next() >> 11) + 0.5) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    mutating func unitVector() -> [Float] { normalised((0..<dimension).map { _ in gaussian() }) }

    /// `base` moved by a random direction of length `spread` (cosine to `base` about 1/√(1 + spread²)).
    mutating func near(_ base: [Float], spread: Float) -> [Float] {
        let direction = unitVector()
        return normalised(zip(base, direction).map { $0 + spread * $1 })
    }
}

func normalised(_ vector: [Float]) -> [Float] {
    let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return length > 0 ? vector.map { $0 / length } : vector
}

/// Single-thread read bandwidth: the median of five sums over a 512 MB buffer, in bytes per second.
func readBandwidth() -> Double {
    let words = 64 << 20
    let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
    defer { buffer.deallocate() }
    for index in 0..<words { buffer[index] = UInt64(truncatingIfNeeded: index) }
    var rates: [Double] = []
    var total: UInt64 = 0
    for _ in 0..<5 {
        let began = clock.now
        var sums = SIMD8<UInt64>()
        let raw = UnsafeRawPointer(buffer)
        for offset in stride(from: 0, to: words * 8, by: 64) {
            sums &+= raw.load(fromByteOffset: offset, as: SIMD8<UInt64>.self)
        }
        total &+= sums.wrappedSum()
        rates.append(Double(words * 8) / seconds(clock.now - began))
    }
    if total == 42 { say("") }
    return median(rates)
}

struct Figures {
    var name: String
    var buildSeconds: Double?
    var bytesPerVector: Double
    var p50Milliseconds: Double
    var recall: Double?
    var floorMilliseconds: Double?
}

/// Lookup p50 (top-1, no threshold) over `queries`, and the neighbours found.
func measure(_ index: SemanticIndex, _ queries: [[Float]]) throws -> (p50: Double, found: [Int64?]) {
    var times: [Double] = []
    var found: [Int64?] = []
    for query in queries {
        let began = clock.now
        let match = try index.search(scope: scope, vector: query, k: 1, threshold: -1).first
        times.append(seconds(clock.now - began) * 1000)
        found.append(match?.id)
    }
    return (median(times), found)
}

func recall(_ found: [Int64?], _ exact: [Int64?], where include: [Bool]) -> Double {
    var same = 0
    var counted = 0
    for position in found.indices where include[position] {
        counted += 1
        if found[position] == exact[position] { same += 1 }
    }
    return counted == 0 ? 1 : Double(same) / Double(counted)
}

/// Runs the three ways over one set of vectors.
func run(name: String, vectors: (Int) -> [Float], count: Int, queries: [[Float]], bandwidth: Double) throws {
    say("\n## \(name): \(count.formatted()) vectors × \(dimension), \(queries.count) queries")
    let int8 = SemanticIndex(dimension: dimension, scan: .int8, approximateSearch: .off)
    let float32 = SemanticIndex(dimension: dimension, scan: .float32, approximateSearch: .off)
    let began = clock.now
    for id in 0..<count {
        let vector = vectors(id)
        try int8.insert(scope: scope, id: Int64(id), vector: vector)
        try float32.insert(scope: scope, id: Int64(id), vector: vector)
    }
    say("inserted both indexes in \(String(format: "%.1f", seconds(clock.now - began))) s")
    let exactQueries = Array(queries.prefix(200))
    let float32Run = try measure(float32, exactQueries)
    let int8Run = try measure(int8, exactQueries)
    let exact = try measure(int8, queries).found
    let int8Bytes = Double(int8.allocatedBytes) / Double(count)
    let float32Bytes = Double(float32.allocatedBytes) / Double(count)

    let partitioned = SemanticIndex(dimension: dimension, scan: .int8)
    for id in 0..<count { try partitioned.insert(scope: scope, id: Int64(id), vector: vectors(id)) }
    awaitBackgroundBuilds(partitioned)
    let buildBegan = clock.now
    partitioned.partition(scope: scope)
    let build = seconds(clock.now - buildBegan)
    let lists = partitioned.partitionLists(scope: scope) ?? 0
    let partitionedRun = try measure(partitioned, queries)
    let similarities = try queries.map { try int8.search(scope: scope, vector: $0, k: 1, threshold: -1).first }
    let all = Array(repeating: true, count: queries.count)
    let close = similarities.map { ($0?.similarity ?? -1) >= 0.85 }

    let figures = [
        Figures(
            name: "float32 scan", bytesPerVector: float32Bytes, p50Milliseconds: float32Run.p50, recall: 1,
            floorMilliseconds: Double(count * dimension * 4) / bandwidth * 1000),
        Figures(
            name: "int8 scan, exact rescoring", bytesPerVector: int8Bytes, p50Milliseconds: int8Run.p50,
            recall: recall(int8Run.found, Array(exact.prefix(exactQueries.count)), where: Array(all.prefix(200))),
            floorMilliseconds: Double(count * (dimension + 4)) / bandwidth * 1000),
        Figures(
            name: "partitioned (\(lists) lists, \(partitioned.approximateSearch.probes(of: lists)) probed)",
            buildSeconds: build, bytesPerVector: Double(partitioned.allocatedBytes) / Double(count),
            p50Milliseconds: partitionedRun.p50, recall: recall(partitionedRun.found, exact, where: all),
            // The centroids, and the probed share of the rows' codes and scales (lists are about equal).
            floorMilliseconds: (Double(lists * dimension * 4) + Double(count) * Double(dimension + 4)
                * Double(partitioned.approximateSearch.probes(of: lists)) / Double(max(lists, 1))) / bandwidth * 1000),
    ]
    say("| index | build | bytes per vector | lookup p50 | floor (bytes ÷ bandwidth) | p50 ÷ floor | recall@1 |")
    say("|---|---|---|---|---|---|---|")
    for figure in figures {
        let floor = figure.floorMilliseconds.map { String(format: "%.2f ms", $0) } ?? "-"
        let ratio = figure.floorMilliseconds.map { String(format: "%.2f", figure.p50Milliseconds / $0) } ?? "-"
        say(
            "| \(figure.name) | \(figure.buildSeconds.map { String(format: "%.1f s", $0) } ?? "-") | "
                + "\(Int(figure.bytesPerVector.rounded())) | \(String(format: "%.3f ms", figure.p50Milliseconds)) | "
                + "\(floor) | \(ratio) | \(figure.recall.map { String(format: "%.4f", $0) } ?? "-") |")
    }
    say(
        "int8 ÷ float32 p50: \(String(format: "%.3f", int8Run.p50 / float32Run.p50)); partitioned ÷ int8 p50: "
            + String(format: "%.3f", partitionedRun.p50 / int8Run.p50))
    say(
        "recall@1 of the partition where the exact neighbour is at cosine ≥ 0.85 (\(close.filter { $0 }.count) "
            + "queries): \(String(format: "%.4f", recall(partitionedRun.found, exact, where: close)))")
}

/// The partition is built explicitly below; the automatic build must not race it.
func awaitBackgroundBuilds(_ index: SemanticIndex) {
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        await index.partitionsBuilt()
        done.signal()
    }
    done.wait()
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
BLASThreading.setThreadCount(1)
let bandwidth = readBandwidth()
say("single-thread read bandwidth: \(String(format: "%.1f", bandwidth / 1e9)) GB/s")

// Synthetic: random unit vectors; queries are stored vectors moved to cosine ≈ 0.9 (a paraphrase).
var source = GaussianSource(seed: 2026)
var synthetic: [[Float]] = []
synthetic.reserveCapacity(options.entries)
for _ in 0..<options.entries { synthetic.append(source.unitVector()) }
let syntheticQueries = (0..<options.queries).map { number in
    source.near(synthetic[(number &* 7919) % synthetic.count], spread: 0.48)
}
try run(
    name: "synthetic", vectors: { synthetic[$0] }, count: synthetic.count, queries: syntheticQueries,
    bandwidth: bandwidth)
synthetic = []

if let path = options.qqp {
    let data = try PairDataset.load(path: path, onBadLine: .skip)
    let classes = DuplicateClasses(pairs: data.pairs)
    let embedder = try MiniLMEmbedder(
        modelDirectory: options.modelDirectory,
        options: .init(blasThreadCount: nil))
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var embedded: [[Float]] = []
    Task.detached {
        embedded =
            (try? await EmbeddedTexts.vectors(
                of: classes.texts, with: embedder, cache: VectorCacheFile(path: options.vectorsCache), concurrency: 2
            ) { _ in }) ?? []
        done.signal()
    }
    done.wait()
    guard !embedded.isEmpty else { fatalError("could not embed the QQP texts") }
    // The entries: QQP's text_a vectors, then vectors derived from them (each moved along the difference of
    // two other real vectors, which keeps the data's own shape), up to the entry count. The queries: the
    // text_b vectors of duplicate pairs, whose text_a is stored.
    var bases: [Int] = []
    var stored = Set<Int>()
    for pair in data.pairs {
        if let a = classes.number(of: pair.textA), stored.insert(a).inserted { bases.append(a) }
    }
    var random = SplitMix64(seed: 17)
    var derived: [[Float]] = bases.map { embedded[$0] }
    derived.reserveCapacity(options.entries)
    while derived.count < options.entries {
        let base = embedded[bases[Int(random.next() % UInt64(bases.count))]]
        let one = embedded[Int(random.next() % UInt64(embedded.count))]
        let two = embedded[Int(random.next() % UInt64(embedded.count))]
        derived.append(normalised((0..<dimension).map { base[$0] + 0.7 * (one[$0] - two[$0]) }))
    }
    let queries = data.pairs.filter(\.isDuplicate).compactMap { pair in
        classes.number(of: pair.textB).map { embedded[$0] }
    }.prefix(options.queries)
    try run(
        name: "QQP-derived", vectors: { derived[$0] }, count: derived.count, queries: Array(queries),
        bandwidth: bandwidth)
}
