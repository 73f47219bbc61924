import Foundation
import LLMCacheTesting
import SemanticCache
import Testing

func randomUnitVector(_ dimension: Int, _ random: inout SplitMix64) -> [Float] {
    let raw = (0..<dimension).map { _ in Float.random(in: -1...1, using: &random) }
    let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return raw.map { $0 / norm }
}

func dot(_ a: [Float], _ b: [Float]) -> Float {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            var sum: Float = 0
            for index in 0..<min(a.count, b.count) { sum += a[index] * b[index] }
            return sum
        }
    }
}

@Suite("Similarity index")
struct SemanticIndexTests {
    @Test("a similarity is a cosine: never past 1, even where rounding takes the dot product there")
    func similarityClamped() throws {
        let index = SemanticIndex(dimension: 384)
        var random = SplitMix64(seed: 7)
        var vectors: [[Float]] = []
        for id in 0..<200 {
            let vector = randomUnitVector(384, &random)
            vectors.append(vector)
            try index.insert(scope: "s", id: Int64(id), vector: vector)
        }
        for vector in vectors {
            let best = try #require(try index.search(scope: "s", vector: vector, k: 1).first)
            #expect(best.similarity <= 1)
            #expect(best.similarity > 0.999)
        }
    }

    @Test("top-k equals a brute-force reference on random data, for one query and for a batch")
    func topKMatchesBruteForce() throws {
        var random = SplitMix64(seed: 42)
        let dimension = 64
        let index = SemanticIndex(dimension: dimension)
        var stored: [(id: Int64, vector: [Float])] = []
        for id in 1...2000 {
            let vector = randomUnitVector(dimension, &random)
            try index.insert(scope: id % 3 == 0 ? "other" : "main", id: Int64(id), vector: vector)
            if id % 3 != 0 { stored.append((Int64(id), vector)) }
        }
        let queries = (0..<20).map { _ in randomUnitVector(dimension, &random) }
        let batch = try index.search(scope: "main", batch: queries, k: 5, threshold: -1)
        for (number, query) in queries.enumerated() {
            let expected = stored.map { ($0.id, dot($0.vector, query)) }.sorted { $0.1 > $1.1 }.prefix(5)
            let found = try index.search(scope: "main", vector: query, k: 5)
            #expect(found.map(\.id) == expected.map(\.0))
            for (match, reference) in zip(found, expected) { #expect(abs(match.similarity - reference.1) < 1e-4) }
            #expect(batch[number].map(\.id) == found.map(\.id))
        }
    }

    @Test("the threshold filters matches; an unknown scope has none")
    func thresholdAndEmptyScope() throws {
        let index = SemanticIndex(dimension: 3)
        try index.insert(scope: "s", id: 1, vector: [1, 0, 0])
        try index.insert(scope: "s", id: 2, vector: [0.8, 0.6, 0])
        #expect(try index.search(scope: "s", vector: [1, 0, 0], k: 5, threshold: 0.9).map(\.id) == [1])
        #expect(try index.search(scope: "s", vector: [1, 0, 0], k: 5, threshold: 0.5).map(\.id) == [1, 2])
        #expect(try index.search(scope: "none", vector: [1, 0, 0]).isEmpty)
        #expect(try index.search(scope: "none", batch: [[1, 0, 0], [0, 1, 0]]).map(\.count) == [0, 0])
    }

    @Test("removed entries are never found, before and after compaction, and replacing an id keeps one row")
    func removal() throws {
        var random = SplitMix64(seed: 7)
        let index = SemanticIndex(dimension: 16)
        var vectors: [Int64: [Float]] = [:]
        for id in 1...500 {
            vectors[Int64(id)] = randomUnitVector(16, &random)
            try index.insert(scope: "s", id: Int64(id), vector: vectors[Int64(id)] ?? [])
        }
        #expect(index.remove((1...400).filter { $0 % 2 == 0 }.map { ("s", Int64($0)) }) == 200)
        #expect(index.count == 300)
        for id in [2, 4, 398] {
            let found = try index.search(scope: "s", vector: vectors[Int64(id)] ?? [], k: 3)
            #expect(!found.map(\.id).contains(Int64(id)))
        }
        let kept = try index.search(scope: "s", vector: vectors[3] ?? [], k: 1)
        #expect(kept.first?.id == 3)
        try index.insert(scope: "s", id: 3, vector: vectors[5] ?? [])
        #expect(index.count == 300)
        #expect(try index.search(scope: "s", vector: vectors[5] ?? [], k: 2).map(\.id).sorted() == [3, 5])
    }

    @Test("the same vector inserted again under its id (a shared store's echo) changes nothing")
    func reinsertSame() throws {
        var random = SplitMix64(seed: 11)
        let index = SemanticIndex(dimension: 16)
        let vectors = (1...64).map { _ in randomUnitVector(16, &random) }
        for (offset, vector) in vectors.enumerated() {
            try index.insert(scope: "s", id: Int64(offset + 1), vector: vector)
        }
        let bytes = index.allocatedBytes
        for (offset, vector) in vectors.enumerated() {
            try index.insert(scope: "s", id: Int64(offset + 1), vector: vector)
        }
        #expect(index.count == 64)
        #expect(index.allocatedBytes == bytes, "no row was tombstoned and appended again")
        #expect(try index.search(scope: "s", vector: vectors[9], k: 1).first?.id == 10)
    }

    @Test("memory stays within 1.2 × the float32 rows and their int8 copy, also after removals")
    func memoryBound() throws {
        let index = SemanticIndex(dimension: 384)
        var vector = [Float](repeating: 0.05, count: 384)
        for id in 1...5_000 {
            vector[id % 384] += 1
            try index.insert(scope: "s", id: Int64(id), vector: vector)
            vector[id % 384] -= 1
        }
        _ = try index.search(scope: "s", vector: vector)
        // The int8 copy adds a quarter of the float32 bytes (and a scale per row).
        let bound = 1.2 * 1.25 * Double(index.rawVectorBytes)
        #expect(Double(index.allocatedBytes) <= bound)
        #expect(Double(index.allocatedBytes) > 1.25 * Double(index.rawVectorBytes), "both copies are counted")
        index.remove((1...1500).map { ("s", Int64($0)) })
        #expect(index.count == 3500)
        #expect(Double(index.allocatedBytes) <= 1.2 * 1.25 * Double(index.rawVectorBytes))
    }

    @Test("bad vectors are refused with a clear error")
    func badVectors() {
        let index = SemanticIndex(dimension: 3)
        #expect(throws: SemanticIndex.VectorError.dimension(expected: 3, got: 2)) {
            try index.insert(scope: "s", id: 1, vector: [1, 0])
        }
        #expect(throws: SemanticIndex.VectorError.notFinite) {
            try index.insert(scope: "s", id: 1, vector: [.nan, 0, 0])
        }
        #expect(throws: SemanticIndex.VectorError.zero) { try index.search(scope: "s", vector: [0, 0, 0]) }
        #expect(index.count == 0)
    }
}
