import CacheStorage
import Foundation
import LLMCore

/// Budget caps shared by every process on one database file.
///
/// Each operation is one `BEGIN IMMEDIATE` transaction: it takes the file's write lock, which every
/// connection of every process on the file respects, so the check of the caps and the hold are one atomic
/// step across processes. A process waiting for the lock waits up to ``SQLiteStoreOptions/busyTimeout``.
extension SQLiteStore {
    /// Holds `amount` micro-dollars against every cap in `limits`, all or none, under the file's write lock.
    ///
    /// A scope seen for the first time starts from the ledger's spend in its ``BudgetScopeLimit/ledgerInterval``
    /// (or zero), counting only the records with its ``BudgetScopeLimit/ledgerTag`` when it has one. A cap refuses when its spend, plus what live holds of every process reserve, plus `amount`
    /// would pass its limit. Holds lapse `holdLifetime` after they are taken, so that the money held by a
    /// process that died is freed; lapsed holds are deleted here.
    ///
    /// - Parameters:
    ///   - id: identifies the hold for ``settleBudget(id:scopes:cost:)`` and ``cancelBudget(id:)``.
    ///   - amount: the money to hold (a negative amount holds nothing).
    ///   - limits: the caps, checked in order.
    ///   - holdLifetime: how long the hold lasts unless settled or cancelled first.
    /// - Returns: `nil` when held, else the first cap (in the order of `limits`) that would be passed.
    public func reserveBudget(
        id: String, amount: MicroDollars, limits: [BudgetScopeLimit], holdLifetime: Duration
    ) throws -> BudgetHoldRefusal? {
        try ensureWritable()
        let amount = max(amount.rawValue, 0)
        let now = clock.now().millis
        let expires = now.addingSaturated(max(holdLifetime.saturatedMilliseconds, 0))
        return try connection.transaction { () throws -> BudgetHoldRefusal? in
            for (index, limit) in limits.enumerated() {
                try seedBudgetScope(limit)
                let spent = try budgetScalar("SELECT coalesce(max(spent), 0) FROM budget WHERE scope = ?", limit.scope)
                let held = try liveHolds(scope: limit.scope, now: now)
                let total = spent.addingSaturated(held).addingSaturated(amount)
                if total > limit.limit.rawValue {
                    return BudgetHoldRefusal(
                        index: index, limit: limit, spent: MicroDollars(spent), held: MicroDollars(held))
                }
            }
            let hold = try connection.prepare(
                "INSERT OR REPLACE INTO budget_holds (id, scope, amount, expires_at) VALUES (?, ?, ?, ?)")
            for limit in limits {
                hold.reset()
                hold.bind(1, id).bind(2, limit.scope).bind(3, amount).bind(4, expires)
                try hold.run()
            }
            let lapsed = try connection.prepare("DELETE FROM budget_holds WHERE expires_at <= ?")
            lapsed.bind(1, now)
            try lapsed.run()
            return nil
        }
    }

    /// Books `cost` against each of `scopes` and releases hold `id`, in one transaction.
    ///
    /// The spend is booked even when the hold has lapsed: the money was spent.
    public func settleBudget(id: String, scopes: [String], cost: MicroDollars) throws {
        try ensureWritable()
        let cost = max(cost.rawValue, 0)
        try connection.transaction {
            // `spent + min(cost, max - spent)`: saturates instead of overflowing into a REAL.
            let book = try connection.prepare(
                "UPDATE budget SET spent = spent + min(?1, 9223372036854775807 - spent) WHERE scope = ?2")
            for scope in Set(scopes).sorted() {
                book.reset()
                book.bind(1, cost).bind(2, scope)
                try book.run()
            }
            try releaseHold(id: id)
        }
    }

    /// Releases hold `id` without booking anything.
    public func cancelBudget(id: String) throws {
        try ensureWritable()
        try connection.transaction { try releaseHold(id: id) }
    }

    /// What `scope` has spent, or `nil` before any reservation against it.
    public func budgetSpent(scope: String) throws -> MicroDollars? {
        try ensureOpen()
        let statement = try connection.prepare("SELECT spent FROM budget WHERE scope = ?")
        statement.bind(1, scope)
        defer { statement.reset() }
        return try statement.step() ? MicroDollars(statement.int64(0)) : nil
    }

    /// What live (unlapsed) holds on `scope` reserve.
    public func budgetHeld(scope: String) throws -> MicroDollars {
        try ensureOpen()
        return MicroDollars(try liveHolds(scope: scope, now: clock.now().millis))
    }

    /// Creates the row of `limit`'s scope if missing, starting from the ledger's spend in its interval (of
    /// the records with its tag, when it has one).
    private func seedBudgetScope(_ limit: BudgetScopeLimit) throws {
        let seed = try connection.prepare(
            """
            INSERT INTO budget (scope, spent)
            SELECT ?1, CASE WHEN ?2 IS NULL THEN 0 ELSE
                (SELECT coalesce(sum(cost_micros), 0) FROM ledger WHERE at >= ?2 AND at < ?3
                 AND (?4 IS NULL OR EXISTS (
                     SELECT 1 FROM json_each(ledger.tags) AS tag WHERE tag.key = ?4 AND tag.value = ?5))) END
            WHERE NOT EXISTS (SELECT 1 FROM budget WHERE scope = ?1)
            """)
        seed.bind(1, limit.scope).bind(2, limit.ledgerInterval?.start.millis).bind(3, limit.ledgerInterval?.end.millis)
        seed.bind(4, limit.ledgerTag?.key).bind(5, limit.ledgerTag?.value)
        try seed.run()
    }

    private func liveHolds(scope: String, now: Int64) throws -> Int64 {
        let statement = try connection.prepare(
            "SELECT coalesce(sum(amount), 0) FROM budget_holds WHERE scope = ? AND expires_at > ?")
        statement.bind(1, scope).bind(2, now)
        defer { statement.reset() }
        return try statement.step() ? statement.int64(0) : 0
    }

    private func budgetScalar(_ sql: String, _ scope: String) throws -> Int64 {
        let statement = try connection.prepare(sql)
        statement.bind(1, scope)
        defer { statement.reset() }
        return try statement.step() ? statement.int64(0) : 0
    }

    private func releaseHold(id: String) throws {
        let release = try connection.prepare("DELETE FROM budget_holds WHERE id = ?")
        release.bind(1, id)
        try release.run()
    }
}
