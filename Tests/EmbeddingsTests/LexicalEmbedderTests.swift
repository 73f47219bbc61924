import Testing

@testable import Embeddings

@Suite("lexical fallback embedder")
struct LexicalEmbedderTests {
    @Test("FNV-1a matches the published 64-bit test vectors")
    func fnvTestVectors() {
        #expect(FNV1a.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
        var scalarWise = FNV1a()
        for scalar in "héllo 東京 🍕".unicodeScalars {
            scalarWise.combine(scalar)
        }
        #expect(scalarWise.value == FNV1a.hash(Array("héllo 東京 🍕".utf8)))
    }

    @Test("the same text gives the same vector, from fresh embedders too")
    func determinism() async throws {
        let text = "How do I learn Python programming quickly?"
        let first = try await LexicalEmbedder().embed(text)
        let second = try await LexicalEmbedder().embed(text)
        #expect(first == second)
        // A fixed bucket and sign, independent of the process: guards against a seeded hash.
        let word = LexicalEmbedder(dimension: 512).vector(for: "a")
        let nonZero = word.enumerated().filter { $0.element != 0 }.map(\.offset)
        #expect(
            nonZero
                == LexicalEmbedder(dimension: 512).vector(for: "A").enumerated().filter { $0.element != 0 }.map(
                    \.offset))
        #expect(nonZero.count >= 2 && nonZero.count <= 4)
    }

    @Test(
        "every vector has unit length, including texts without words",
        arguments: [
            "", "   ", "?!", "a", "The weather is lovely today.", "東京は日本の首都です。", "Crème brûlée, déjà vu",
        ])
    func normalised(text: String) async throws {
        for dimension in [384, 512] {
            let embedder = LexicalEmbedder(dimension: dimension)
            let vector = try await embedder.embed(text)
            #expect(vector.count == dimension)
            #expect(abs(TestSupport.norm(vector) - 1) < 1e-5)
        }
    }

    @Test("shared words score higher than unrelated text; case and punctuation do not matter")
    func ranking() async throws {
        let embedder = LexicalEmbedder()
        let vectors = try await embedder.embed([
            "How do I learn Python quickly?", "how do i learn python quickly",
            "What is the fastest way to learn Python?",
            "The weather is lovely today.",
        ])
        #expect(VectorMath.cosineSimilarity(vectors[0], vectors[1]) > 0.9999)
        #expect(
            VectorMath.cosineSimilarity(vectors[0], vectors[2]) > VectorMath.cosineSimilarity(vectors[0], vectors[3]))
        #expect(embedder.modelIdentifier == "lexical-fnv1a-words-trigrams-512")
    }
}
