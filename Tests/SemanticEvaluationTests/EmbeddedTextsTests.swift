import Embeddings
import LLMCore
import SemanticEvaluation
import Testing

@Suite("Embedding a dataset's texts")
struct EmbeddedTextsTests {
    @Test("batches are grouped by length and run concurrently, yet vectors come back in text order")
    func orderKept() async throws {
        let texts = [
            "a much longer text than the others", "b", "medium text", "cc", "the longest text of them all, by far",
        ]
        let table = Dictionary(
            uniqueKeysWithValues: texts.enumerated().map { ($1, [Float(1), Float($0), 0]) })
        let embedded = try await EmbeddedTexts.embed(
            texts, with: TableEmbedder(table: table), batchSize: 2, concurrency: 3)
        #expect(embedded.vectors.map { $0[1] } == [0, 1, 2, 3, 4])
        #expect(embedded.batchTimes.count == 3)
        #expect(embedded.batchSize == 2)
        #expect(embedded.model == "table" && embedded.dimension == 3)
    }

    @Test("an embedder that returns too few vectors is an error")
    func wrongCount() async throws {
        struct ShortEmbedder: Embedder {
            var modelIdentifier: String { "short" }
            var dimension: Int { 3 }
            func embed(_ texts: [String]) async throws -> [[Float]] { [[1, 0, 0]] }
        }
        await #expect(throws: EmbeddingError.self) {
            try await EmbeddedTexts.embed(["a", "b"], with: ShortEmbedder())
        }
    }
}
