/// The pipelines `cachectl bench cost` compares: nothing, each optimisation alone, and all of them.
enum CostBenchConfiguration: String, CaseIterable, Codable, Sendable {
    /// Every call to the model it names, no cache.
    case none
    /// The exact response cache alone.
    case exact
    /// The semantic cache alone (it also answers word-for-word repeats, at similarity 1).
    case semantic
    /// The provider's prompt cache, planned, alone.
    case promptCaching = "prompt-caching"
    /// The model router alone.
    case routing
    /// Everything together.
    case all

    var usesExact: Bool { self == .exact || self == .all }
    var usesSemantic: Bool { self == .semantic || self == .all }
    var usesPromptCaching: Bool { self == .promptCaching || self == .all }
    var usesRouting: Bool { self == .routing || self == .all }
}
