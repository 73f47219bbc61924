/// A cache control with a value that cannot be used.
public enum CacheControlsError: Error, Equatable, CustomStringConvertible {
    /// A similarity threshold outside [-1, 1].
    case thresholdOutOfRange(Float)

    public var description: String {
        switch self {
        case .thresholdOutOfRange(let value):
            "similarity threshold \(value) is outside [-1, 1]; cosine similarity lies in that range "
                + "(0.9 is a strict, 0.8 a loose threshold)"
        }
    }
}
