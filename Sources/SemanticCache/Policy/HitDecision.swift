/// What the semantic layer does with its best candidate for one lookup.
public struct HitDecision: Sendable, Hashable {
    /// Serve, explore or miss.
    public enum Verdict: String, Sendable, Hashable {
        /// Serve the stored answer.
        case serve
        /// Call upstream instead, and judge the stored answer against the fresh one.
        case explore
        /// Do not serve; the call goes upstream.
        case miss
    }

    /// The verdict.
    public var verdict: Verdict
    /// The similarity threshold the decision was made at.
    public var threshold: Float
    /// On a miss: judge the candidate's stored answer against the fresh one (a sampled near miss).
    public var verify: Bool = false

    /// Whether the fresh answer is to be judged against the candidate (explored, or a verified near miss).
    public var judges: Bool { verdict == .explore || verify }
}
