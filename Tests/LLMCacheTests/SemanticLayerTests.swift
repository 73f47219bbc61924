import CacheStorage
import Embeddings
import Foundation
import LLMCache
import LLMCore
import SemanticCache
import Testing

/// An embedder that always fails.
struct FailingEmbedder: Embedder {
    struct Down: Error {}
    var modelIdentifier: String { "failing" }
    var dimension: Int { 8 }
    func embed(_ texts: [String]) async throws -> [[Float]] { throw Down() }
}

@Suite("Semantic layer through CachedClient")
struct SemanticLayerTests {
    @Test("a rephrased question in the same context is a semantic hit with similarity and matched prompt")
    func paraphraseHits() async throws {
        let harness = try await Harness(semanticOver: LexicalEmbedder(dimension: 384))
        defer { harness.cleanUp() }
        let first = try await harness.client.send(question("How do I reset my password?"))
        #expect(first.cache.outcome == .miss)
        let second = try await harness.client.send(question("how can I reset my password"))
        #expect(second.cache.outcome == .hit)
        #expect(second.cache.layer == .semantic)
        #expect(second.cache.matchedPrompt == "How do I reset my password?")
        #expect((second.cache.similarity ?? 0) >= 0.8)
        #expect(second.cache.servedKey == first.cache.key)
        #expect(second.response == first.response)
        #expect(harness.upstream.calls == 1)
        let stats = try await harness.store.statistics()
        #expect(stats.layers[CacheLayer.semantic.rawValue]?.hits == 1)
        #expect(stats.layers[CacheLayer.semantic.rawValue]?.meanSimilarity ?? 0 >= 0.8)
        #expect(stats.semanticEntries == 1)
    }

    @Test("the same question under another system prompt, model, namespace or history does not hit")
    func contextIsolation() async throws {
        let harness = try await Harness(semanticOver: LexicalEmbedder(dimension: 384))
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("How do I reset my password?"))
        var otherSystem = question("how do I reset my password")
        otherSystem.system = [TextBlock("Answer in French.")]
        var otherHistory = question("how do I reset my password")
        otherHistory.messages.insert(contentsOf: [.user("I use the mobile app."), .assistant("Noted.")], at: 0)
        let outcomes = [
            try await harness.client.send(otherSystem),
            try await harness.client.send(question("how do I reset my password", model: "claude-sonnet-4-5")),
            try await harness.client.send(question("how do I reset my password"), cache: CacheControls(namespace: "b")),
            try await harness.client.send(otherHistory),
        ].map(\.cache.outcome)
        #expect(outcomes == [.miss, .miss, .miss, .miss])
        #expect(harness.upstream.calls == 5)
    }

    @Test("a per-request threshold overrides the configured one; out of range is an error")
    func perRequestThreshold() async throws {
        let harness = try await Harness(semanticOver: LexicalEmbedder(dimension: 384), threshold: 0.5)
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("How do I reset my password?"))
        let strict = try await harness.client.send(
            question("how can I reset my password"), cache: CacheControls(similarityThreshold: 0.95))
        #expect(strict.cache.outcome == .miss)
        let loose = try await harness.client.send(question("how can I reset my password"))
        #expect(loose.cache.layer == .exact, "the strict miss was stored under its own key")
        await #expect(throws: CacheControlsError.thresholdOutOfRange(1.5)) {
            try await harness.client.send(question("x"), cache: CacheControls(similarityThreshold: 1.5))
        }
    }

    @Test("a failing embedder never fails the call: it goes upstream and the failure is counted")
    func failOpen() async throws {
        let harness = try await Harness(semanticOver: FailingEmbedder())
        defer { harness.cleanUp() }
        let answer = try await harness.client.send(question("anything"))
        #expect(answer.cache.outcome == .miss)
        #expect(try await harness.client.send(question("anything")).cache.layer == .exact, "exact layer still works")
        #expect(try await harness.store.statistics().layers[CacheLayer.semantic.rawValue]?.failures == 1)
    }

    @Test("reporting a wrong semantic hit removes the entry from both layers")
    func reportWrongHit() async throws {
        let harness = try await Harness(semanticOver: LexicalEmbedder(dimension: 384))
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("How do I reset my password?"))
        let wrong = try await harness.client.send(question("how do I reset my password"))
        #expect(wrong.cache.layer == .semantic)
        #expect(try await harness.client.reportWrongHit(wrong))
        #expect(try await harness.client.send(question("how do I reset my password")).cache.outcome == .miss)
        #expect(try await harness.client.send(question("How do I reset my password?")).cache.layer != .exact)
    }

    @Test("a wrong streamed hit is reported by its metadata")
    func reportWrongStreamedHit() async throws {
        let harness = try await Harness(semanticOver: LexicalEmbedder(dimension: 384))
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("How do I reset my password?"))
        let stream = try await harness.client.stream(question("how do I reset my password"))
        for try await _ in stream {}
        #expect(stream.cache.layer == .semantic)
        #expect(try await harness.client.reportWrongHit(stream.cache))
        #expect(try await harness.client.send(question("how do I reset my password")).cache.outcome == .miss)
        let miss = try await harness.client.send(question("something else entirely"))
        #expect(try await harness.client.reportWrongHit(miss.cache) == false, "a miss removes nothing")
    }

    @Test("temperature above 0 skips both layers by default")
    func nonDeterministic() async throws {
        let harness = try await Harness(semanticOver: LexicalEmbedder(dimension: 384))
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("How do I reset my password?", temperature: 0.7))
        let again = try await harness.client.send(question("How do I reset my password?", temperature: 0.7))
        #expect(again.cache.outcome == .bypass)
        #expect(try await harness.store.statistics().semanticEntries == 0)
    }
}
