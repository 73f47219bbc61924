import Foundation

/// A labelled outcome of a semantic match: whether a stored answer was right for a query at a similarity.
///
/// The semantic layer learns from these (per scope and per entry), and the store keeps them, so that what
/// was learnt survives a restart and is shared by the instances on one store.
public struct HitObservation: Sendable, Hashable {
    /// Where the label came from.
    public enum Source: String, Sendable, Codable, Hashable {
        /// A caller said the served answer was wrong (`reportWrongHit`).
        case reportedWrong = "reported-wrong"
        /// A caller said the served answer was right (`confirmHit`).
        case confirmed
        /// A sampled verification compared the stored answer with a fresh one.
        case verified
    }

    /// The row id of the stored entry whose answer was judged.
    public var entryID: Int64
    /// The scope the match was made in.
    public var scope: String
    /// The cosine similarity of the query to the entry's prompt.
    public var similarity: Float
    /// Whether the entry's answer was right for the query.
    public var correct: Bool
    /// Where the label came from.
    public var source: Source
    /// When it was observed.
    public var observedAt: Date

    /// An observation of entry `entryID` in `scope` at `similarity`.
    public init(entryID: Int64, scope: String, similarity: Float, correct: Bool, source: Source, observedAt: Date) {
        self.entryID = entryID
        self.scope = scope
        self.similarity = similarity
        self.correct = correct
        self.source = source
        self.observedAt = observedAt
    }

    /// The similarity in millionths, as the stores keep it (exact integers in both dialects).
    public var similarityMicros: Int64 { Int64((Double(similarity) * 1_000_000).rounded()) }

    /// The similarity of a stored value in millionths, clamped to [-1, 1].
    public static func similarity(micros: Int64) -> Float { Float(min(1, max(-1, Double(micros) / 1_000_000))) }
}

/// A stored observation and its row id (ids grow with insertion; page with `observations(after:limit:)`).
public struct StoredHitObservation: Sendable, Hashable {
    /// The row id.
    public var id: Int64
    /// The observation.
    public var observation: HitObservation

    /// A stored observation.
    public init(id: Int64, observation: HitObservation) {
        self.id = id
        self.observation = observation
    }
}
