import LLMCacheTesting
import SemanticCache
import Testing

/// Vectors in tight clusters, as embeddings of paraphrases are: the case where an int8 scan's error is
/// largest next to the gaps between neighbours.
struct ClusteredVectors {
    var random: SplitMix64
    let dimension: Int
    let centres: [[Float]]

    init(dimension: Int, clusters: Int, seed: UInt64) {
        random = SplitMix64(seed: seed)
        self.dimension = dimension
        var centres: [[Float]] = []
        for _ in 0..<clusters { centres.append(randomUnitVector(dimension, &random)) }
        self.centres = centres
    }

    /// A unit vector near `base`: `spread` scales the noise added to it.
    mutating func near(_ base: [Float], spread: Float) -> [Float] {
        let noise = randomUnitVector(dimension, &random)
        let raw = zip(base, noise).map { $0 + spread * $1 }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    mutating func member() -> [Float] {
        let centre = centres[Int(random.next() % UInt64(centres.count))]
        return near(centre, spread: 0.6)
    }
}

/// The exact top `k` at or above `threshold`, by float32 dot products.
func bruteForce(_ stored: [(id: Int64, vector: [Float])], _ query: [Float], k: Int, threshold: Float) -> [(
    Int64, Float
)] {
    Array(
        stored.map { ($0.id, dot($0.vector, query)) }.filter { $0.1 >= threshold }.sorted { $0.1 > $1.1 }.prefix(k))
}

@Suite("Similarity index: the int8 scan with exact rescoring")
struct QuantizedSearchTests {
    @Test(
        "one lookup gives the float32 search's neighbours and similarities, on clustered data with near-duplicates",
        arguments: [(1, Float(-1)), (3, Float(0.5)), (3, Float(0.9)), (5, Float(0.97))])
    func sameAsFloat32(k: Int, threshold: Float) throws {
        var data = ClusteredVectors(dimension: 384, clusters: 40, seed: 11)
        let index = SemanticIndex(dimension: 384)
        var stored: [(id: Int64, vector: [Float])] = []
        for id in 1...1500 {
            // Every tenth entry is a near-duplicate of an earlier one: neighbours a hair apart.
            let vector =
                id % 10 == 0 && !stored.isEmpty
                ? data.near(stored[Int(data.random.next() % UInt64(stored.count))].vector, spread: 0.05)
                : data.member()
            stored.append((Int64(id), vector))
            try index.insert(scope: "s", id: Int64(id), vector: vector)
        }
        var compared = 0
        for number in 0..<60 {
            let query =
                number % 2 == 0
                ? data.near(stored[Int(data.random.next() % UInt64(stored.count))].vector, spread: 0.1)
                : data.member()
            let expected = bruteForce(stored, query, k: k, threshold: threshold)
            let found = try index.search(scope: "s", vector: query, k: k, threshold: threshold)
            #expect(found.count == expected.count)
            for (match, reference) in zip(found, expected) {
                #expect(abs(match.similarity - reference.1) < 1e-5)
                // Two entries within rounding of each other may come in either order.
                if abs(match.similarity - reference.1) < 1e-6 { continue }
                #expect(match.id == reference.0)
            }
            compared += expected.count
        }
        #expect(compared > 0)
    }

    @Test("removed rows and compaction leave the int8 copy in step with the float32 rows")
    func removalsKeepCopiesInStep() throws {
        var data = ClusteredVectors(dimension: 128, clusters: 10, seed: 5)
        let index = SemanticIndex(dimension: 128)
        var stored: [(id: Int64, vector: [Float])] = []
        for id in 1...2000 {
            let vector = data.member()
            stored.append((Int64(id), vector))
            try index.insert(scope: "s", id: Int64(id), vector: vector)
        }
        // Past 5 % tombstones: the matrices are compacted.
        let removed = Set((1...2000).filter { $0 % 7 == 0 }.map(Int64.init))
        index.remove(removed.map { ("s", $0) })
        let gone = stored.filter { removed.contains($0.id) }
        stored.removeAll { removed.contains($0.id) }
        for entry in stored.prefix(200) {
            let found = try index.search(scope: "s", vector: entry.vector, k: 2, threshold: -1)
            #expect(found.first?.id == entry.id)
            let expected = bruteForce(stored, entry.vector, k: 2, threshold: -1)
            #expect(abs((found.last?.similarity ?? 0) - (expected.last?.1 ?? 1)) < 1e-5)
        }
        for entry in gone.prefix(50) {
            let found = try index.search(scope: "s", vector: entry.vector, k: 5, threshold: -1)
            #expect(found.count == 5)
            #expect(found.allSatisfy { !removed.contains($0.id) })
        }
    }
}
