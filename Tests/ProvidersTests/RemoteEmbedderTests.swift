import Embeddings
import Foundation
import LLMCacheTesting
import LLMCore
import Providers
import Testing

@Suite("Remote embeddings")
struct RemoteEmbedderTests {
    @Test("batches, keeps order, returns unit vectors equal to the simulator's lexical ones")
    func batches() async throws {
        try await withSimulator { simulator, base in
            let embedder = RemoteEmbedder(
                configuration: .init(
                    baseURL: base + "/v1", apiKey: APIKey("sk-embed"), model: "text-embedding-3-small", dimension: 64,
                    requestDimensions: true, batchSize: 2))
            let texts = ["one", "two words", "three little words", "four", "five"]
            let vectors = try await embedder.embed(texts)
            #expect(vectors.count == 5)
            #expect(simulator.requests(on: ProviderSimulator.Route.embeddings) == 3)
            let reference = LexicalEmbedder(dimension: 64)
            for (text, vector) in zip(texts, vectors) {
                let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                #expect(abs(norm - 1) < 1e-4)
                let expected = reference.vector(for: text)
                #expect(zip(vector, expected).allSatisfy { abs($0 - $1) < 1e-5 })
            }
        }
    }

    @Test("a slow server hits the time limit")
    func timeLimit() async throws {
        try await withSimulator { simulator, base in
            simulator.injectFaults([.slowFirstByte(.seconds(2))])
            let embedder = RemoteEmbedder(
                configuration: .init(
                    baseURL: base + "/v1", apiKey: nil, model: "m", dimension: 256, timeLimit: .milliseconds(300)))
            do {
                _ = try await embedder.embed(["slow"])
                Issue.record("no time limit")
            } catch let error as ProviderError {
                #expect(error.kind == .timeout)
            }
        }
    }
}
