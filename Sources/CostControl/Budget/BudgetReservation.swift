import LLMCore

/// Money held for one call between ``BudgetGate/reserve(_:)`` and ``BudgetGate/settle(_:with:)``.
public struct BudgetReservation: Sendable, Hashable {
    /// Identifies the reservation within its gate.
    public let id: UInt64
    /// The amount held.
    public let amount: MicroDollars
    /// The day whose daily cap the reservation counts against.
    public let day: UTCDay
    /// The part held in a ``SharedBudget``, when the gate has one.
    public let shared: SharedReservation?
    /// The cost tags whose caps (``BudgetLimits/tagCaps``) the reservation counts against, in order.
    public let tags: [CostTag]
}
