import Embeddings
import LLMCore
import SemanticCache
import SemanticEvaluation
import Testing

/// A six-text example worked out by hand.
///
/// Pairs: (A, B, 1), (C, D, 0), (E, F, 1): classes {A, B}, {C}, {D}, {E, F}.
/// Cosines that matter: A·B = 0.95, C·D = 0.90, A·F = 0.80, E·F = 0.60, B·F = 0.76, E·D ≈ 0.436.
enum HandExample {
    static let pairs = [
        LabelledPair(textA: "A", textB: "B", isDuplicate: true),
        LabelledPair(textA: "C", textB: "D", isDuplicate: false),
        LabelledPair(textA: "E", textB: "F", isDuplicate: true),
    ]

    static func unit(_ values: [Float]) -> [Float] {
        let length = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / length }
    }

    /// Vectors by text number: A, B, C, D, E, F.
    static let vectors: [[Float]] = [
        [1, 0, 0],
        unit([0.95, (1 - 0.95 * 0.95).squareRoot(), 0]),
        [0, 1, 0],
        unit([0, 0.9, (1 - 0.81).squareRoot()]),
        [0, 0, 1],
        unit([0.8, 0, 0.6]),
    ]

    static let classes = DuplicateClasses(pairs: pairs)
}

/// An embedder that looks texts up in a table, for running the whole benchmark on the hand example.
struct TableEmbedder: Embedder {
    let table: [String: [Float]]
    var modelIdentifier: String { "table" }
    var dimension: Int { 3 }
    func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map { table[$0] ?? [0, 0, 0] }
    }
}

@Suite("Protocol metrics on a hand-checked example")
struct ProtocolMetricsTests {
    @Test("pairs: cache {A, C, E}; B hits A (right), D hits C (wrong), F hits A (wrong)")
    func pairsProtocol() throws {
        let outcome = try PairsEvaluation(thresholds: [0.96, 0.75, 0.85, 0.92]).run(
            pairs: HandExample.pairs, classes: HandExample.classes, vectors: HandExample.vectors)
        #expect(outcome.cachedTexts == 3)
        #expect(outcome.lookupTimes.count == 1)
        #expect(outcome.metrics.map(\.threshold) == [0.75, 0.85, 0.92, 0.96])
        // D's class {D} has no cached member; B's and F's classes do.
        #expect(outcome.metrics.allSatisfy { $0.queries == 3 && $0.shouldHit == 2 })
        #expect(outcome.metrics.map(\.hits) == [3, 2, 1, 0])
        #expect(outcome.metrics.map(\.correctHits) == [1, 1, 1, 0])
        #expect(outcome.metrics.map(\.wrongHits) == [2, 1, 0, 0])

        let loose = outcome.metrics[0]
        #expect(loose.hitRate == 1)
        #expect(loose.precision == 1.0 / 3)
        #expect(loose.recall == 0.5)
        #expect(abs((loose.f1 ?? 0) - 0.4) < 1e-12)
        let middle = outcome.metrics[1]
        #expect(middle.precision == 0.5 && middle.recall == 0.5 && middle.f1 == 0.5)
        #expect(abs(middle.hitRate - 2.0 / 3) < 1e-12)
        let strict = outcome.metrics[2]
        #expect(strict.precision == 1 && strict.recall == 0.5)
        #expect(abs((strict.f1 ?? 0) - 2.0 / 3) < 1e-12)
        let none = outcome.metrics[3]
        #expect(none.precision == nil && none.f1 == nil && none.recall == 0)
        #expect(HitRateReport.bestF1(in: outcome.metrics)?.threshold == 0.92)
    }

    @Test("the stream is a₁ b₁ a₂ b₂ a₃ b₃ in random.Random(7).shuffle order: E A F D B C")
    func streamOrder() {
        let order = StreamEvaluation(thresholds: [0.9]).order(
            pairs: HandExample.pairs, classes: HandExample.classes)
        #expect(order == [4, 0, 5, 3, 1, 2])
    }

    @Test("stream: each τ is one pass; misses are inserted, hits are not")
    func streamProtocol() throws {
        let outcome = try StreamEvaluation(thresholds: [0.75, 0.85, 0.96]).run(
            pairs: HandExample.pairs, classes: HandExample.classes, vectors: HandExample.vectors)
        #expect(outcome.cachedTexts == nil)
        #expect(outcome.lookupBatchSize == 1)
        #expect(outcome.lookupTimes.count == 18)
        // τ 0.75: E, A miss; F hits A (wrong); D misses; B hits A (right); C hits D (wrong).
        // τ 0.85: E, A, F, D miss; B hits A (right); C hits D (wrong).
        // τ 0.96: everything misses. F and B should hit in every pass (E, resp. A, is cached before them).
        #expect(outcome.metrics.map(\.queries) == [6, 6, 6])
        #expect(outcome.metrics.map(\.shouldHit) == [2, 2, 2])
        #expect(outcome.metrics.map(\.hits) == [3, 2, 0])
        #expect(outcome.metrics.map(\.correctHits) == [1, 1, 0])
        #expect(outcome.metrics[0].wrongHitRate == 2.0 / 6)
        #expect(outcome.metrics[1].wrongHitRate == 1.0 / 6)
        #expect(outcome.metrics[1].precision == 0.5 && outcome.metrics[1].recall == 0.5)
    }

    @Test("a repeated text in the stream hits its own earlier copy, and that hit is correct")
    func streamRepeats() throws {
        let pairs = [
            LabelledPair(textA: "A", textB: "C", isDuplicate: false),
            LabelledPair(textA: "A", textB: "C", isDuplicate: false),
        ]
        let classes = DuplicateClasses(pairs: pairs)
        let outcome = try StreamEvaluation(thresholds: [0.99]).run(
            pairs: pairs, classes: classes, vectors: [[1, 0, 0], [0, 1, 0]])
        #expect(outcome.metrics[0].hits == 2)
        #expect(outcome.metrics[0].correctHits == 2)
        #expect(outcome.metrics[0].shouldHit == 2)
    }

    @Test("the whole benchmark on the example: report, best F1 and recall at precision")
    func benchmark() async throws {
        let embedder = TableEmbedder(
            table: Dictionary(uniqueKeysWithValues: zip(["A", "B", "C", "D", "E", "F"], HandExample.vectors)))
        let dataset = PairDataset(source: "hand", pairs: HandExample.pairs)
        let report = try await HitRateBenchmark(evaluationProtocol: .pairs, thresholds: [0.75, 0.85, 0.92])
            .run(dataset: dataset, embedder: embedder)
        #expect(report.distinctTexts == 6 && report.classes == 4 && report.cachedTexts == 3)
        #expect(report.embedding.count == 1 && report.embeddingBatchSize == 32)
        #expect(report.bestF1?.threshold == 0.92)
        // Fewer than 50 hits at every τ: no precision target is reached.
        #expect(report.recallAtPrecision.map(\.minimumPrecision) == [0.90, 0.95])
        #expect(report.recallAtPrecision.allSatisfy { $0.best == nil })
    }

    @Test("the wrong hits at the example threshold are listed, most similar first")
    func wrongHitExamples() async throws {
        let pairs = try PairsEvaluation(thresholds: [0.75, 0.9], exampleThreshold: 0.75).run(
            pairs: HandExample.pairs, classes: HandExample.classes, vectors: HandExample.vectors)
        let listed = pairs.wrongHits.sorted { $0.similarity > $1.similarity }
        #expect(listed.map(\.query) == ["D", "F"])
        #expect(listed.map(\.neighbour) == ["C", "A"])
        #expect(abs(listed[0].similarity - 0.9) < 1e-5)

        let stream = try StreamEvaluation(thresholds: [0.75, 0.85], exampleThreshold: 0.85).run(
            pairs: HandExample.pairs, classes: HandExample.classes, vectors: HandExample.vectors)
        #expect(stream.wrongHits.map(\.query) == ["C"])
        #expect(stream.wrongHits.map(\.neighbour) == ["D"])

        let embedder = TableEmbedder(
            table: Dictionary(uniqueKeysWithValues: zip(["A", "B", "C", "D", "E", "F"], HandExample.vectors)))
        let report = try await HitRateBenchmark(
            evaluationProtocol: .pairs, thresholds: [0.75], exampleThreshold: 0.75, exampleCount: 1
        ).run(dataset: PairDataset(source: "hand", pairs: HandExample.pairs), embedder: embedder)
        #expect(report.wrongHitExamples.map(\.query) == ["D"])
    }

    @Test("an embedder's NaN vector is refused by the index")
    func nanVector() async throws {
        var vectors = HandExample.vectors
        vectors[1] = [.nan, 0, 0]
        #expect(throws: SemanticIndex.VectorError.notFinite) {
            try PairsEvaluation(thresholds: [0.9]).run(
                pairs: HandExample.pairs, classes: HandExample.classes, vectors: vectors)
        }
    }
}

@Suite("Threshold sweeps")
struct ThresholdSweepTests {
    @Test("recall at precision counts only thresholds with enough hits and takes the best recall")
    func recallAtPrecision() {
        let sweep = [
            ThresholdMetrics(threshold: 0.80, queries: 1000, shouldHit: 400, hits: 380, correctHits: 330),
            ThresholdMetrics(threshold: 0.85, queries: 1000, shouldHit: 400, hits: 320, correctHits: 300),
            ThresholdMetrics(threshold: 0.90, queries: 1000, shouldHit: 400, hits: 250, correctHits: 240),
            ThresholdMetrics(threshold: 0.95, queries: 1000, shouldHit: 400, hits: 40, correctHits: 40),
        ]
        let ninety = RecallAtPrecision(minimumPrecision: 0.90, sweep: sweep)
        #expect(ninety.best?.threshold == 0.85)
        #expect(ninety.best?.recall == 0.75)
        let ninetyFive = RecallAtPrecision(minimumPrecision: 0.95, sweep: sweep)
        #expect(ninetyFive.best?.threshold == 0.90)  // 0.95 has precision 1 but only 40 hits
        let perfect = RecallAtPrecision(minimumPrecision: 0.99, sweep: sweep)
        #expect(perfect.best == nil)
        #expect(RecallAtPrecision(minimumPrecision: 0.99, minimumHits: 10, sweep: sweep).best?.threshold == 0.95)
    }

    @Test("best F1 prefers the lower τ on a tie")
    func bestF1Tie() {
        let sweep = [
            ThresholdMetrics(threshold: 0.8, queries: 10, shouldHit: 4, hits: 4, correctHits: 2),
            ThresholdMetrics(threshold: 0.9, queries: 10, shouldHit: 4, hits: 4, correctHits: 2),
        ]
        #expect(HitRateReport.bestF1(in: sweep)?.threshold == 0.8)
        #expect(HitRateReport.bestF1(in: []) == nil)
    }

    @Test("nearest-rank percentiles")
    func percentiles() {
        let summary = LatencySummary((1...100).map { Duration.milliseconds($0) })
        #expect(summary.p50 == .milliseconds(50))
        #expect(summary.p99 == .milliseconds(99))
        #expect(summary.count == 100)
        #expect(LatencySummary([.milliseconds(7)]).p99 == .milliseconds(7))
        #expect(LatencySummary([]).p50 == .zero)
    }
}
