import CacheStorage
import Foundation
import LLMCore

/// One cap checked by ``SQLiteStore/reserveBudget(id:amount:limits:holdLifetime:)``: a named scope of spend
/// and the most it may reach, kept in the database so that every process on the file sees it.
public struct BudgetScopeLimit: Sendable, Hashable {
    /// Names what the cap counts, e.g. `day:2026-11-22` or `run:nightly-eval`.
    public var scope: String
    /// The most the scope may spend.
    public var limit: MicroDollars
    /// For a daily cap: the interval whose ledger spend the scope starts from when the database first sees
    /// it. `nil` starts the scope at zero.
    public var ledgerInterval: DateInterval?
    /// For a cost tag's cap: the tag, so that the starting spend counts only the ledger's records with it.
    /// `nil` counts every record.
    public var ledgerTag: CostTag?

    /// A cap of `limit` on `scope`, starting from the ledger's spend in `ledgerInterval` when given (of the
    /// records tagged `ledgerTag` only, when given).
    public init(scope: String, limit: MicroDollars, ledgerInterval: DateInterval? = nil, ledgerTag: CostTag? = nil) {
        self.scope = scope
        self.limit = limit
        self.ledgerInterval = ledgerInterval
        self.ledgerTag = ledgerTag
    }
}
