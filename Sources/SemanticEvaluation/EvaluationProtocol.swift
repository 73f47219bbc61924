/// How a labelled-pair dataset is turned into cache lookups.
public enum EvaluationProtocol: String, Sendable, CaseIterable, Codable {
    /// The cache holds every distinct `text_a`; every `text_b` is one query, searched in batches; a query
    /// hits when its top-1 neighbour's cosine is ≥ τ.
    case pairs
    /// Every text of every pair (repeats kept) in one seeded shuffle, fed to an empty cache: each is looked
    /// up and inserted on a miss; one run per τ.
    case stream
}
