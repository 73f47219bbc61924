import SemanticCache

/// Fits a `SimilarityCalibration` on labelled pairs: the stream protocol's lookups (see
/// ``StreamEvaluation``), each counted with its best candidate that the guards let through and whether
/// that candidate is in the query's duplicate class.
///
/// Every text is inserted after its lookup, so that the counts describe candidates at every similarity,
/// whatever threshold is served later (an identical repeat is not inserted twice).
public struct CalibrationFit: Sendable {
    /// The guards whose survivors are counted.
    public var guards: HitGuards
    /// Neighbours considered per lookup.
    public var candidates: Int
    /// The shuffle seed.
    public var seed: Int

    /// A fit with these guards.
    public init(guards: HitGuards = .standard, candidates: Int = 3, seed: Int = 7) {
        self.guards = guards
        self.candidates = max(1, candidates)
        self.seed = seed
    }

    /// Fits the counts.
    ///
    /// - Parameters:
    ///   - pairs: the labelled pairs.
    ///   - classes: their texts and duplicate classes.
    ///   - vectors: one vector per text of `classes`, by text number.
    ///   - model: the embedder's model identifier, recorded in the calibration.
    ///   - source: a description of the data (a file name).
    ///   - progress: called as lookups proceed.
    /// - Throws: `SemanticIndex.VectorError` for an unusable vector; `EmbeddingError.unexpectedOutputCount`
    ///   when `vectors` does not match the texts.
    public func fit(
        pairs: [LabelledPair], classes: DuplicateClasses, vectors: [[Float]], model: String, source: String,
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) throws -> SimilarityCalibration {
        var calibration = SimilarityCalibration.empty(model: model, source: source, guards: guards.enabled)
        let stream = try StreamEvaluation(thresholds: [0], seed: seed).checkedOrder(
            pairs: pairs, classes: classes, vectors: vectors)
        let index = SemanticIndex(dimension: vectors.first?.count ?? 0)
        var reader = PromptReader(classes: classes, lexicon: guards.lexicon)
        var cachedText: [Int64: Int] = [:]
        let step = max(1, stream.count / 100)
        for (position, text) in stream.enumerated() {
            let matches = try index.search(
                scope: "fit", vector: vectors[text], k: candidates, threshold: calibration.lowest)
            var best: (text: Int, similarity: Float)?
            for match in matches {
                guard let stored = cachedText[match.id] else { continue }
                if guards.check(query: reader.read(text), candidate: reader.read(stored)) != nil { continue }
                best = (stored, match.similarity)
                break
            }
            calibration.add(
                similarity: best?.similarity, correct: best.map { classes.areDuplicates(text, $0.text) } ?? true)
            if best.map({ $0.similarity < 0.9999 || classes.texts[$0.text] != classes.texts[text] }) ?? true {
                let id = Int64(position)
                try index.insert(scope: "fit", id: id, vector: vectors[text])
                cachedText[id] = text
            }
            if position % step == 0 {
                progress(HitRateProgress(phase: "calibrating", completed: position, total: stream.count))
            }
        }
        progress(HitRateProgress(phase: "calibrating", completed: stream.count, total: stream.count))
        return calibration
    }
}
