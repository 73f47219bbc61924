import Foundation
import LLMCore

/// Caps held in a database that several processes share, so that instances spending at once never pass a
/// cap together.
///
/// A conforming type must make ``reserve(_:)`` atomic across processes: the check of every cap and the hold
/// happen in one statement or under a row lock. Reservations of a process that dies are released after a
/// while by the implementation, so that a crash does not hold money forever.
public protocol SharedBudget: Sendable {
    /// Holds `reservation.amount` against every cap in `reservation.caps`, all or none. Returns `nil` when
    /// held, or the first cap that would be passed.
    func reserve(_ reservation: SharedReservation) async throws -> SharedCapRefusal?
    /// Releases `reservation` and books `cost` against its caps.
    func settle(_ reservation: SharedReservation, cost: MicroDollars) async throws
    /// Releases `reservation` without booking anything.
    func cancel(_ reservation: SharedReservation) async throws
}

/// One cap kept in a ``SharedBudget``.
public struct SharedCap: Sendable, Hashable {
    /// Names what the cap counts, e.g. `day:2026-11-22` or `run:nightly-eval`; a cost tag's cap adds the tag,
    /// e.g. `day:2026-11-22|tag:feature=search`.
    public var scope: String
    /// The most the scope may spend.
    public var limit: MicroDollars
    /// For a daily cap: the day, whose spend so far the shared budget takes from the ledger when it first
    /// sees the scope. `nil` starts the scope at zero.
    public var ledgerInterval: DateInterval?
    /// Which of the gate's caps this is, for the refusal.
    public var kind: BudgetExceededError.Cap
    /// For a cost tag's cap: the tag. The scope's starting spend then counts only the ledger's records with
    /// the tag. `nil` counts every record.
    public var tag: CostTag?

    /// A cap of `limit` on `scope`; for a cost tag's cap, `tag` names the tag.
    public init(
        scope: String, limit: MicroDollars, ledgerInterval: DateInterval?, kind: BudgetExceededError.Cap,
        tag: CostTag? = nil
    ) {
        self.scope = scope
        self.limit = limit
        self.ledgerInterval = ledgerInterval
        self.kind = kind
        self.tag = tag
    }
}

/// Money held in a ``SharedBudget`` for one call.
public struct SharedReservation: Sendable, Hashable {
    /// Identifies the reservation across processes.
    public var id: UUID
    /// The amount held.
    public var amount: MicroDollars
    /// The caps it counts against.
    public var caps: [SharedCap]

    /// A hold of `amount` against `caps`.
    public init(id: UUID = UUID(), amount: MicroDollars, caps: [SharedCap]) {
        self.id = id
        self.amount = amount
        self.caps = caps
    }
}

/// Why a ``SharedBudget`` refused a reservation.
public struct SharedCapRefusal: Sendable, Hashable {
    /// The cap that would be passed.
    public var cap: SharedCap
    /// What the scope has spent.
    public var spent: MicroDollars
    /// What other calls in flight, in every process, hold.
    public var reserved: MicroDollars

    /// A refusal by `cap`, which had `spent` and `reserved`.
    public init(cap: SharedCap, spent: MicroDollars, reserved: MicroDollars) {
        self.cap = cap
        self.spent = spent
        self.reserved = reserved
    }
}
