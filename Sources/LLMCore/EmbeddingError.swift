/// Failures while embedding texts, as opposed to failures while loading a model.
public enum EmbeddingError: Error, Equatable, Sendable {
    /// The embedder produced a different number of vectors than it was given texts.
    case unexpectedOutputCount(expected: Int, actual: Int)
}

extension EmbeddingError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unexpectedOutputCount(let expected, let actual):
            return "the embedder returned \(actual) vectors for \(expected) texts"
        }
    }
}
