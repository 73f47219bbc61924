import LLMCore
import SemanticCache

/// The "pairs" protocol over a `SemanticIndex`.
///
/// 1. The cache (one scope) holds every distinct `text_a`.
/// 2. Every `text_b` is one query (one per pair, repeats kept); queries are searched in batches with one
///    `cblas_sgemm` per batch, for the top-1 neighbour.
/// 3. At threshold τ a query hits when that neighbour's cosine is ≥ τ; the hit is correct when the
///    neighbour is in the query's duplicate class (an identical text always is).
/// 4. A query should hit when its class has at least one cached member.
///
/// The top-1 neighbour does not depend on τ, so one search serves the whole sweep.
public struct PairsEvaluation: Sendable {
    /// The thresholds to score, ascending.
    public var thresholds: [Float]
    /// Queries per batched search.
    public var batchSize: Int
    /// The threshold whose wrong hits the outcome lists, or `nil` for none.
    public var exampleThreshold: Float?

    /// A run scoring `thresholds` with `batchSize` queries per search, listing the wrong hits at
    /// `exampleThreshold`.
    public init(thresholds: [Float], batchSize: Int = 32, exampleThreshold: Float? = nil) {
        self.thresholds = thresholds.sorted()
        self.batchSize = max(1, batchSize)
        self.exampleThreshold = exampleThreshold
    }

    /// Runs the protocol.
    ///
    /// - Parameters:
    ///   - pairs: The labelled pairs.
    ///   - classes: Their texts and duplicate classes (from the same pairs).
    ///   - vectors: One vector per text of `classes`, by text number.
    ///   - progress: Called after each batch of queries.
    /// - Throws: `SemanticIndex.VectorError` for an unusable vector;
    ///   `EmbeddingError.unexpectedOutputCount` when `vectors` does not match the texts.
    public func run(
        pairs: [LabelledPair], classes: DuplicateClasses, vectors: [[Float]],
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) throws -> ProtocolOutcome {
        guard vectors.count == classes.texts.count else {
            throw EmbeddingError.unexpectedOutputCount(expected: classes.texts.count, actual: vectors.count)
        }
        let dimension = vectors.first?.count ?? 0
        let index = SemanticIndex(dimension: dimension)
        let scope = "pairs"
        var cached = Set<Int>()
        var classHasCached = [Bool](repeating: false, count: classes.classCount)
        for pair in pairs {
            guard let text = classes.number(of: pair.textA), cached.insert(text).inserted else { continue }
            try index.insert(scope: scope, id: Int64(text), vector: vectors[text])
            classHasCached[classes.classOf(text)] = true
        }
        let queries = pairs.compactMap { classes.number(of: $0.textB) }

        var metrics = thresholds.map { ThresholdMetrics(threshold: $0) }
        var times: [Duration] = []
        var wrongHits: [WrongHit] = []
        let clock = ContinuousClock()
        var start = 0
        while start < queries.count {
            let batch = queries[start..<min(start + batchSize, queries.count)]
            let began = clock.now
            let found = try index.search(scope: scope, batch: batch.map { vectors[$0] }, k: 1, threshold: -1)
            times.append(clock.now - began)
            for (query, matches) in zip(batch, found) {
                let queryClass = classes.classOf(query)
                let shouldHit = classHasCached[queryClass]
                let best = matches.first
                let correct = best.map { classes.classOf(Int($0.id)) == queryClass } ?? false
                if let best, !correct, let exampleThreshold, best.similarity >= exampleThreshold {
                    wrongHits.append(
                        WrongHit(
                            query: classes.texts[query], neighbour: classes.texts[Int(best.id)],
                            similarity: best.similarity))
                }
                for position in metrics.indices {
                    metrics[position].queries += 1
                    if shouldHit { metrics[position].shouldHit += 1 }
                    guard let best, best.similarity >= metrics[position].threshold else { continue }
                    metrics[position].hits += 1
                    if correct { metrics[position].correctHits += 1 }
                }
            }
            start += batch.count
            progress(HitRateProgress(phase: "searching", completed: start, total: queries.count))
        }
        return ProtocolOutcome(
            metrics: metrics, lookupTimes: times, lookupBatchSize: batchSize, cachedTexts: cached.count,
            wrongHits: wrongHits)
    }
}
