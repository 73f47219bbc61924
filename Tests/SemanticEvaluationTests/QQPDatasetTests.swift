import Embeddings
import Foundation
import LLMCore
import SemanticEvaluation
import Testing

@Suite(
    "QQP development split",
    .enabled(if: PackagePaths.hasQQP, "../shared/datasets/qqp/dev.jsonl is absent; skipping the QQP checks"))
struct QQPDatasetTests {
    @Test("dev.jsonl loads whole, with the counts its README states")
    func counts() throws {
        let dataset = try PairDataset.load(path: PackagePaths.qqpDev)
        #expect(dataset.pairs.count == 20_000)
        #expect(dataset.skipped.isEmpty)
        #expect(dataset.duplicateCount == 7_579)
        #expect(Set(dataset.pairs.map(\.textA)).count == 19_200)
        let classes = DuplicateClasses(pairs: dataset.pairs)
        #expect(classes.texts.count == 37_672)
        // Every label-1 pair is inside one class, and classes are fewer than texts.
        #expect(dataset.pairs.allSatisfy { !$0.isDuplicate || classes.areDuplicates($0.textA, $0.textB) })
        #expect(classes.classCount < classes.texts.count)
    }

    @Test("the lexical pairs protocol on the first 2,000 pairs gives sane, monotone numbers")
    func lexicalPairs() async throws {
        let dataset = try PairDataset.load(path: PackagePaths.qqpDev, limit: 2_000)
        let report = try await HitRateBenchmark(evaluationProtocol: .pairs, thresholds: [0.5, 0.7, 0.9])
            .run(dataset: dataset, embedder: LexicalEmbedder())
        let hits = report.thresholds.map(\.hits)
        #expect(hits == hits.sorted(by: >))
        #expect(report.thresholds.allSatisfy { $0.queries == 2_000 && $0.correctHits <= $0.hits })
        #expect(report.thresholds.allSatisfy { $0.shouldHit == report.thresholds[0].shouldHit })
    }
}
