/// The model a router chose and why.
public struct RoutingDecision: Sendable, Hashable, CustomStringConvertible {
    /// Why a model was chosen.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// The caller forced the model.
        case forced
        /// The task was marked as needing deep reasoning.
        case deepReasoning
        /// The input was at least `threshold` characters long.
        case longInput(characters: Int, threshold: Int)
        /// The task had at least `threshold` items.
        case manyItems(count: Int, threshold: Int)
        /// None of the above: a simple task.
        case simple

        /// A short, stable name for counting (`forced`, `deep_reasoning`, `long_input`, `many_items`, `simple`).
        public var key: String {
            switch self {
            case .forced: "forced"
            case .deepReasoning: "deep_reasoning"
            case .longInput: "long_input"
            case .manyItems: "many_items"
            case .simple: "simple"
            }
        }

        public var description: String {
            switch self {
            case .forced: "model forced by the caller"
            case .deepReasoning: "deep reasoning requested"
            case .longInput(let characters, let threshold): "long input: \(characters) ≥ \(threshold) characters"
            case .manyItems(let count, let threshold): "many items: \(count) ≥ \(threshold)"
            case .simple: "simple task"
            }
        }
    }

    /// The chosen model.
    public var model: String
    /// The tier, or `nil` when the model was forced.
    public var tier: RoutingTier?
    /// Why.
    public var reason: Reason

    public var description: String { "\(model) (\(tier.map { "\($0.rawValue) tier, " } ?? "")\(reason))" }
}
