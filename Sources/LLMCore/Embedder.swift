/// A model that turns texts into vectors whose dot product says how alike the texts are.
///
/// Every vector an embedder returns has ``dimension`` components and unit Euclidean length, so
/// the cosine similarity of two texts is the dot product of their vectors. Vectors from embedders
/// with different ``modelIdentifier`` values are not comparable.
///
/// Conforming types are `Sendable` and must be safe to call from many tasks at once.
public protocol Embedder: Sendable {
    /// A stable name for the model and the settings that shape its vectors.
    var modelIdentifier: String { get }

    /// The number of components in every vector.
    var dimension: Int { get }

    /// Embeds each text.
    ///
    /// - Parameter texts: The texts, in any number (including none).
    /// - Returns: One unit-length vector of ``dimension`` components per text, in the order given.
    func embed(_ texts: [String]) async throws -> [[Float]]
}

extension Embedder {
    /// Embeds one text.
    ///
    /// - Parameter text: The text.
    /// - Returns: A unit-length vector of ``dimension`` components.
    public func embed(_ text: String) async throws -> [Float] {
        let vectors = try await embed([text])
        guard let vector = vectors.first else {
            throw EmbeddingError.unexpectedOutputCount(expected: 1, actual: vectors.count)
        }
        return vector
    }
}
