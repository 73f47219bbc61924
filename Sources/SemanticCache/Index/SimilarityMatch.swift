/// One neighbour found by a similarity search.
public struct SimilarityMatch: Sendable, Hashable {
    /// The stored entry's id.
    public var id: Int64
    /// Cosine similarity to the query (vectors are unit length, so this is their dot product).
    public var similarity: Float

    public init(id: Int64, similarity: Float) {
        self.id = id
        self.similarity = similarity
    }
}
