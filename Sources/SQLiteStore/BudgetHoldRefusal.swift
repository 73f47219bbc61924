import CacheStorage
import LLMCore

/// Why ``SQLiteStore/reserveBudget(id:amount:limits:holdLifetime:)`` held nothing: the first cap the amount
/// would pass, with what its scope had spent and what live holds (of every process) had reserved.
public struct BudgetHoldRefusal: Sendable, Hashable {
    /// The position of the refusing cap in the `limits` passed to the reservation.
    public var index: Int
    /// The refusing cap.
    public var limit: BudgetScopeLimit
    /// What the scope has spent.
    public var spent: MicroDollars
    /// What live holds on the scope reserve.
    public var held: MicroDollars

    /// A refusal by `limit` (at `index`), which had `spent` spent and `held` held.
    public init(index: Int, limit: BudgetScopeLimit, spent: MicroDollars, held: MicroDollars) {
        self.index = index
        self.limit = limit
        self.spent = spent
        self.held = held
    }
}
