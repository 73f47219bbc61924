/// Everything `cachectl bench hitrate` reports for one dataset, embedder and protocol.
public struct HitRateReport: Sendable, Encodable {
    /// The protocol run.
    public var evaluationProtocol: EvaluationProtocol
    /// The dataset file.
    public var dataset: String
    /// The embedder's model identifier.
    public var model: String
    /// Components per vector.
    public var dimension: Int
    /// Pairs evaluated.
    public var pairs: Int
    /// Pairs with label 1.
    public var duplicatePairs: Int
    /// Bad lines skipped while loading.
    public var skippedLines: Int
    /// Distinct texts (all embedded once).
    public var distinctTexts: Int
    /// Duplicate classes.
    public var classes: Int
    /// Entries in the cache while queried ("pairs" only).
    public var cachedTexts: Int?
    /// Metrics per threshold, ascending.
    public var thresholds: [ThresholdMetrics]
    /// The threshold with the best F1 (the lower τ on a tie), or `nil` when no F1 is defined.
    public var bestF1: ThresholdMetrics?
    /// The best recall at precision ≥ 0.90 and ≥ 0.95 over thresholds with at least 50 hits.
    public var recallAtPrecision: [RecallAtPrecision]
    /// Timing of each embedding call.
    public var embedding: LatencySummary
    /// Texts per embedding call.
    public var embeddingBatchSize: Int
    /// Timing of each search call.
    public var lookup: LatencySummary
    /// Queries per search call.
    public var lookupBatchSize: Int
    /// The most similar wrong hits at the example threshold, most similar first.
    public var wrongHitExamples: [WrongHit]

    /// Assembles a report from a protocol's outcome.
    public init(
        evaluationProtocol: EvaluationProtocol, dataset: PairDataset, classes: DuplicateClasses,
        embedded: EmbeddedTexts, outcome: ProtocolOutcome, precisionTargets: [Double] = [0.90, 0.95],
        minimumHits: Int = 50, exampleCount: Int = 10
    ) {
        self.evaluationProtocol = evaluationProtocol
        self.dataset = dataset.source
        model = embedded.model
        dimension = embedded.dimension
        pairs = dataset.pairs.count
        duplicatePairs = dataset.duplicateCount
        skippedLines = dataset.skipped.count
        distinctTexts = classes.texts.count
        self.classes = classes.classCount
        cachedTexts = outcome.cachedTexts
        thresholds = outcome.metrics
        bestF1 = Self.bestF1(in: outcome.metrics)
        recallAtPrecision = precisionTargets.map {
            RecallAtPrecision(minimumPrecision: $0, minimumHits: minimumHits, sweep: outcome.metrics)
        }
        embedding = LatencySummary(embedded.batchTimes)
        embeddingBatchSize = embedded.batchSize
        lookup = LatencySummary(outcome.lookupTimes)
        lookupBatchSize = outcome.lookupBatchSize
        wrongHitExamples = WrongHit.mostSimilar(outcome.wrongHits, count: exampleCount)
    }

    /// The metrics with the highest F1; the lowest such τ on a tie.
    public static func bestF1(in sweep: [ThresholdMetrics]) -> ThresholdMetrics? {
        var best: ThresholdMetrics?
        for metrics in sweep {
            guard let f1 = metrics.f1 else { continue }
            if let currentF1 = best?.f1, currentF1 >= f1 { continue }
            best = metrics
        }
        return best
    }

    /// The metrics at exactly `threshold`, if it was in the sweep.
    public func metrics(at threshold: Float) -> ThresholdMetrics? {
        thresholds.first { $0.threshold == threshold }
    }

    private enum CodingKeys: String, CodingKey {
        case dataset, model, dimension, pairs, classes, thresholds, embedding, lookup
        case evaluationProtocol = "protocol"
        case duplicatePairs = "duplicate_pairs"
        case skippedLines = "skipped_lines"
        case distinctTexts = "distinct_texts"
        case cachedTexts = "cached_texts"
        case bestF1 = "best_f1"
        case recallAtPrecision = "recall_at_precision"
        case embeddingBatchSize = "embedding_batch_size"
        case lookupBatchSize = "lookup_batch_size"
        case wrongHitExamples = "wrong_hit_examples"
    }
}
