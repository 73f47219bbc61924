import CacheStorage

/// Why ``SQLiteStore/reserveBudget(id:amount:limits:holdLifetime:)`` held nothing: the first cap the amount
/// would pass, with what its scope had spent and what live holds (of every process) had reserved.
public struct BudgetHoldRefusal: Sendable, Hashable {
    /// The position of the refusing cap in the `limits` passed to the reservation.
    public var index: Int
    /// The refusing cap.
    public var limit: BudgetScopeLimit
    /// What the scope has spent, in micro-dollars.
    public var spentMicros: Int64
    /// What live holds on the scope reserve, in micro-dollars.
    public var heldMicros: Int64

    /// A refusal by `limit` (at `index`), which had `spentMicros` spent and `heldMicros` held.
    public init(index: Int, limit: BudgetScopeLimit, spentMicros: Int64, heldMicros: Int64) {
        self.index = index
        self.limit = limit
        self.spentMicros = spentMicros
        self.heldMicros = heldMicros
    }
}
