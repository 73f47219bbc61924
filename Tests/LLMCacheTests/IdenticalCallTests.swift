import Embeddings
import Foundation
import LLMCache
import LLMCore
import Testing

/// Holds the first embedding until released; later ones pass at once.
private actor FirstCallGate {
    private(set) var calls = 0
    private var released = false
    private var waiting: CheckedContinuation<Void, Never>?

    func pass() async {
        calls += 1
        guard calls == 1, !released else { return }
        await withCheckedContinuation { waiting = $0 }
    }

    func release() {
        released = true
        waiting?.resume()
        waiting = nil
    }
}

/// The lexical embedder behind a ``FirstCallGate``.
private struct GatedEmbedder: Embedder {
    let base = LexicalEmbedder(dimension: 384)
    let gate: FirstCallGate
    var modelIdentifier: String { base.modelIdentifier }
    var dimension: Int { base.dimension }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        await gate.pass()
        return try await base.embed(texts)
    }
}

@Suite("Identical calls at the same time")
struct IdenticalCallTests {
    @Test("a call whose twin stored the answer during its lookup is answered by the twin, not by similarity")
    func twinStoredDuringLookup() async throws {
        let gate = FirstCallGate()
        let harness = try await Harness(
            semanticOver: GatedEmbedder(gate: gate), embeddingTimeout: .seconds(60))
        defer { harness.cleanUp() }
        let request = question("How do I reset my password?")
        // The first call misses the exact cache, then waits in its embedding…
        let first = Task { try await harness.client.send(request) }
        while await gate.calls < 1 { try await Task.sleep(for: .milliseconds(5)) }
        // …while its twin is answered by the provider and stored.
        let twin = try await harness.client.send(request)
        #expect(twin.cache.outcome == .miss)
        await gate.release()
        let answer = try await first.value
        #expect(answer.cache.outcome == .hit)
        #expect(answer.cache.layer == .exact)
        #expect(answer.cache.coalesced)
        #expect(answer.cache.similarity == nil)
        #expect(answer.cache.servedKey == twin.cache.key)
        #expect(answer.response == twin.response)
        #expect(harness.upstream.calls == 1)
        let layers = try await harness.store.statistics().layers
        #expect(layers[CacheLayer.semantic.rawValue]?.hits ?? 0 == 0)
        #expect(layers[CacheLayer.singleFlight.rawValue]?.hits == 1)
    }
}
