/// How far a benchmark run has come, reported to a progress callback.
public struct HitRateProgress: Sendable, Hashable {
    /// The work under way, e.g. `embedding` or `searching`.
    public var phase: String
    /// Units of work done in this phase.
    public var completed: Int
    /// Units of work in this phase.
    public var total: Int

    /// Progress `completed` of `total` in `phase`.
    public init(phase: String, completed: Int, total: Int) {
        self.phase = phase
        self.completed = completed
        self.total = total
    }

    /// The fraction done, from 0 to 1.
    public var fraction: Double { total <= 0 ? 1 : min(1, Double(completed) / Double(total)) }
}
