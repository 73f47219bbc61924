/// The price tiers a router chooses between.
public enum RoutingTier: String, Sendable, Hashable, CaseIterable, Codable {
    /// Simple extraction, classification and formatting.
    case cheap
    /// Long inputs and many items.
    case standard
    /// Deep reasoning.
    case premium
}
