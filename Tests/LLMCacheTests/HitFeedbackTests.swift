import CacheStorage
import Embeddings
import Foundation
import LLMCache
import LLMCore
import SemanticCache
import Testing

@Suite("Semantic hits: guards, labels and verification through CachedClient")
struct HitFeedbackTests {
    static let embedder = LexicalEmbedder(dimension: 384)

    /// A calibration for the lexical embedder in which candidates at 0.6 and above are almost always right.
    static func calibration() -> SimilarityCalibration {
        var calibration = SimilarityCalibration.empty(
            model: embedder.modelIdentifier, source: "synthetic", guards: GuardKind.allCases)
        for index in calibration.bins.indices {
            let similarity = calibration.lowerEdge(of: index)
            calibration.bins[index] = .init(candidates: 100, wrong: similarity < 0.6 ? 60 : 0)
        }
        calibration.lookups = 100 * calibration.bins.count * 2
        return calibration
    }

    func observations(_ store: any CacheStorage) async throws -> [HitObservation] {
        try await store.observations(after: 0, limit: 100).map(\.observation)
    }

    @Test("a guard refuses a similar question with another number; the refusal is counted by guard")
    func guardRefuses() async throws {
        let harness = try await Harness(semanticOver: Self.embedder) { $0.policy = .guarded(threshold: 0.5) }
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("Convert 5 km to miles"))
        let other = try await harness.client.send(question("Convert 10 km to miles"))
        #expect(other.cache.outcome == .miss)
        let paraphrase = try await harness.client.send(question("convert 5 km to miles please"))
        #expect(paraphrase.cache.layer == .semantic)
        #expect(harness.upstream.calls == 2)
        let counters = try await harness.store.statistics().layers[CacheLayer.semantic.rawValue]
        #expect(counters?.other[CounterName.refusedPrefix + "number"] == 1)
    }

    @Test("confirmHit and reportWrongHit label a semantic hit; the labels persist and are learnt again on open")
    func labelsPersist() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-labels-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let harness = try await Harness(semanticOver: Self.embedder, directory: directory) {
                $0.policy = .guarded(threshold: 0.5)
            }
            _ = try await harness.client.send(question("How do I reset my password?"))
            let hit = try await harness.client.send(question("how can I reset my password"))
            #expect(hit.cache.layer == .semantic)
            #expect(hit.cache.scope != nil && hit.cache.servedEntryID != nil)
            #expect(try await harness.client.confirmHit(hit))
            #expect(try await harness.client.reportWrongHit(hit))
            let exact = try await harness.client.send(question("How do I reset my password?"))
            #expect(exact.cache.layer == .none, "the wrong entry was removed")
            let again = try await harness.client.send(question("How do I reset my password?"))
            #expect(try await !harness.client.confirmHit(again), "an exact hit has nothing to confirm")
            let labels = try await observations(harness.store)
            #expect(labels.map(\.correct) == [true, false])
            #expect(labels.map(\.source) == [.confirmed, .reportedWrong])
            let similarity = try #require(hit.cache.similarity)
            #expect(labels.allSatisfy { abs($0.similarity - similarity) < 1e-6 && $0.scope == hit.cache.scope })
            try await harness.store.close()
        }
        let reopened = try await Harness(semanticOver: Self.embedder, directory: directory) {
            $0.policy = .guarded(threshold: 0.5)
        }
        #expect(reopened.client.semantic?.decider.labelCount == 2)
        try await reopened.store.close()
    }

    @Test("an explored lookup goes upstream, the caller gets the fresh answer, and the judged label is kept")
    func exploration() async throws {
        let harness = try await Harness(semanticOver: Self.embedder) { semantic in
            semantic.policy = .bounded(maxWrongHitRate: 0.05)
            semantic.calibration = Self.calibration()
            semantic.bounded.explorationRate = 1
            semantic.bounded.band = 1
            semantic.judge = .normalizedText
        }
        defer { harness.cleanUp() }
        let first = try await harness.client.send(question("How do I reset my password?"))
        let explored = try await harness.client.send(question("how can I reset my password"))
        #expect(explored.cache.outcome == .miss)
        #expect(explored.response.text.hasSuffix("how can I reset my password"), "the fresh answer, not the stored one")
        #expect(harness.upstream.calls == 2)
        let labels = try await observations(harness.store)
        #expect(labels.count == 1)
        #expect(labels.first?.source == .verified)
        #expect(labels.first?.correct == false, "the two answers differ, so the stored one was judged wrong")
        let stored = try await harness.store.list(namespace: nil, model: nil, limit: 10)
        #expect(labels.first?.entryID == stored.first { $0.key == first.cache.key?.hex }?.id)
        let counters = try await harness.store.statistics().layers[CacheLayer.semantic.rawValue]
        #expect(counters?.other[CounterName.explored] == 1)
        #expect(counters?.other[CounterName.judgedWrong] == 1)
        let decider = try #require(harness.client.semantic?.decider)
        #expect(decider.entryRefuses(labels[0].entryID, similarity: labels[0].similarity))
    }

    @Test("a model judge asks the configured model through the client's upstream, tagged as a judge call")
    func modelJudge() async throws {
        let harness = try await Harness(semanticOver: Self.embedder) { semantic in
            semantic.policy = .bounded(maxWrongHitRate: 0.05)
            semantic.calibration = Self.calibration()
            semantic.bounded.explorationRate = 1
            semantic.bounded.band = 1
            semantic.judge = .model("judge-model")
        }
        defer { harness.cleanUp() }
        _ = try await harness.client.send(question("How do I reset my password?"))
        _ = try await harness.client.send(question("how can I reset my password"))
        #expect(harness.upstream.calls == 3, "the call, the explored call, and the judge")
        #expect(try await observations(harness.store).isEmpty, "the stand-in answers neither yes nor no: no label")
    }
}
