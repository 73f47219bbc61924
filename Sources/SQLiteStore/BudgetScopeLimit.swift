import CacheStorage
import Foundation

/// One cap checked by ``SQLiteStore/reserveBudget(id:amount:limits:holdLifetime:)``: a named scope of spend
/// and the most it may reach, kept in the database so that every process on the file sees it.
public struct BudgetScopeLimit: Sendable, Hashable {
    /// Names what the cap counts, e.g. `day:2026-11-22` or `run:nightly-eval`.
    public var scope: String
    /// The most the scope may spend, in micro-dollars.
    public var limitMicros: Int64
    /// For a daily cap: the interval whose ledger spend the scope starts from when the database first sees
    /// it. `nil` starts the scope at zero.
    public var ledgerInterval: DateInterval?

    /// A cap of `limitMicros` on `scope`, starting from the ledger's spend in `ledgerInterval` when given.
    public init(scope: String, limitMicros: Int64, ledgerInterval: DateInterval? = nil) {
        self.scope = scope
        self.limitMicros = limitMicros
        self.ledgerInterval = ledgerInterval
    }
}
