import LLMCacheTesting
import SemanticCache
import Testing

@Suite("Similarity index: partitioned scopes")
struct PartitionedIndexTests {
    /// A scope of clustered vectors, partitioned on demand.
    func partitionedScope(entries: Int, probeFraction: Double = 1.0 / 16) throws -> (
        SemanticIndex, [(id: Int64, vector: [Float])], ClusteredVectors
    ) {
        var data = ClusteredVectors(dimension: 96, clusters: 60, seed: 21)
        let index = SemanticIndex(
            dimension: 96, approximateSearch: ApproximateSearch(probeFraction: probeFraction, minimumProbes: 4))
        var stored: [(id: Int64, vector: [Float])] = []
        for id in 1...entries {
            let vector = data.member()
            stored.append((Int64(id), vector))
            try index.insert(scope: "big", id: Int64(id), vector: vector)
        }
        #expect(index.partition(scope: "big"))
        return (index, stored, data)
    }

    @Test("a partitioned scope finds the exact nearest neighbour of a paraphrase-like query almost always")
    func recallOfNearQueries() throws {
        var (index, stored, data) = try partitionedScope(entries: 4000)
        let lists = try #require(index.partitionLists(scope: "big"))
        #expect(lists >= 50 && lists <= 80, "about √4000 lists")
        var same = 0
        let queries = 150
        for _ in 0..<queries {
            let target = stored[Int(data.random.next() % UInt64(stored.count))]
            let query = data.near(target.vector, spread: 0.15)
            let exact = bruteForce(stored, query, k: 1, threshold: -1)
            let found = try index.search(scope: "big", vector: query, k: 1, threshold: -1)
            if found.first?.id == exact.first?.0 { same += 1 }
            // A returned similarity is always the exact one.
            if let match = found.first, match.id >= 1, match.id <= stored.count {
                let entry = stored[Int(match.id) - 1]
                #expect(abs(match.similarity - dot(entry.vector, query)) < 1e-5)
            }
        }
        #expect(Double(same) / Double(queries) >= 0.97)
    }

    @Test("probing every list gives the exact search's answers")
    func allListsIsExact() throws {
        var (index, stored, data) = try partitionedScope(entries: 1500, probeFraction: 1)
        for _ in 0..<40 {
            let query = data.member()
            let exact = bruteForce(stored, query, k: 3, threshold: -1)
            let found = try index.search(scope: "big", vector: query, k: 3, threshold: -1)
            #expect(found.map(\.id) == exact.map(\.0))
        }
    }

    @Test("entries added, replaced and removed after partitioning are kept in step, through compaction")
    func changesAfterPartitioning() throws {
        var (index, stored, data) = try partitionedScope(entries: 3000)
        // New entries are listed as they arrive and found by their own vector.
        var added: [(id: Int64, vector: [Float])] = []
        for id in 5001...5200 {
            let vector = data.member()
            added.append((Int64(id), vector))
            try index.insert(scope: "big", id: Int64(id), vector: vector)
        }
        for entry in added { #expect(try index.search(scope: "big", vector: entry.vector, k: 1).first?.id == entry.id) }
        // A replaced vector is found under its new value, not its old.
        let replaced = stored[10]
        let replacement = data.member()
        try index.insert(scope: "big", id: replaced.id, vector: replacement)
        #expect(try index.search(scope: "big", vector: replacement, k: 1).first?.id == replaced.id)
        #expect(try index.search(scope: "big", vector: replaced.vector, k: 1).first?.similarity ?? 0 < 0.999)
        // Removing a tenth compacts the rows; the lists follow.
        let removed = Set(stored.map(\.id).filter { $0 % 10 == 3 })
        index.remove(removed.map { ("big", $0) })
        let kept = (stored + added).filter { !removed.contains($0.id) && $0.id != replaced.id }
        #expect(index.count(scope: "big") == kept.count + 1)
        for entry in kept.prefix(400) {
            #expect(try index.search(scope: "big", vector: entry.vector, k: 1).first?.id == entry.id)
        }
        for entry in stored.filter({ removed.contains($0.id) }).prefix(100) {
            let found = try index.search(scope: "big", vector: entry.vector, k: 3, threshold: -1)
            #expect(found.allSatisfy { !removed.contains($0.id) })
        }
    }

    @Test("a scope is partitioned in the background once it reaches the configured size, and not before")
    func automaticPartitioning() async throws {
        var data = ClusteredVectors(dimension: 64, clusters: 20, seed: 3)
        let index = SemanticIndex(dimension: 64, approximateSearch: ApproximateSearch(minimumEntries: 1500))
        for id in 1...1499 { try index.insert(scope: "grows", id: Int64(id), vector: data.member()) }
        try index.insert(scope: "small", id: 1, vector: data.member())
        await index.partitionsBuilt()
        #expect(index.partitionLists(scope: "grows") == nil)
        let last = data.member()
        try index.insert(scope: "grows", id: 1500, vector: last)
        await index.partitionsBuilt()
        #expect(index.partitionLists(scope: "grows") != nil)
        #expect(index.partitionLists(scope: "small") == nil)
        #expect(try index.search(scope: "grows", vector: last, k: 1).first?.id == 1500)
        // Off: never partitioned.
        let off = SemanticIndex(dimension: 64, approximateSearch: .off)
        for id in 1...1600 { try off.insert(scope: "grows", id: Int64(id), vector: data.member()) }
        await off.partitionsBuilt()
        #expect(off.partitionLists(scope: "grows") == nil)
    }

    @Test("a bulk load partitions each large scope once, trained on all it loaded, not along the way")
    func bulkLoadPartitionsOnce() async throws {
        var data = ClusteredVectors(dimension: 64, clusters: 20, seed: 8)
        let index = SemanticIndex(dimension: 64, approximateSearch: ApproximateSearch(minimumEntries: 500))
        let vectors = (1...3000).map { _ in data.member() }
        try await index.deferringPartitions {
            for (id, vector) in vectors.enumerated() {
                try index.insert(scope: "loaded", id: Int64(id), vector: vector)
            }
            #expect(index.partitionLists(scope: "loaded") == nil, "no partition while loading")
        }
        await index.partitionsBuilt()
        // √3000 ≈ 55 lists: trained on the whole scope (trained at 500 it would have √500 ≈ 22, then 45).
        #expect(index.partitionLists(scope: "loaded") == 55)
        #expect(try index.search(scope: "loaded", vector: vectors[7], k: 1).first?.id == 7)
    }
}
