import Foundation
import SemanticEvaluation

/// Cosine thresholds as option values: parsed when the command line is, and refused with the reason when
/// they are not numbers in [-1, 1] (`SimilarityThresholds`' rule and messages).
enum ThresholdArgument {
    /// One threshold, such as `0.9`.
    static func parse(_ text: String) throws -> Float {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Float(trimmed) else { throw SimilarityThresholds.ThresholdError.notANumber(trimmed) }
        try SimilarityThresholds.validate(value)
        return value
    }

    /// A comma-separated list, such as `0.8,0.85,0.9`: distinct thresholds, ascending.
    static func parseList(_ text: String) throws -> [Float] {
        try SimilarityThresholds.parse(text)
    }
}
