import LLMCore
import SemanticCache
import SemanticEvaluation
import Testing

@Suite("Scan agreement")
struct ScanAgreementTests {
    @Test("on the hand example both protocols compare every lookup, and the scans agree on all of them")
    func handExample() throws {
        let pairs = try ScanAgreement(evaluationProtocol: .pairs, thresholds: [0.7, 0.9]).run(
            pairs: HandExample.pairs, classes: HandExample.classes, vectors: HandExample.vectors)
        #expect(pairs.lookups == 3)
        #expect(pairs.sameAnswer == 3)
        #expect(pairs.sameDecisions == [3, 3])
        #expect(pairs.agreement == 1)
        let stream = try ScanAgreement(evaluationProtocol: .stream, thresholds: [0.7, 0.9]).run(
            pairs: HandExample.pairs, classes: HandExample.classes, vectors: HandExample.vectors)
        #expect(stream.lookups == 12, "six texts, two passes")
        #expect(stream.agreement == 1)
    }

    @Test("on many random vectors with near-duplicates the int8 scan serves what the float32 scan serves")
    func randomVectors() throws {
        var random = SplitMix64(seed: 99)
        var pairs: [LabelledPair] = []
        for number in 0..<400 {
            pairs.append(LabelledPair(textA: "a\(number)", textB: "b\(number)", isDuplicate: number % 2 == 0))
        }
        let classes = DuplicateClasses(pairs: pairs)
        var vectors: [[Float]] = []
        for text in classes.texts {
            // Each b is close to its a: draw a from the text's number, b near it.
            let number = Int(text.dropFirst()) ?? 0
            var own = SplitMix64(seed: UInt64(number))
            let base = randomUnitVector(128, &own)
            if text.hasPrefix("a") {
                vectors.append(base)
            } else {
                let noise = randomUnitVector(128, &random)
                let moved = zip(base, noise).map { $0 + 0.3 * $1 }
                let length = moved.reduce(0) { $0 + $1 * $1 }.squareRoot()
                vectors.append(moved.map { $0 / length })
            }
        }
        let report = try ScanAgreement(evaluationProtocol: .stream, thresholds: [0.9, 0.95]).run(
            pairs: pairs, classes: classes, vectors: vectors)
        #expect(report.lookups == 1600)
        #expect(report.agreement == 1)
        #expect(report.largestDifference < 1e-5)
    }
}

func randomUnitVector(_ dimension: Int, _ random: inout SplitMix64) -> [Float] {
    let raw = (0..<dimension).map { _ in Float.random(in: -1...1, using: &random) }
    let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return raw.map { $0 / norm }
}
