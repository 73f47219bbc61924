import LLMCore
import SemanticCache

/// The offline hit-rate benchmark: embeds every distinct text of a labelled-pair dataset once, in batches,
/// then runs the "pairs" or "stream" protocol over a `SemanticIndex` and scores each threshold.
///
/// ```swift
/// let dataset = try PairDataset.load(path: "data/demo-pairs.jsonl")
/// let benchmark = HitRateBenchmark(evaluationProtocol: .pairs, thresholds: [0.85, 0.9])
/// let report = try await benchmark.run(dataset: dataset, embedder: LexicalEmbedder())  // from Embeddings
/// ```
public struct HitRateBenchmark: Sendable {
    /// The protocol to run.
    public var evaluationProtocol: EvaluationProtocol
    /// The thresholds to score, ascending.
    public var thresholds: [Float]
    /// Texts per embedding call and queries per batched search ("pairs").
    public var batchSize: Int
    /// The shuffle seed of the "stream" protocol.
    public var streamSeed: Int
    /// The threshold whose most similar wrong hits the report lists, or `nil` for none.
    public var exampleThreshold: Float?
    /// How many wrong hits the report lists.
    public var exampleCount: Int
    /// How many embedding calls run at once.
    public var embeddingConcurrency: Int
    /// How the "stream" protocol's lookups read the index ("pairs" searches in batches, in float32).
    public var scan: SemanticIndex.Scan

    /// A benchmark of `evaluationProtocol` over `thresholds` (each checked to lie in [-1, 1]).
    ///
    /// - Throws: ``SimilarityThresholds/ThresholdError`` for a threshold outside [-1, 1] or an empty list.
    public init(
        evaluationProtocol: EvaluationProtocol, thresholds: [Float] = SimilarityThresholds.defaultSweep,
        batchSize: Int = 32, streamSeed: Int = 7, exampleThreshold: Float? = nil, exampleCount: Int = 10,
        embeddingConcurrency: Int = 1, scan: SemanticIndex.Scan = .int8
    ) throws {
        self.scan = scan
        guard !thresholds.isEmpty else { throw SimilarityThresholds.ThresholdError.empty }
        for threshold in thresholds { try SimilarityThresholds.validate(threshold) }
        self.evaluationProtocol = evaluationProtocol
        self.thresholds = Array(Set(thresholds)).sorted()
        self.batchSize = max(1, batchSize)
        self.streamSeed = streamSeed
        self.exampleThreshold = exampleThreshold
        self.exampleCount = max(0, exampleCount)
        self.embeddingConcurrency = max(1, embeddingConcurrency)
    }

    /// Runs the benchmark.
    ///
    /// - Parameters:
    ///   - dataset: The labelled pairs.
    ///   - embedder: The embedder whose vectors are compared.
    ///   - progress: Called as texts are embedded and queries searched.
    /// - Returns: The metrics per threshold, the best thresholds and the timings.
    /// - Throws: The embedder's errors, and `SemanticIndex.VectorError` for an unusable vector.
    public func run(
        dataset: PairDataset, embedder: some Embedder,
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) async throws -> HitRateReport {
        let classes = DuplicateClasses(pairs: dataset.pairs)
        let embedded = try await EmbeddedTexts.embed(
            classes.texts, with: embedder, batchSize: batchSize, concurrency: embeddingConcurrency,
            progress: progress)
        let outcome: ProtocolOutcome
        switch evaluationProtocol {
        case .pairs:
            outcome = try PairsEvaluation(
                thresholds: thresholds, batchSize: batchSize, exampleThreshold: exampleThreshold
            ).run(
                pairs: dataset.pairs, classes: classes, vectors: embedded.vectors, progress: progress)
        case .stream:
            outcome = try StreamEvaluation(
                thresholds: thresholds, seed: streamSeed, exampleThreshold: exampleThreshold, scan: scan
            ).run(
                pairs: dataset.pairs, classes: classes, vectors: embedded.vectors, progress: progress)
        }
        return HitRateReport(
            evaluationProtocol: evaluationProtocol, dataset: dataset, classes: classes, embedded: embedded,
            outcome: outcome, exampleCount: exampleCount)
    }
}
