import Testing

@testable import Embeddings

@Suite(
    "all-MiniLM-L6-v2 against the reference",
    .enabled(
        if: TestSupport.runReferenceTests,
        "model files or ../shared/reference/minilm_reference.json absent; run bash scripts/fetch-model.sh")
)
struct MiniLMReferenceTests {
    @Test("every component within 1e-4 and cosine ≥ 0.99999 for all 25 items")
    func referenceVectors() async throws {
        let reference = try TestSupport.loadedReference()
        let embedder = try TestSupport.loadedEmbedder()
        #expect(embedder.dimension == reference.dimension)
        try await checkAgainstReference(reference, try await embedder.embed(reference.items.map(\.text)))
    }

    @Test("the same holds with all 25 items in one batch padded to 256 tokens")
    func referenceVectorsInOnePaddedBatch() async throws {
        let reference = try TestSupport.loadedReference()
        let embedder = try TestSupport.loadedEmbedder()
        let sequences = reference.items.map { embedder.tokenIDs(for: $0.text) }
        #expect(sequences.map(\.count).max() == 256)
        try await checkAgainstReference(reference, embedder.encoder.sentenceEmbeddings(for: sequences))
    }

    private func checkAgainstReference(_ reference: MiniLMReference, _ vectors: [[Float]]) async throws {
        #expect(vectors.count == reference.items.count)
        for (item, vector) in zip(reference.items, vectors) {
            #expect(vector.count == 384, "\(item.kind)")
            let difference = TestSupport.maximumDifference(vector, item.embedding)
            let cosine = VectorMath.cosineSimilarity(vector, item.embedding)
            #expect(
                difference <= 1e-4, "\(item.kind) \(item.text.prefix(40).debugDescription): max |diff| \(difference)")
            #expect(cosine >= 0.99999, "\(item.kind) \(item.text.prefix(40).debugDescription): cosine \(cosine)")
            #expect(abs(TestSupport.norm(vector) - 1) < 1e-5)
        }
    }

    @Test("the three quickstart similarities within 1e-3 of the published values")
    func quickstartSimilarities() async throws {
        let reference = try TestSupport.loadedReference()
        let embedder = try TestSupport.loadedEmbedder()
        let similarities = reference.quickstartSimilarities
        let vectors = try await embedder.embed(similarities.texts)
        #expect(similarities.published.count == 3)
        for (pair, published) in similarities.published {
            let indices = pair.split(separator: "-").compactMap { Int($0) }
            try #require(indices.count == 2 && indices.allSatisfy { $0 < vectors.count }, "pair \(pair)")
            let cosine = Double(VectorMath.cosineSimilarity(vectors[indices[0]], vectors[indices[1]]))
            #expect(abs(cosine - published) <= 1e-3, "pair \(pair): \(cosine) vs published \(published)")
            if let computed = similarities.computed[pair] {
                #expect(abs(cosine - computed) <= 1e-4, "pair \(pair): \(cosine) vs computed \(computed)")
            }
        }
    }

    @Test("a batch gives the same vectors as one text at a time")
    func batchMatchesSingle() async throws {
        let reference = try TestSupport.loadedReference()
        let embedder = try TestSupport.loadedEmbedder()
        // Short and long texts together, so that the short ones are padded.
        let texts = reference.items.map(\.text).filter { $0.count < 400 }
        let batched = try await embedder.embed(texts)
        for (text, vector) in zip(texts, batched) {
            let single = try await embedder.embed(text)
            let difference = TestSupport.maximumDifference(single, vector)
            #expect(difference <= 1e-5, "\(text.prefix(40).debugDescription): \(difference)")
        }
    }
}
