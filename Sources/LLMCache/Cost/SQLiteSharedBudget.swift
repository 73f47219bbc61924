import CacheStorage
import CostControl
import Foundation
import LLMCore
import SQLiteStore

/// Budget caps kept in an SQLite cache file and shared by every process that opens it, for `BudgetGate`.
///
/// Each reservation, settlement and release is one `BEGIN IMMEDIATE` transaction in the store (see
/// `reserveBudget(id:amount:limits:holdLifetime:)`): the file's write lock serialises them
/// across processes, so two proxies on one file never pass a cap together, and a process that finds the
/// lock taken waits for it (up to the store's busy timeout) rather than failing. A daily scope starts from
/// what the ledger holds for its day (for a cost tag's scope, what the ledger holds with the tag). Holds lapse after ``holdLifetime``, so the money held by a process
/// that dies is freed.
public struct SQLiteSharedBudget: SharedBudget {
    /// The store whose file holds the caps.
    public let store: SQLiteStore
    /// How long a hold lasts when its call is never settled or cancelled.
    public var holdLifetime: Duration

    /// Caps kept in `store`'s file; holds lapse after `holdLifetime` (10 minutes by default).
    public init(store: SQLiteStore, holdLifetime: Duration = .milliseconds(600_000)) {
        self.store = store
        self.holdLifetime = holdLifetime
    }

    /// Holds the amount against every cap under the file's write lock; `nil` when held.
    public func reserve(_ reservation: SharedReservation) async throws -> SharedCapRefusal? {
        let limits = reservation.caps.map {
            BudgetScopeLimit(scope: $0.scope, limit: $0.limit, ledgerInterval: $0.ledgerInterval, ledgerTag: $0.tag)
        }
        guard
            let refusal = try await store.reserveBudget(
                id: reservation.id.uuidString, amount: reservation.amount, limits: limits,
                holdLifetime: holdLifetime)
        else { return nil }
        let cap = reservation.caps.indices.contains(refusal.index) ? reservation.caps[refusal.index] : nil
        return SharedCapRefusal(
            cap: cap
                ?? SharedCap(
                    scope: refusal.limit.scope, limit: refusal.limit.limit,
                    ledgerInterval: refusal.limit.ledgerInterval,
                    kind: refusal.limit.ledgerTag == nil ? .daily : .tagDaily,
                    tag: refusal.limit.ledgerTag),
            spent: refusal.spent, reserved: refusal.held)
    }

    /// Books `cost` against the caps and releases the hold, in one transaction.
    public func settle(_ reservation: SharedReservation, cost: MicroDollars) async throws {
        try await store.settleBudget(
            id: reservation.id.uuidString, scopes: reservation.caps.map(\.scope), cost: cost)
    }

    /// Releases the hold without booking anything.
    public func cancel(_ reservation: SharedReservation) async throws {
        try await store.cancelBudget(id: reservation.id.uuidString)
    }

    /// What `scope` has spent, or `nil` before any reservation against it.
    public func spent(scope: String) async throws -> MicroDollars? {
        try await store.budgetSpent(scope: scope)
    }
}

extension SQLiteStore {
    /// Budget caps kept in this file and shared by every process on it, for `BudgetGate`.
    public nonisolated var sharedBudget: SQLiteSharedBudget { SQLiteSharedBudget(store: self) }
}
