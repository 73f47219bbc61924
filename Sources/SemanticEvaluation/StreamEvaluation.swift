import LLMCore
import SemanticCache

/// The "stream" protocol over a `SemanticIndex`.
///
/// The stream is every text of every pair, repeats kept, in the order `a₁, b₁, a₂, b₂, …`, shuffled as
/// Python's `random.Random(seed).shuffle` does (seed 7 by default). For each τ, an empty cache (one scope)
/// takes the stream: each text is looked up (top-1, one scan of the index); a neighbour at or above τ is a hit,
/// correct when it is in the text's duplicate class; on a miss the text is inserted. A lookup should hit
/// when its class has a member in the cache at that moment.
public struct StreamEvaluation: Sendable {
    /// The thresholds to score, ascending; each is one pass over the stream.
    public var thresholds: [Float]
    /// The shuffle seed.
    public var seed: Int
    /// The threshold whose wrong hits the outcome lists, or `nil` for none.
    public var exampleThreshold: Float?
    /// How each lookup reads the index.
    public var scan: SemanticIndex.Scan

    /// A run scoring `thresholds` over a stream shuffled with `seed`, listing the wrong hits at
    /// `exampleThreshold`, with lookups that read the index as `scan` says.
    public init(thresholds: [Float], seed: Int = 7, exampleThreshold: Float? = nil, scan: SemanticIndex.Scan = .int8) {
        self.thresholds = thresholds.sorted()
        self.seed = seed
        self.exampleThreshold = exampleThreshold
        self.scan = scan
    }

    /// The stream's text numbers: `a₁, b₁, a₂, b₂, …`, shuffled with ``PythonRandom``.
    public func order(pairs: [LabelledPair], classes: DuplicateClasses) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(pairs.count * 2)
        for pair in pairs {
            if let a = classes.number(of: pair.textA) { order.append(a) }
            if let b = classes.number(of: pair.textB) { order.append(b) }
        }
        var random = PythonRandom(seed: seed)
        random.shuffle(&order)
        return order
    }

    /// The stream's order, after checking that `vectors` has one vector per text.
    func checkedOrder(pairs: [LabelledPair], classes: DuplicateClasses, vectors: [[Float]]) throws -> [Int] {
        guard vectors.count == classes.texts.count else {
            throw EmbeddingError.unexpectedOutputCount(expected: classes.texts.count, actual: vectors.count)
        }
        return order(pairs: pairs, classes: classes)
    }

    /// Runs the protocol.
    ///
    /// - Parameters:
    ///   - pairs: The labelled pairs.
    ///   - classes: Their texts and duplicate classes (from the same pairs).
    ///   - vectors: One vector per text of `classes`, by text number.
    ///   - progress: Called as lookups proceed (over all thresholds).
    /// - Throws: `SemanticIndex.VectorError` for an unusable vector;
    ///   `EmbeddingError.unexpectedOutputCount` when `vectors` does not match the texts.
    public func run(
        pairs: [LabelledPair], classes: DuplicateClasses, vectors: [[Float]],
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) throws -> ProtocolOutcome {
        let stream = try checkedOrder(pairs: pairs, classes: classes, vectors: vectors)
        let dimension = vectors.first?.count ?? 0
        let scope = "stream"
        let clock = ContinuousClock()
        var times: [Duration] = []
        times.reserveCapacity(stream.count * thresholds.count)
        var metrics: [ThresholdMetrics] = []
        var wrongHits: [WrongHit] = []
        let total = stream.count * thresholds.count
        let step = max(1, stream.count / 100)
        for (round, threshold) in thresholds.enumerated() {
            let index = SemanticIndex(dimension: dimension, scan: scan)
            var cachedText: [Int64: Int] = [:]
            var classHasCached = [Bool](repeating: false, count: classes.classCount)
            var result = ThresholdMetrics(threshold: threshold)
            for (position, text) in stream.enumerated() {
                let textClass = classes.classOf(text)
                let began = clock.now
                let best = try index.search(scope: scope, vector: vectors[text], k: 1, threshold: threshold).first
                times.append(clock.now - began)
                result.queries += 1
                if classHasCached[textClass] { result.shouldHit += 1 }
                if let best, let neighbour = cachedText[best.id] {
                    result.hits += 1
                    if classes.classOf(neighbour) == textClass {
                        result.correctHits += 1
                    } else if threshold == exampleThreshold {
                        wrongHits.append(
                            WrongHit(
                                query: classes.texts[text], neighbour: classes.texts[neighbour],
                                similarity: best.similarity))
                    }
                } else {
                    let id = Int64(position)
                    try index.insert(scope: scope, id: id, vector: vectors[text])
                    cachedText[id] = text
                    classHasCached[textClass] = true
                }
                if position % step == 0 {
                    progress(
                        HitRateProgress(
                            phase: "stream τ=\(threshold)", completed: round * stream.count + position, total: total))
                }
            }
            metrics.append(result)
        }
        progress(HitRateProgress(phase: "stream", completed: total, total: total))
        return ProtocolOutcome(
            metrics: metrics, lookupTimes: times, lookupBatchSize: 1, cachedTexts: nil,
            wrongHits: wrongHits)
    }
}
