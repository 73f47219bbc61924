import CacheStorage
import Foundation
import SemanticCache

/// The stream protocol run through the semantic layer's own decision path: the guards, the entries'
/// labels and a `HitDecider`, with the dataset's duplicate classes as the judge.
///
/// Each text of the shuffled stream (see ``StreamEvaluation``) is looked up: the best of the top
/// `candidates` neighbours that the guards and its entry's labels let through is the candidate, and the
/// decider serves it, misses, or explores it. An explored lookup and a verified near miss are judged by
/// the labels (correct when the candidate is in the query's class), and the decider learns the outcome as
/// it would a verification's; both count as upstream calls. On anything but a hit the text is inserted.
public struct PolicyStreamEvaluation: Sendable {
    /// The policy.
    public var policy: HitPolicy
    /// The guards (used unless the policy is a plain threshold).
    public var guards: HitGuards
    /// The calibration of a bounded policy.
    public var calibration: SimilarityCalibration?
    /// The bounded policy's knobs.
    public var settings: BoundedPolicySettings
    /// How many neighbours are considered per lookup (the layer's `candidates`).
    public var candidates: Int
    /// The shuffle seed.
    public var seed: Int
    /// How each lookup reads the index.
    public var scan: SemanticIndex.Scan

    /// A run of `policy`, with lookups that read the index as `scan` says.
    public init(
        policy: HitPolicy, guards: HitGuards = .standard, calibration: SimilarityCalibration? = nil,
        settings: BoundedPolicySettings = .init(), candidates: Int = 3, seed: Int = 7, scan: SemanticIndex.Scan = .int8
    ) {
        self.scan = scan
        self.policy = policy
        self.guards = guards
        self.calibration = calibration
        self.settings = settings
        self.candidates = max(1, candidates)
        self.seed = seed
    }

    /// Runs the stream.
    ///
    /// - Throws: `SemanticIndex.VectorError` for an unusable vector; `EmbeddingError.unexpectedOutputCount`
    ///   when `vectors` does not match the texts.
    public func run(
        pairs: [LabelledPair], classes: DuplicateClasses, vectors: [[Float]],
        progress: @Sendable (HitRateProgress) -> Void = { _ in }
    ) throws -> PolicyOutcome {
        let stream = try StreamEvaluation(thresholds: [0], seed: seed).checkedOrder(
            pairs: pairs, classes: classes, vectors: vectors)
        let decider = HitDecider(policy: policy, calibration: calibration, settings: settings)
        let index = SemanticIndex(dimension: vectors.first?.count ?? 0, scan: scan)
        var reader = PromptReader(classes: classes, lexicon: guards.lexicon)
        var cachedText: [Int64: Int] = [:]
        var outcome = PolicyOutcome(policy: policy.description)
        let scope = "stream"
        let step = max(1, stream.count / 100)
        for (position, text) in stream.enumerated() {
            let matches = try index.search(
                scope: scope, vector: vectors[text], k: candidates, threshold: decider.searchFloor)
            var candidate: (id: Int64, text: Int, similarity: Float)?
            for (rank, match) in matches.enumerated() {
                guard let stored = cachedText[match.id] else { continue }
                if policy.usesGuards {
                    if let refusal = guards.check(query: reader.read(text), candidate: reader.read(stored)) {
                        if rank == 0 { outcome.refusedBy[refusal.kind.rawValue, default: 0] += 1 }
                        continue
                    }
                    if decider.entryRefuses(match.id, similarity: match.similarity) {
                        if rank == 0 { outcome.refusedByLabel += 1 }
                        continue
                    }
                }
                candidate = (match.id, stored, match.similarity)
                break
            }
            let decision = decider.decide(similarity: candidate?.similarity, scope: scope)
            outcome.lookups += 1
            if let candidate {
                let correct = classes.areDuplicates(text, candidate.text)
                switch decision.verdict {
                case .serve:
                    outcome.hits += 1
                    if !correct { outcome.wrongHits += 1 }
                case .explore:
                    outcome.explored += 1
                case .miss:
                    if decision.verify { outcome.verified += 1 }
                }
                if decision.judges {
                    decider.learn(
                        HitObservation(
                            entryID: candidate.id, scope: scope, similarity: candidate.similarity, correct: correct,
                            source: .verified, observedAt: Date(timeIntervalSince1970: 0)))
                }
            }
            if decision.verdict != .serve || candidate == nil {
                let id = Int64(position)
                try index.insert(scope: scope, id: id, vector: vectors[text])
                cachedText[id] = text
            }
            if position % step == 0 {
                progress(HitRateProgress(phase: "stream \(policy)", completed: position, total: stream.count))
            }
        }
        outcome.finalThreshold = decider.currentThreshold(scope: scope)
        progress(HitRateProgress(phase: "stream \(policy)", completed: stream.count, total: stream.count))
        return outcome
    }
}

/// Reads each dataset text for the guards once.
struct PromptReader {
    let classes: DuplicateClasses
    let lexicon: GuardLexicon
    private var read: [Int: PromptText] = [:]

    init(classes: DuplicateClasses, lexicon: GuardLexicon) {
        self.classes = classes
        self.lexicon = lexicon
    }

    mutating func read(_ text: Int) -> PromptText {
        if let known = read[text] { return known }
        let prompt = PromptText(classes.texts[text], lexicon: lexicon)
        read[text] = prompt
        return prompt
    }
}
