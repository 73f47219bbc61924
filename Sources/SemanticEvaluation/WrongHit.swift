/// A lookup that a threshold would have answered with the wrong cached text.
public struct WrongHit: Sendable, Hashable, Encodable {
    /// The text looked up.
    public var query: String
    /// The cached text it would have been served.
    public var neighbour: String
    /// Their cosine similarity.
    public var similarity: Float

    /// A wrong hit of `query` on `neighbour`.
    public init(query: String, neighbour: String, similarity: Float) {
        self.query = query
        self.neighbour = neighbour
        self.similarity = similarity
    }

    /// The `count` most similar of `hits`, most similar first (then by query text, for a stable order).
    static func mostSimilar(_ hits: [WrongHit], count: Int) -> [WrongHit] {
        Array(
            hits.sorted { ($0.similarity, $1.query) > ($1.similarity, $0.query) }.prefix(max(0, count)))
    }

    private enum CodingKeys: String, CodingKey {
        case query, neighbour, similarity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        try container.encode(neighbour, forKey: .neighbour)
        try container.encode(Double(similarity).roundedForReport, forKey: .similarity)
    }
}
