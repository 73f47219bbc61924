import Foundation

/// How often a semantic candidate is right, by similarity: counts from labelled lookups, fitted offline
/// (`cachectl calibrate --dataset FILE`) and refined online by the bounded policy.
///
/// Similarities from ``lowest`` to 1 are cut into bins of ``width``. For one lookup the candidate is the
/// best stored prompt that the guards let through; each bin counts the lookups whose candidate fell in it
/// and how many of those candidates were wrong. ``lookups`` counts every lookup, with a candidate or not,
/// so that the counts also say how often a lookup meets a candidate of each similarity: the expected
/// wrong-hit rate of a threshold τ is the sum, over the bins at or above τ, of (candidates / lookups) ×
/// (wrong / candidates).
public struct SimilarityCalibration: Sendable, Codable, Hashable {
    /// One similarity bin's counts.
    public struct Bin: Sendable, Codable, Hashable {
        /// Lookups whose candidate fell in this bin.
        public var candidates: Int
        /// How many of those candidates were wrong.
        public var wrong: Int

        /// A bin with these counts.
        public init(candidates: Int, wrong: Int) {
            self.candidates = candidates
            self.wrong = wrong
        }
    }

    /// The embedder's model identifier; a calibration applies only to similarities of that model.
    public var model: String
    /// The labelled data it was fitted on.
    public var source: String
    /// The guards that ran when it was fitted (candidates are those the guards let through).
    public var guards: [GuardKind]
    /// The lower edge of the first bin.
    public var lowest: Float
    /// The width of each bin.
    public var width: Float
    /// Every lookup counted, with a candidate or not.
    public var lookups: Int
    /// The bins, from ``lowest`` upwards; the last one ends at 1.
    public var bins: [Bin]

    /// A calibration with these counts.
    public init(
        model: String, source: String, guards: [GuardKind], lowest: Float, width: Float, lookups: Int, bins: [Bin]
    ) {
        self.model = model
        self.source = source
        self.guards = guards
        self.lowest = lowest
        self.width = width
        self.lookups = lookups
        self.bins = bins
    }

    /// An empty calibration over the standard bins: 0.5 to 1 in steps of 0.005.
    public static func empty(model: String, source: String, guards: [GuardKind]) -> SimilarityCalibration {
        SimilarityCalibration(
            model: model, source: source, guards: guards, lowest: 0.5, width: 0.005, lookups: 0,
            bins: Array(repeating: Bin(candidates: 0, wrong: 0), count: 100))
    }

    /// The bin `similarity` falls in, or `nil` below ``lowest``.
    public func bin(of similarity: Float) -> Int? {
        guard similarity >= lowest, !bins.isEmpty, width > 0 else { return nil }
        let position = Double(similarity - lowest) / Double(width)
        guard position.isFinite else { return nil }
        return min(bins.count - 1, max(0, Int(position.rounded(.down))))
    }

    /// The lower edge of bin `index`.
    public func lowerEdge(of index: Int) -> Float { lowest + Float(index) * width }

    /// Counts one lookup: its candidate's similarity (`nil` without a candidate) and whether it was right.
    public mutating func add(similarity: Float?, correct: Bool) {
        lookups += 1
        guard let similarity, let index = bin(of: similarity) else { return }
        bins[index].candidates += 1
        if !correct { bins[index].wrong += 1 }
    }

    /// Whether the counts are usable: bins cover [lowest, 1], no count is negative, none exceeds another.
    public func validate() throws {
        let covered = Double(lowest) + Double(width) * Double(bins.count)
        guard width > 0, lowest < 1, !bins.isEmpty, abs(covered - 1) < 1e-3 else {
            throw CalibrationError("the bins must cover [lowest, 1]: lowest \(lowest) + \(bins.count) × \(width)")
        }
        guard lookups >= 0, bins.allSatisfy({ $0.candidates >= 0 && $0.wrong >= 0 && $0.wrong <= $0.candidates }),
            bins.reduce(0, { $0 + $1.candidates }) <= lookups
        else {
            throw CalibrationError("a count is negative, or wrong exceeds candidates, or candidates exceed lookups")
        }
    }

    /// Reads a calibration written by `cachectl calibrate`, and checks it.
    ///
    /// - Throws: the file's read error, a `DecodingError`, or ``CalibrationError``.
    public static func load(contentsOf url: URL) throws -> SimilarityCalibration {
        let calibration = try JSONDecoder().decode(SimilarityCalibration.self, from: Data(contentsOf: url))
        try calibration.validate()
        return calibration
    }

    /// The calibration as JSON, keys sorted.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// A calibration file that cannot be used.
public struct CalibrationError: Error, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { "unusable calibration: \(message); refit it with `cachectl calibrate`" }
}
