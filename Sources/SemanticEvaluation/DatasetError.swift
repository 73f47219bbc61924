/// Why a dataset file could not be used.
public enum DatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file starts as a JSON list but is not valid JSON as a whole.
    case invalidJSON(file: String, reason: String)
    /// A line (or list item) is empty or malformed and the policy was ``BadLinePolicy/stop``.
    case badLine(DatasetLineError)
    /// The file holds no usable pair.
    case noPairs(file: String, skippedLines: Int)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "cannot read dataset \(file): \(reason)"
        case .invalidJSON(let file, let reason):
            "dataset \(file) is not valid JSON: \(reason)"
        case .badLine(let error):
            "\(error)"
        case .noPairs(let file, let skipped):
            skipped == 0
                ? "dataset \(file) holds no pairs"
                : "dataset \(file) holds no usable pairs (\(skipped) bad \(skipped == 1 ? "line" : "lines") skipped)"
        }
    }
}
