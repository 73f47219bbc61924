import SemanticEvaluation
import Testing

@Suite("Threshold validation")
struct ThresholdValidationTests {
    @Test("a list is parsed, deduplicated and sorted")
    func parse() throws {
        #expect(try SimilarityThresholds.parse("0.9, 0.7,0.75,0.9,") == [0.7, 0.75, 0.9])
        #expect(try SimilarityThresholds.parse("-1,1") == [-1, 1])
    }

    @Test(
        "values outside [-1, 1] or not numbers are refused with a clear message",
        arguments: [
            ("1.5", SimilarityThresholds.ThresholdError.outOfRange("1.5")),
            ("0.8,-1.01", .outOfRange("-1.01")),
            ("nan", .outOfRange("nan")),
            ("inf", .outOfRange("inf")),
            ("0.8,high", .notANumber("high")),
            (" , ", .empty),
        ])
    func refused(list: String, error: SimilarityThresholds.ThresholdError) {
        #expect(throws: error) { try SimilarityThresholds.parse(list) }
    }

    @Test("the message says what a threshold must be")
    func message() {
        #expect(
            SimilarityThresholds.ThresholdError.outOfRange("1.5").description
                == "threshold 1.5 is outside [-1, 1]; a cosine similarity can only lie between -1 and 1")
    }

    @Test("the benchmark refuses thresholds outside [-1, 1] and an empty sweep")
    func benchmarkRefuses() {
        #expect(throws: SimilarityThresholds.ThresholdError.self) {
            try HitRateBenchmark(evaluationProtocol: .pairs, thresholds: [0.9, 1.2])
        }
        #expect(throws: SimilarityThresholds.ThresholdError.empty) {
            try HitRateBenchmark(evaluationProtocol: .stream, thresholds: [])
        }
        #expect(throws: SimilarityThresholds.ThresholdError.self) {
            try HitRateBenchmark(evaluationProtocol: .pairs, thresholds: [.nan])
        }
    }

    @Test("the default sweep lies in [-1, 1] and ascends")
    func defaultSweep() throws {
        for value in SimilarityThresholds.defaultSweep { try SimilarityThresholds.validate(value) }
        #expect(SimilarityThresholds.defaultSweep == SimilarityThresholds.defaultSweep.sorted())
    }
}
