import LLMCore
import SemanticCache

/// Compares, lookup by lookup, what the int8 scan serves with what the float32 scan serves on one dataset:
/// the same neighbour, the same similarity, the same hit-or-miss at each threshold.
///
/// Both protocols run with single lookups (top-1) into two indexes that hold the same entries, one per
/// `SemanticIndex.Scan`:
/// - "pairs": the indexes hold every distinct `text_a`; every `text_b` is looked up with no threshold.
/// - "stream": for each τ the shuffled stream (see ``StreamEvaluation``) is looked up at τ, and a text is
///   inserted into both indexes when the float32 lookup misses, so the two never drift apart.
public struct ScanAgreement: Sendable {
    /// The protocol to run.
    public var evaluationProtocol: EvaluationProtocol
    /// The thresholds at which decisions are compared (and the "stream" protocol's passes).
    public var thresholds: [Float]
    /// The shuffle seed of the "stream" protocol.
    public var seed: Int
    /// Two similarities closer than this are the same.
    public static let tolerance: Float = 1e-6

    /// A comparison over `evaluationProtocol` at `thresholds`.
    public init(evaluationProtocol: EvaluationProtocol, thresholds: [Float], seed: Int = 7) {
        self.evaluationProtocol = evaluationProtocol
        self.thresholds = thresholds.sorted()
        self.seed = seed
    }

    /// Runs the comparison.
    ///
    /// - Throws: `SemanticIndex.VectorError` for an unusable vector; `EmbeddingError.unexpectedOutputCount`
    ///   when `vectors` does not match the texts.
    public func run(
        pairs: [LabelledPair], classes: DuplicateClasses, vectors: [[Float]],
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) throws -> ScanAgreementReport {
        let dimension = vectors.first?.count ?? 0
        var report = ScanAgreementReport(evaluationProtocol: evaluationProtocol, thresholds: thresholds)
        switch evaluationProtocol {
        case .pairs:
            let indexes = IndexPair(dimension: dimension)
            var cached = Set<Int>()
            for pair in pairs {
                guard let text = classes.number(of: pair.textA), cached.insert(text).inserted else { continue }
                try indexes.insert(scope: "pairs", id: Int64(text), vector: vectors[text])
            }
            let queries = pairs.compactMap { classes.number(of: $0.textB) }
            for (position, query) in queries.enumerated() {
                try indexes.lookUp(scope: "pairs", vector: vectors[query], threshold: -1, into: &report)
                if position % 500 == 0 {
                    progress(HitRateProgress(phase: "comparing scans", completed: position, total: queries.count))
                }
            }
        case .stream:
            let stream = try StreamEvaluation(thresholds: [0], seed: seed).checkedOrder(
                pairs: pairs, classes: classes, vectors: vectors)
            for (round, threshold) in thresholds.enumerated() {
                let indexes = IndexPair(dimension: dimension)
                for (position, text) in stream.enumerated() {
                    let exact = try indexes.lookUp(
                        scope: "stream", vector: vectors[text], threshold: threshold, into: &report)
                    if exact == nil { try indexes.insert(scope: "stream", id: Int64(position), vector: vectors[text]) }
                    if position % 500 == 0 {
                        progress(
                            HitRateProgress(
                                phase: "comparing scans τ=\(threshold)", completed: round * stream.count + position,
                                total: thresholds.count * stream.count))
                    }
                }
            }
        }
        return report
    }
}

/// One index per scan, holding the same entries.
private struct IndexPair {
    let int8: SemanticIndex
    let float32: SemanticIndex

    init(dimension: Int) {
        int8 = SemanticIndex(dimension: dimension, scan: .int8)
        float32 = SemanticIndex(dimension: dimension, scan: .float32)
    }

    func insert(scope: String, id: Int64, vector: [Float]) throws {
        try int8.insert(scope: scope, id: id, vector: vector)
        try float32.insert(scope: scope, id: id, vector: vector)
    }

    /// Looks `vector` up (top-1 at `threshold`) in both, timing each and recording the pair in `report`;
    /// returns the float32 answer.
    @discardableResult
    func lookUp(scope: String, vector: [Float], threshold: Float, into report: inout ScanAgreementReport) throws
        -> SimilarityMatch?
    {
        let clock = ContinuousClock()
        var began = clock.now
        let quantized = try int8.search(scope: scope, vector: vector, k: 1, threshold: threshold).first
        report.int8Seconds += (clock.now - began).timeInterval
        began = clock.now
        let exact = try float32.search(scope: scope, vector: vector, k: 1, threshold: threshold).first
        report.float32Seconds += (clock.now - began).timeInterval
        report.record(int8: quantized, float32: exact)
        return exact
    }
}

/// What ``ScanAgreement`` found.
public struct ScanAgreementReport: Sendable, Encodable, Equatable {
    /// The protocol that was run.
    public var evaluationProtocol: EvaluationProtocol
    /// The thresholds at which decisions were compared.
    public var thresholds: [Float]
    /// Lookups compared.
    public var lookups = 0
    /// Lookups where both scans served the same neighbour (or both none).
    public var sameNeighbour = 0
    /// Lookups where both served the same neighbour with the same similarity (within
    /// ``ScanAgreement/tolerance``), or both none.
    public var sameAnswer = 0
    /// Lookups where the neighbours differ but their similarities are equal: a tie, either is right.
    public var ties = 0
    /// Per threshold, lookups whose hit-or-miss at that threshold was the same.
    public var sameDecisions: [Int]
    /// The largest difference between the two similarities of one lookup.
    public var largestDifference: Float = 0
    /// Seconds spent in the int8 lookups.
    public var int8Seconds: Double = 0
    /// Seconds spent in the float32 lookups.
    public var float32Seconds: Double = 0

    init(evaluationProtocol: EvaluationProtocol, thresholds: [Float]) {
        self.evaluationProtocol = evaluationProtocol
        self.thresholds = thresholds
        sameDecisions = Array(repeating: 0, count: thresholds.count)
    }

    /// The share of lookups that served the same answer (a tie counts as the same).
    public var agreement: Double { lookups == 0 ? 1 : Double(sameAnswer + ties) / Double(lookups) }

    private enum CodingKeys: String, CodingKey {
        case evaluationProtocol = "protocol"
        case thresholds, lookups, ties, agreement
        case sameNeighbour = "same_neighbour"
        case sameAnswer = "same_answer"
        case sameDecisions = "same_decisions"
        case largestDifference = "largest_difference"
        case int8Seconds = "int8_seconds"
        case float32Seconds = "float32_seconds"
    }

    /// Encodes the counts, the decisions per threshold, the times and ``agreement``, in snake case.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(evaluationProtocol, forKey: .evaluationProtocol)
        try container.encode(thresholds, forKey: .thresholds)
        try container.encode(lookups, forKey: .lookups)
        try container.encode(sameNeighbour, forKey: .sameNeighbour)
        try container.encode(sameAnswer, forKey: .sameAnswer)
        try container.encode(ties, forKey: .ties)
        try container.encode(sameDecisions, forKey: .sameDecisions)
        try container.encode(largestDifference, forKey: .largestDifference)
        try container.encode(int8Seconds, forKey: .int8Seconds)
        try container.encode(float32Seconds, forKey: .float32Seconds)
        try container.encode(agreement, forKey: .agreement)
    }

    mutating func record(int8: SimilarityMatch?, float32: SimilarityMatch?) {
        lookups += 1
        for (position, threshold) in thresholds.enumerated()
        where ((int8?.similarity ?? -2) >= threshold) == ((float32?.similarity ?? -2) >= threshold) {
            sameDecisions[position] += 1
        }
        switch (int8, float32) {
        case (nil, nil):
            sameNeighbour += 1
            sameAnswer += 1
        case (let quantized?, let exact?):
            let difference = abs(quantized.similarity - exact.similarity)
            largestDifference = max(largestDifference, difference)
            if quantized.id == exact.id {
                sameNeighbour += 1
                if difference <= ScanAgreement.tolerance { sameAnswer += 1 }
            } else if difference <= ScanAgreement.tolerance {
                ties += 1
            }
        default:
            break
        }
    }
}
