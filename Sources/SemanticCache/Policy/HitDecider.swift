import CacheStorage
import Synchronization

/// Decides, for each semantic lookup, whether its best candidate is served, and learns from labelled
/// outcomes. One decider serves one ``SemanticCache``; it is safe from any number of tasks (its state is
/// under one lock, held for a few microseconds per call).
///
/// **The bounded policy.** For a maximum wrong-hit rate δ (wrong answers per lookup) the decider serves a
/// candidate at or above the lowest threshold τ whose *conservative* expected wrong-hit rate is within δ:
///
///     upper(τ) = Σ_{b ≥ τ} f_b · min(1, ρ · w_b)  +  z · √(variance)   ≤  δ
///
/// - `w_b`, the probability that a candidate of similarity bin `b` is wrong: the calibration's counts
///   (scaled to count as ``BoundedPolicySettings/priorLabels`` labels) plus every label learnt since,
///   smoothed and made non-increasing in similarity (isotonic regression);
/// - `f_b`, how often a lookup's candidate falls in bin `b`: the calibration's distribution (counting as
///   ``BoundedPolicySettings/priorLookups`` lookups) plus the recent lookups (fading over
///   ``BoundedPolicySettings/densityHorizon``), so that τ follows the traffic as it is now;
/// - `ρ`, the scope's own correction: a scope whose labels were wrong more (or less) often than `w`
///   expected has its rates scaled by (wrong + k) / (expected + k);
/// - the variance of both estimates (few labels or few lookups widen it, so that little evidence means
///   caution).
///
/// An entry that was labelled wrong for a query at similarity s is never served again at or below s.
/// A would-be hit just above τ is explored now and then (sent upstream, the stored answer judged against
/// the fresh one), and a near miss just below τ is verified (judged against the fresh answer the call
/// gets anyway): the labels that keep the estimates honest.
///
/// The idea of per-entry thresholds under a user-set error bound follows vCache (Schroeder et al., 2025,
/// arXiv 2502.03771); this estimator, pooled by similarity with a scope correction and a Wilson-style
/// bound, is this project's own.
public final class HitDecider: Sendable {
    /// The policy.
    public let policy: HitPolicy
    /// The calibration the bounded policy starts from, when one fits the embedder.
    public let calibration: SimilarityCalibration?
    /// The bounded policy's knobs.
    public let settings: BoundedPolicySettings
    /// The guarded threshold used when the bounded policy has no calibration for the embedder.
    public static let uncalibratedThreshold: Float = 0.98
    private let state: Mutex<State>

    /// A decider for `policy`, starting from `calibration` (ignored unless the policy is bounded; without
    /// one the bounded policy serves as a guarded threshold of ``uncalibratedThreshold`` until labels come).
    public init(policy: HitPolicy, calibration: SimilarityCalibration?, settings: BoundedPolicySettings = .init()) {
        self.policy = policy
        let usable = calibration.flatMap { (try? $0.validate()) == nil ? nil : $0 }
        self.calibration = usable
        self.settings = settings
        let frame = usable ?? .empty(model: "", source: "", guards: [])
        state = Mutex(State(frame: frame, seed: settings.seed))
    }

    /// The lowest similarity worth searching for: candidates below it are never served nor learnt from.
    public var searchFloor: Float {
        if let fixed = policy.fixedThreshold { return fixed }
        return calibration?.lowest ?? Self.uncalibratedThreshold
    }

    /// Whether entry `entryID` was labelled wrong for a query at `similarity` or above, so must not serve it.
    public func entryRefuses(_ entryID: Int64, similarity: Float) -> Bool {
        guard policy.usesGuards else { return false }
        return state.withLock { state in state.entryWrongAt[entryID].map { similarity <= $0 + 1e-6 } ?? false }
    }

    /// Decides on a lookup's best candidate (the best stored prompt the guards let through; its similarity,
    /// or `nil` when there is none), and counts the lookup. `threshold` overrides the policy's threshold
    /// for this call (a request's own threshold): then nothing is explored.
    public func decide(similarity: Float?, scope: String, threshold override: Float? = nil) -> HitDecision {
        state.withLock { state in
            if calibration != nil || policy.fixedThreshold == nil {
                state.note(similarity, horizon: settings.densityHorizon)
            }
            if let fixed = override ?? policy.fixedThreshold {
                let served = similarity.map { $0 >= fixed } ?? false
                return HitDecision(verdict: served ? .serve : .miss, threshold: fixed)
            }
            guard case .bounded(let delta) = policy, calibration != nil else {
                let fixed = Self.uncalibratedThreshold
                return HitDecision(verdict: (similarity ?? -2) >= fixed ? .serve : .miss, threshold: fixed)
            }
            let threshold = state.threshold(delta: delta, scope: scope, settings: settings)
            guard let similarity else { return HitDecision(verdict: .miss, threshold: threshold) }
            if similarity >= threshold {
                if similarity < threshold + settings.band {
                    let labels = state.labels(from: threshold - settings.band, to: threshold + settings.band)
                    let rate = settings.explorationRate / (1 + labels / max(1, settings.labelsForConfidence))
                    if state.random.unit() < rate { return HitDecision(verdict: .explore, threshold: threshold) }
                }
                return HitDecision(verdict: .serve, threshold: threshold)
            }
            let near = similarity >= threshold - settings.band && state.random.unit() < settings.verificationRate
            return HitDecision(verdict: .miss, threshold: threshold, verify: near)
        }
    }

    /// The threshold the policy applies in `scope` now (for a bounded policy it moves as the layer learns).
    public func currentThreshold(scope: String) -> Float {
        if let fixed = policy.fixedThreshold { return fixed }
        guard case .bounded(let delta) = policy, calibration != nil else { return Self.uncalibratedThreshold }
        return state.withLock { $0.threshold(delta: delta, scope: scope, settings: settings) }
    }

    /// Learns from a labelled outcome: the similarity bin's wrong rate, the scope's correction, and (when
    /// wrong) the entry's own refusal.
    public func learn(_ observation: HitObservation) {
        state.withLock { $0.learn(observation, settings: settings) }
    }

    /// Labelled outcomes learnt so far (from this process and the store's history).
    public var labelCount: Int { state.withLock { Int($0.labelTotal.reduce(0, +)) } }

    /// Recent lookups counted (older ones fade; see ``BoundedPolicySettings/densityHorizon``).
    public var recentLookups: Double { state.withLock { $0.lookups } }
}

/// The decider's learnt state.
private struct State {
    let frame: SimilarityCalibration
    var random: SplitMix
    var lookups: Double = 0
    var density: [Double]
    var labelWrong: [Double]
    var labelTotal: [Double]
    var scopes: [String: (wrong: Double, expected: Double)] = [:]
    var entryWrongAt: [Int64: Float] = [:]

    /// The calibration's candidates and wrong candidates over all bins (fixed for the decider's life).
    let calibrated: Double
    let calibratedWrong: Double

    init(frame: SimilarityCalibration, seed: UInt64) {
        self.frame = frame
        calibrated = Double(frame.bins.reduce(0) { $0 + $1.candidates })
        calibratedWrong = Double(frame.bins.reduce(0) { $0 + $1.wrong })
        random = SplitMix(seed: seed)
        density = Array(repeating: 0, count: frame.bins.count)
        labelWrong = density
        labelTotal = density
    }

    /// Counts a lookup; earlier ones fade so that the counts cover about `horizon` recent lookups.
    mutating func note(_ similarity: Float?, horizon: Double) {
        let keep = horizon > 1 ? 1 - 1 / horizon : 1
        if keep < 1 {
            lookups *= keep
            for index in density.indices { density[index] *= keep }
        }
        lookups += 1
        if let similarity, let bin = frame.bin(of: similarity) { density[bin] += 1 }
    }

    mutating func learn(_ observation: HitObservation, settings: BoundedPolicySettings) {
        if !observation.correct {
            entryWrongAt[observation.entryID] = max(entryWrongAt[observation.entryID] ?? -1, observation.similarity)
        }
        guard let bin = frame.bin(of: observation.similarity) else { return }
        let expected = wrongRates(settings: settings)[bin]
        var scope = scopes[observation.scope] ?? (0, 0)
        scope.expected += expected
        if !observation.correct { scope.wrong += 1 }
        scopes[observation.scope] = scope
        labelTotal[bin] += 1
        if !observation.correct { labelWrong[bin] += 1 }
    }

    /// Labels in the bins covering [from, to).
    func labels(from: Float, to: Float) -> Double {
        guard !frame.bins.isEmpty else { return 0 }
        let first = frame.bin(of: max(from, frame.lowest)) ?? 0
        let last = frame.bin(of: min(to, 1)) ?? frame.bins.count - 1
        return first <= last ? labelTotal[first...last].reduce(0, +) : 0
    }

    /// The probability that a candidate in each bin is wrong: calibration and labels pooled, smoothed
    /// towards the overall rate, non-increasing in similarity.
    func wrongRates(settings: BoundedPolicySettings) -> [Double] {
        let scale = calibrated > 0 ? min(1, settings.priorLabels / calibrated) : 0
        let wrongAll = calibratedWrong * scale + labelWrong.reduce(0, +)
        let totalAll = calibrated * scale + labelTotal.reduce(0, +)
        let overall = totalAll > 0 ? wrongAll / totalAll : 0.5
        var rates: [Double] = []
        var weights: [Double] = []
        for (index, bin) in frame.bins.enumerated() {
            let wrong = Double(bin.wrong) * scale + labelWrong[index] + overall
            let total = Double(bin.candidates) * scale + labelTotal[index] + 1
            rates.append(wrong / total)
            weights.append(total)
        }
        return Isotonic.nonIncreasing(rates, weights: weights)
    }

    /// The lowest bin edge whose conservative expected wrong-hit rate in `scope` is within `delta`; 1 when
    /// even the top bin is not.
    func threshold(delta: Double, scope: String, settings: BoundedPolicySettings) -> Float {
        let rates = wrongRates(settings: settings)
        let labelScale = calibrated > 0 ? min(1, settings.priorLabels / calibrated) : 0
        let lookupScale = frame.lookups > 0 ? min(1, settings.priorLookups / Double(frame.lookups)) : 0
        let effectiveLookups = Double(frame.lookups) * lookupScale + lookups
        guard effectiveLookups > 0 else { return 1 }
        let correction =
            scopes[scope].map { ($0.wrong + settings.scopeStrength) / ($0.expected + settings.scopeStrength) } ?? 1
        var mean = 0.0
        var rateVariance = 0.0
        var chosen = frame.bins.count
        for index in frame.bins.indices.reversed() {
            let share = (Double(frame.bins[index].candidates) * lookupScale + density[index]) / effectiveLookups
            let rate = min(1, correction * rates[index])
            let evidence = Double(frame.bins[index].candidates) * labelScale + labelTotal[index] + 1
            mean += share * rate
            rateVariance += share * share * rate * (1 - rate) / evidence
            let upper = mean + settings.confidenceZ * (rateVariance + mean * (1 - mean) / effectiveLookups).squareRoot()
            guard upper <= delta else { break }
            chosen = index
        }
        return chosen < frame.bins.count ? frame.lowerEdge(of: chosen) : 1
    }
}

/// A small, fast, seedable generator (SplitMix64) for the decider's sampling.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
