import Foundation
import LLMCore

/// Durable storage for cost records: every priced call is appended, and budgets ask it what was spent.
///
/// The protocol is small on purpose so that any store can provide it (the SQLite store's ledger table,
/// ``FileCostLedger``, ``InMemoryCostLedger``). Implementations must be safe to call from many tasks.
public protocol CostLedger: Sendable {
    /// Stores `record`. When this returns, the record must survive a restart (for a persistent ledger).
    func append(_ record: CostRecord) async throws

    /// The total cost of records whose timestamp lies in `interval` (start included, end excluded).
    func totalSpent(in interval: DateInterval) async throws -> MicroDollars

    /// The total cost of records tagged `tag` whose timestamp lies in `interval` (start included, end
    /// excluded), for the daily caps of cost tags (``BudgetLimits/tagCaps``).
    ///
    /// The default implementation throws ``LedgerTagTotalUnsupportedError``: a ledger that is used with the
    /// daily caps of cost tags must implement it.
    func totalSpent(in interval: DateInterval, tag: CostTag) async throws -> MicroDollars
}

extension CostLedger {
    /// The total cost of records on `day`, in `timeZone` (UTC by default).
    public func totalSpent(on day: UTCDay, timeZone: TimeZone = UTCDay.utc) async throws -> MicroDollars {
        try await totalSpent(in: day.interval(timeZone: timeZone))
    }

    /// The total cost of records tagged `tag` on `day`, in `timeZone` (UTC by default).
    public func totalSpent(on day: UTCDay, timeZone: TimeZone = UTCDay.utc, tag: CostTag) async throws
        -> MicroDollars
    {
        try await totalSpent(in: day.interval(timeZone: timeZone), tag: tag)
    }

    /// Throws ``LedgerTagTotalUnsupportedError``: this ledger keeps no totals by tag.
    public func totalSpent(in interval: DateInterval, tag: CostTag) async throws -> MicroDollars {
        throw LedgerTagTotalUnsupportedError(ledger: "\(type(of: self))", tag: tag)
    }
}
