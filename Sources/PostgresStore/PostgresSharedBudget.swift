import CacheStorage
import CostControl
import Foundation
import LLMCore
import PostgresNIO

/// Budget caps kept in the PostgreSQL store and shared by every instance, for `BudgetGate`.
///
/// A reservation is one transaction that locks the rows of its caps (in scope order, so two reservations
/// never deadlock), checks spent plus held plus the amount against every cap, and holds the amount: two
/// instances reserving at once are serialised by the row lock and never pass a cap together. A daily scope
/// starts from what the shared ledger holds for its day (for a cost tag's scope, what it holds with the tag). Holds lapse after ``holdLifetime``, so the money
/// held by an instance that dies is freed.
public struct PostgresSharedBudget: SharedBudget {
    let access: DatabaseAccess
    let clock: any CacheClock
    /// How long a hold lasts when its call is never settled or cancelled.
    public var holdLifetime: Duration = .seconds(600)

    /// Holds the amount against every cap in one transaction under the caps' row locks; `nil` when held.
    public func reserve(_ reservation: SharedReservation) async throws -> SharedCapRefusal? {
        let now = clock.now().millis
        let expires = now.addingSaturated(max(holdLifetime.saturatedMilliseconds, 0))
        let logger = access.logger
        let caps = reservation.caps.sorted { $0.scope < $1.scope }
        let amount = reservation.amount.rawValue
        return try await access.run("reserve budget") { client in
            try await client.withTransaction(logger: logger) { connection -> SharedCapRefusal? in
                for cap in caps {
                    let (from, to) = (cap.ledgerInterval?.start.millis, cap.ledgerInterval?.end.millis)
                    let (tagKey, tagValue) = (cap.tag?.key, cap.tag?.value)
                    try await connection.query(
                        """
                        INSERT INTO llmcache_budget (scope, spent)
                        SELECT \(cap.scope), CASE WHEN \(from)::BIGINT IS NULL THEN 0 ELSE
                            (SELECT coalesce(sum(cost_micros), 0) FROM llmcache_ledger
                             WHERE at >= \(from)::BIGINT AND at < \(to)::BIGINT
                             AND (\(tagKey)::TEXT IS NULL OR tags ->> \(tagKey)::TEXT = \(tagValue)::TEXT)) END
                        ON CONFLICT (scope) DO NOTHING
                        """, logger: logger)
                    // Lock the cap's row first; the holds are read by a later statement, whose snapshot
                    // (read committed) includes every hold committed by whoever held the lock before.
                    var spent: Int64 = 0
                    for try await value in try await connection.query(
                        "SELECT spent FROM llmcache_budget WHERE scope = \(cap.scope) FOR UPDATE", logger: logger
                    ).decode(Int64.self) {
                        spent = value
                    }
                    var held: Int64 = 0
                    for try await value in try await connection.query(
                        """
                        SELECT coalesce(sum(amount), 0)::BIGINT FROM llmcache_budget_holds
                        WHERE scope = \(cap.scope) AND expires_at > \(now)
                        """, logger: logger
                    ).decode(Int64.self) {
                        held = value
                    }
                    let state = (spent, held)
                    if state.0 + state.1 + amount > cap.limit.rawValue {
                        return SharedCapRefusal(cap: cap, spent: MicroDollars(state.0), reserved: MicroDollars(state.1))
                    }
                }
                for cap in caps {
                    try await connection.query(
                        """
                        INSERT INTO llmcache_budget_holds (id, scope, amount, expires_at)
                        VALUES (\(reservation.id), \(cap.scope), \(amount), \(expires))
                        """, logger: logger)
                }
                try await connection.query(
                    "DELETE FROM llmcache_budget_holds WHERE expires_at <= \(now)", logger: logger)
                return nil
            }
        }
    }

    /// Books `cost` against the caps and releases the hold, in one transaction.
    public func settle(_ reservation: SharedReservation, cost: MicroDollars) async throws {
        let logger = access.logger
        let scopes = reservation.caps.map(\.scope).sorted()
        try await access.run("settle budget") { client in
            try await client.withTransaction(logger: logger) { connection in
                for scope in scopes {
                    try await connection.query(
                        "UPDATE llmcache_budget SET spent = spent + \(cost.rawValue) WHERE scope = \(scope)",
                        logger: logger)
                }
                try await connection.query(
                    "DELETE FROM llmcache_budget_holds WHERE id = \(reservation.id)", logger: logger)
            }
        }
    }

    /// Releases the hold without booking anything.
    public func cancel(_ reservation: SharedReservation) async throws {
        try await access.run("cancel budget hold") { client in
            try await client.query("DELETE FROM llmcache_budget_holds WHERE id = \(reservation.id)")
        }
    }

    /// What `scope` has spent, or `nil` before any reservation against it.
    public func spent(scope: String) async throws -> MicroDollars? {
        try await access.run("read budget") { client in
            var spent: MicroDollars?
            for try await value in try await client.query(
                "SELECT spent FROM llmcache_budget WHERE scope = \(scope)"
            ).decode(Int64.self) {
                spent = MicroDollars(value)
            }
            return spent
        }
    }
}
