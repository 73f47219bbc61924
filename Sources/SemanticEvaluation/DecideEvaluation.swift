import CacheStorage
import Foundation
import SemanticCache

/// The "decide" protocol: labelled pairs read one by one, each asking whether `text_b` would be served
/// `text_a`'s answer under a policy; scored against the pair's label, overall and per category.
///
/// Each pair is one lookup whose only candidate is `text_a` at the pair's cosine. A bounded policy learns
/// as it goes: an explored pair or a verified near miss teaches it the pair's label.
public struct DecideEvaluation: Sendable {
    /// The policy.
    public var policy: HitPolicy
    /// The guards (used unless the policy is a plain threshold).
    public var guards: HitGuards
    /// The calibration of a bounded policy.
    public var calibration: SimilarityCalibration?
    /// The bounded policy's knobs.
    public var settings: BoundedPolicySettings
    /// The static threshold each guard is measured against on its own.
    public var referenceThreshold: Float

    /// A run of `policy`, measuring each guard against a static `referenceThreshold`.
    public init(
        policy: HitPolicy, guards: HitGuards = .standard, calibration: SimilarityCalibration? = nil,
        settings: BoundedPolicySettings = .init(), referenceThreshold: Float = 0.9
    ) {
        self.policy = policy
        self.guards = guards
        self.calibration = calibration
        self.settings = settings
        self.referenceThreshold = referenceThreshold
    }

    /// Scores the pairs; `similarities` holds each pair's cosine, in order.
    public func run(pairs: [LabelledPair], similarities: [Float]) -> DecideReport {
        let decider = HitDecider(policy: policy, calibration: calibration, settings: settings)
        var overall = DecideCounts()
        var categories: [String: DecideCounts] = [:]
        var guardEffects: [String: GuardEffect] = [:]
        for kind in guards.enabled { guardEffects[kind.rawValue] = GuardEffect() }
        var wrongServed: [WrongHit] = []
        var refusedRight: [RefusedPair] = []
        for (position, (pair, similarity)) in zip(pairs, similarities).enumerated() {
            let query = PromptText(pair.textB, lexicon: guards.lexicon)
            let stored = PromptText(pair.textA, lexicon: guards.lexicon)
            let refusals = guards.refusals(query: query, candidate: stored)
            if similarity >= referenceThreshold {
                for refusal in refusals { guardEffects[refusal.kind.rawValue]?.count(refusedCorrect: pair.isDuplicate) }
                for kind in guards.enabled { guardEffects[kind.rawValue]?.countServed(correct: pair.isDuplicate) }
            }
            let entry = Int64(position)
            let refused = policy.usesGuards && !refusals.isEmpty
            let decision = decider.decide(similarity: refused ? nil : similarity, scope: "pairs")
            let served = !refused && decision.verdict == .serve
            if !refused && decision.judges {
                decider.learn(
                    HitObservation(
                        entryID: entry, scope: "pairs", similarity: similarity, correct: pair.isDuplicate,
                        source: .verified, observedAt: Date(timeIntervalSince1970: 0)))
            }
            overall.count(served: served, duplicate: pair.isDuplicate, explored: decision.verdict == .explore)
            if let category = pair.category {
                categories[category, default: DecideCounts()].count(
                    served: served, duplicate: pair.isDuplicate, explored: decision.verdict == .explore)
            }
            if refused && pair.isDuplicate && similarity >= referenceThreshold, let first = refusals.first {
                refusedRight.append(
                    RefusedPair(query: pair.textB, neighbour: pair.textA, similarity: similarity, refusal: "\(first)"))
            }
            if served && !pair.isDuplicate {
                wrongServed.append(WrongHit(query: pair.textB, neighbour: pair.textA, similarity: similarity))
            }
        }
        return DecideReport(
            policy: policy.description, referenceThreshold: referenceThreshold, overall: overall,
            categories: categories, guards: guardEffects,
            wrongServed: wrongServed.sorted { $0.similarity > $1.similarity },
            refusedRight: refusedRight.sorted { $0.similarity > $1.similarity })
    }
}

/// Counts of the decide protocol.
public struct DecideCounts: Sendable, Encodable, Hashable {
    /// Pairs read.
    public var pairs = 0
    /// Pairs labelled duplicates.
    public var duplicates = 0
    /// Pairs served.
    public var served = 0
    /// Served pairs labelled duplicates.
    public var correct = 0
    /// Pairs explored.
    public var explored = 0

    /// Empty counts.
    public init() {}

    mutating func count(served isServed: Bool, duplicate: Bool, explored isExplored: Bool) {
        pairs += 1
        if duplicate { duplicates += 1 }
        if isServed { served += 1 }
        if isServed && duplicate { correct += 1 }
        if isExplored { explored += 1 }
    }

    /// correct / served, or `nil` when nothing was served.
    public var precision: Double? { served == 0 ? nil : Double(correct) / Double(served) }
    /// correct / duplicates, or `nil` without duplicates.
    public var recall: Double? { duplicates == 0 ? nil : Double(correct) / Double(duplicates) }
    /// Served pairs that are not duplicates.
    public var wrong: Int { served - correct }
}

/// What one guard does, on its own, to the pairs the reference threshold serves.
public struct GuardEffect: Sendable, Encodable, Hashable {
    /// Wrong pairs the threshold serves.
    public var wrongServed = 0
    /// Of those, refused by this guard.
    public var wrongRefused = 0
    /// Right pairs (duplicates) the threshold serves.
    public var correctServed = 0
    /// Of those, refused by this guard (the guard's cost).
    public var correctRefused = 0

    enum CodingKeys: String, CodingKey {
        case wrongServed = "wrong_served"
        case wrongRefused = "wrong_refused"
        case correctServed = "correct_served"
        case correctRefused = "correct_refused"
    }

    mutating func count(refusedCorrect: Bool) {
        if refusedCorrect { correctRefused += 1 } else { wrongRefused += 1 }
    }

    mutating func countServed(correct: Bool) {
        if correct { correctServed += 1 } else { wrongServed += 1 }
    }
}

/// The decide protocol's results.
public struct DecideReport: Sendable, Encodable {
    /// The policy, in words.
    public var policy: String
    /// The static threshold the guards were measured against.
    public var referenceThreshold: Float
    /// Every pair.
    public var overall: DecideCounts
    /// Per category, for files that give one.
    public var categories: [String: DecideCounts]
    /// Per guard, on its own, against the reference threshold.
    public var guards: [String: GuardEffect]
    /// Wrong pairs served, most similar first.
    public var wrongServed: [WrongHit]
    /// Duplicates at or above the reference threshold that a guard refused, most similar first.
    public var refusedRight: [RefusedPair]

    enum CodingKeys: String, CodingKey {
        case policy
        case referenceThreshold = "reference_threshold"
        case overall, categories, guards
        case wrongServed = "wrong_served"
        case refusedRight = "refused_right"
    }
}

/// A duplicate pair a guard refused.
public struct RefusedPair: Sendable, Encodable, Hashable {
    /// The text looked up.
    public var query: String
    /// The stored text.
    public var neighbour: String
    /// Their cosine similarity.
    public var similarity: Float
    /// The guard's refusal, in words.
    public var refusal: String
}
