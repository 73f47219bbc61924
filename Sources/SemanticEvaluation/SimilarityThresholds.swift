import Foundation

/// Parsing and checking cosine thresholds: a threshold is a finite number in [-1, 1].
public enum SimilarityThresholds {
    /// The sweep used when none is given: 0.60 to 0.80 by 0.05, then 0.82 to 0.98 by 0.02.
    public static let defaultSweep: [Float] = [
        0.60, 0.65, 0.70, 0.75, 0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98,
    ]

    /// What is wrong with a threshold.
    public enum ThresholdError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The text is not a number.
        case notANumber(String)
        /// The value is outside [-1, 1] (or not finite).
        case outOfRange(String)
        /// No threshold was given.
        case empty

        public var description: String {
            switch self {
            case .notANumber(let text):
                "threshold '\(text)' is not a number; give cosine thresholds such as 0.85,0.9"
            case .outOfRange(let text):
                "threshold \(text) is outside [-1, 1]; a cosine similarity can only lie between -1 and 1"
            case .empty:
                "no threshold given; give cosine thresholds such as 0.85,0.9"
            }
        }
    }

    /// Checks that `value` is a usable threshold.
    public static func validate(_ value: Float) throws {
        guard value.isFinite, (-1...1).contains(value) else { throw ThresholdError.outOfRange("\(value)") }
    }

    /// Parses a comma-separated list such as `0.7,0.75,0.9` into distinct thresholds, ascending.
    public static func parse(_ list: String) throws -> [Float] {
        var values: Set<Float> = []
        for part in list.split(separator: ",", omittingEmptySubsequences: true) {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            guard let value = Float(text) else { throw ThresholdError.notANumber(text) }
            guard value.isFinite, (-1...1).contains(value) else { throw ThresholdError.outOfRange(text) }
            values.insert(value)
        }
        guard !values.isEmpty else { throw ThresholdError.empty }
        return values.sorted()
    }
}
