import CacheStorage
import Foundation
import SemanticCache
import Testing

@Suite("Bounded hit policy")
struct HitDeciderTests {
    /// A calibration where a candidate's wrong rate falls linearly from 50 % at 0.5 to 0 at 1, and every
    /// lookup has a candidate spread evenly over the bins.
    static func calibration(perBin: Int = 200, wrongAtLowest: Double = 0.5) -> SimilarityCalibration {
        var calibration = SimilarityCalibration.empty(model: "test", source: "synthetic", guards: [])
        for index in calibration.bins.indices {
            let share = wrongAtLowest * (1 - Double(index) / Double(calibration.bins.count - 1))
            calibration.bins[index] = .init(candidates: perBin, wrong: Int((Double(perBin) * share).rounded()))
        }
        calibration.lookups = perBin * calibration.bins.count
        return calibration
    }

    func observation(_ similarity: Float, correct: Bool, scope: String = "s", entry: Int64 = 1) -> HitObservation {
        HitObservation(
            entryID: entry, scope: scope, similarity: similarity, correct: correct, source: .verified,
            observedAt: Date(timeIntervalSince1970: 0))
    }

    func quiet() -> BoundedPolicySettings {
        var settings = BoundedPolicySettings()
        settings.explorationRate = 0
        settings.verificationRate = 0
        return settings
    }

    @Test("a looser bound serves from a lower threshold, and the threshold's expected wrong-hit rate is within it")
    func thresholdFollowsTheBound() throws {
        let calibration = Self.calibration()
        let thresholds = [0.005, 0.01, 0.02, 0.05].map {
            HitDecider(policy: .bounded(maxWrongHitRate: $0), calibration: calibration).currentThreshold(scope: "s")
        }
        #expect(thresholds == thresholds.sorted(by: >), "\(thresholds)")
        #expect(thresholds.first! < 1 && thresholds.last! > 0.5)
        for (delta, threshold) in zip([0.005, 0.01, 0.02, 0.05], thresholds) {
            let first = try #require(calibration.bin(of: threshold))
            let wrong = calibration.bins[first...].reduce(0) { $0 + $1.wrong }
            #expect(Double(wrong) / Double(calibration.lookups) <= delta, "δ \(delta) at τ \(threshold)")
        }
    }

    @Test("a calibration where everything is wrong serves nothing below 1")
    func allWrong() {
        var calibration = Self.calibration()
        for index in calibration.bins.indices { calibration.bins[index].wrong = calibration.bins[index].candidates }
        let decider = HitDecider(policy: .bounded(maxWrongHitRate: 0.01), calibration: calibration, settings: quiet())
        #expect(decider.currentThreshold(scope: "s") == 1)
        #expect(decider.decide(similarity: 0.99, scope: "s").verdict == .miss)
    }

    @Test("wrong labels in a scope raise its threshold; right ones lower it; other scopes keep theirs")
    func scopesLearn() {
        let decider = HitDecider(
            policy: .bounded(maxWrongHitRate: 0.02), calibration: Self.calibration(), settings: quiet())
        let start = decider.currentThreshold(scope: "a")
        for index in 0..<30 {
            decider.learn(observation(start + 0.01, correct: false, scope: "a", entry: Int64(index)))
        }
        let warier = decider.currentThreshold(scope: "a")
        #expect(warier > start)
        let confident = HitDecider(
            policy: .bounded(maxWrongHitRate: 0.02), calibration: Self.calibration(), settings: quiet())
        for index in 0..<200 { confident.learn(observation(start, correct: true, scope: "b", entry: Int64(index))) }
        #expect(confident.currentThreshold(scope: "b") < start)
        #expect(decider.currentThreshold(scope: "c") <= warier)
    }

    @Test("an entry labelled wrong is not served again at or below that similarity, under any guarded policy")
    func entryLabels() {
        for policy in [HitPolicy.guarded(threshold: 0.8), .bounded(maxWrongHitRate: 0.05)] {
            let decider = HitDecider(policy: policy, calibration: Self.calibration(), settings: quiet())
            decider.learn(observation(0.93, correct: false, entry: 7))
            #expect(decider.entryRefuses(7, similarity: 0.93))
            #expect(decider.entryRefuses(7, similarity: 0.9))
            #expect(!decider.entryRefuses(7, similarity: 0.95))
            #expect(!decider.entryRefuses(8, similarity: 0.9))
        }
        let plain = HitDecider(policy: .threshold(0.8), calibration: nil)
        plain.learn(observation(0.93, correct: false, entry: 7))
        #expect(!plain.entryRefuses(7, similarity: 0.9), "a plain threshold ignores labels")
    }

    @Test("exploring happens just above the threshold at about the configured rate, and slows as labels come")
    func exploration() {
        var settings = BoundedPolicySettings()
        settings.explorationRate = 0.2
        settings.verificationRate = 0.5
        settings.seed = 42
        let decider = HitDecider(
            policy: .bounded(maxWrongHitRate: 0.02), calibration: Self.calibration(), settings: settings)
        let threshold = decider.currentThreshold(scope: "s")
        var explored = 0
        var verified = 0
        for _ in 0..<2_000 {
            if decider.decide(similarity: threshold + 0.005, scope: "s").verdict == .explore { explored += 1 }
            if decider.decide(similarity: threshold - 0.005, scope: "s").verify { verified += 1 }
        }
        #expect((250...550).contains(explored), "\(explored) of 2000 at rate 0.2")
        #expect((850...1150).contains(verified), "\(verified) of 2000 at rate 0.5")
        #expect(decider.decide(similarity: 0.999, scope: "s").verdict == .serve, "far above the band: always served")
        for index in 0..<10_000 {
            decider.learn(observation(0.5 + Float(index % 100) * 0.005 + 0.001, correct: true, entry: Int64(index)))
        }
        let band = decider.currentThreshold(scope: "s")
        var later = 0
        for _ in 0..<2_000 where decider.decide(similarity: band + 0.005, scope: "s").verdict == .explore { later += 1 }
        #expect(later < explored / 3, "\(later) after 100 labels in every bin, \(explored) before")
    }

    @Test("without a calibration the bounded policy serves as a guarded τ 0.98")
    func uncalibrated() {
        let decider = HitDecider(policy: .bounded(maxWrongHitRate: 0.02), calibration: nil)
        #expect(decider.currentThreshold(scope: "s") == HitDecider.uncalibratedThreshold)
        #expect(decider.decide(similarity: 0.985, scope: "s").verdict == .serve)
        #expect(decider.decide(similarity: 0.97, scope: "s").verdict == .miss)
    }

    @Test("a request's own threshold overrides the policy and explores nothing")
    func override() {
        var settings = BoundedPolicySettings()
        settings.explorationRate = 1
        let decider = HitDecider(
            policy: .bounded(maxWrongHitRate: 0.02), calibration: Self.calibration(), settings: settings)
        #expect(decider.decide(similarity: 0.61, scope: "s", threshold: 0.6).verdict == .serve)
        #expect(decider.decide(similarity: 0.59, scope: "s", threshold: 0.6).verdict == .miss)
    }

    @Test("a calibration survives JSON, and a broken one is refused with the fix")
    func calibrationFile() throws {
        let calibration = Self.calibration()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("calibration-\(UUID()).json")
        try calibration.encoded().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SimilarityCalibration.load(contentsOf: url) == calibration)
        var broken = calibration
        broken.bins[3].wrong = broken.bins[3].candidates + 1
        try broken.encoded().write(to: url)
        #expect {
            try SimilarityCalibration.load(contentsOf: url)
        } throws: { error in
            "\(error)".contains("cachectl calibrate")
        }
    }

    @Test("the shipped calibration is for MiniLM, with the standard guards, and usable")
    func shipped() throws {
        let shipped = SimilarityCalibration.shipped
        try shipped.validate()
        #expect(shipped.model == "sentence-transformers/all-MiniLM-L6-v2")
        #expect(Set(shipped.guards) == Set(GuardKind.allCases))
        #expect(shipped.lookups > 10_000)
        let threshold = HitDecider(policy: .bounded(maxWrongHitRate: 0.02), calibration: shipped)
            .currentThreshold(scope: "s")
        #expect(threshold > 0.8 && threshold < 1)
    }
}
