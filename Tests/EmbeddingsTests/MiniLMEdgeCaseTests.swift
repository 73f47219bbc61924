import Testing

@testable import Embeddings

@Suite(
    "all-MiniLM-L6-v2 on unusual input",
    .enabled(if: TestSupport.runModelTests, "model files absent; run bash scripts/fetch-model.sh")
)
struct MiniLMEdgeCaseTests {
    @Test("empty and whitespace-only texts give the same finite unit vector")
    func emptyAndWhitespace() async throws {
        let embedder = try TestSupport.loadedEmbedder()
        let vectors = try await embedder.embed(["", "   \t\n  \u{3000}"])
        #expect(embedder.tokenIDs(for: "   \t\n  \u{3000}") == [101, 102])
        for vector in vectors {
            #expect(vector.count == 384)
            #expect(vector.allSatisfy { $0.isFinite })
            #expect(abs(TestSupport.norm(vector) - 1) < 1e-5)
        }
        #expect(TestSupport.maximumDifference(vectors[0], vectors[1]) < 1e-6)
    }

    @Test("a 10,000-character input is truncated, not a crash")
    func longInput() async throws {
        let embedder = try TestSupport.loadedEmbedder()
        let prose = String(repeating: "semantic caches save money. ", count: 400).prefix(10_000)
        #expect(prose.count == 10_000)
        let texts = [String(prose), String(repeating: "y", count: 10_000), "short"]
        let vectors = try await embedder.embed(texts)
        #expect(vectors.count == 3)
        for vector in vectors {
            #expect(vector.allSatisfy { $0.isFinite })
            #expect(abs(TestSupport.norm(vector) - 1) < 1e-5)
        }
        // Text past the 256th id does not change the vector.
        let longer = try await embedder.embed(String(prose) + " completely different ending")
        #expect(TestSupport.maximumDifference(longer, vectors[0]) < 1e-6)
    }

    @Test("no texts give no vectors")
    func emptyBatch() async throws {
        let embedder = try TestSupport.loadedEmbedder()
        let vectors = try await embedder.embed([])
        #expect(vectors.isEmpty)
    }

    @Test("many tasks at once get the same vectors as one")
    func concurrentCalls() async throws {
        let embedder = try TestSupport.loadedEmbedder()
        let texts = ["How do I learn Python?", "What is a semantic cache?", "Café au lait", "東京"]
        let expected = try await embedder.embed(texts)
        let results = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for round in 0..<8 {
                group.addTask {
                    let index = round % texts.count
                    return (index, try await embedder.embed(texts[index]))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        for (index, vector) in results {
            #expect(TestSupport.maximumDifference(vector, expected[index]) < 1e-5)
        }
    }
}
