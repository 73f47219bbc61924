import Foundation

/// The caps a ``BudgetGate`` enforces. Every cap is optional; with none set, only the kill switch refuses.
public struct BudgetLimits: Sendable, Hashable {
    /// The most one run (one gate's lifetime, or one tracker) may spend.
    public var runCap: MicroDollars?
    /// The most that may be spent in one calendar day, counted from the ledger so it survives restarts.
    public var dailyCap: MicroDollars?
    /// The most one call may be estimated to cost.
    public var perRequestMax: MicroDollars?
    /// The time zone whose days the daily cap counts (UTC by default).
    public var dayTimeZone: TimeZone

    public init(
        runCap: MicroDollars? = nil, dailyCap: MicroDollars? = nil, perRequestMax: MicroDollars? = nil,
        dayTimeZone: TimeZone = UTCDay.utc
    ) {
        self.runCap = runCap
        self.dailyCap = dailyCap
        self.perRequestMax = perRequestMax
        self.dayTimeZone = dayTimeZone
    }
}

/// A call refused because it could overspend a cap. Nothing was sent to the provider.
public struct BudgetExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    /// The cap that refused.
    public enum Cap: String, Sendable, Hashable {
        case run
        case daily
        case perRequest = "per-request"
        case killSwitch = "kill switch"
    }

    /// Which cap refused.
    public var cap: Cap
    /// Already spent under that cap (settled calls).
    public var spent: MicroDollars
    /// Held by calls still in flight under that cap.
    public var reserved: MicroDollars
    /// The cap's limit (zero for the kill switch).
    public var limit: MicroDollars
    /// The refused call's estimated cost.
    public var estimate: MicroDollars

    public init(cap: Cap, spent: MicroDollars, reserved: MicroDollars, limit: MicroDollars, estimate: MicroDollars) {
        self.cap = cap
        self.spent = spent
        self.reserved = reserved
        self.limit = limit
        self.estimate = estimate
    }

    public var description: String {
        if cap == .killSwitch { return "budget kill switch is engaged; call of estimated \(estimate) refused" }
        return
            "\(cap.rawValue) budget exceeded: spent \(spent) + reserved \(reserved) + estimate \(estimate) > limit \(limit)"
    }
}

/// Money held for one call between ``BudgetGate/reserve(_:)`` and ``BudgetGate/settle(_:with:)``.
public struct BudgetReservation: Sendable, Hashable {
    /// Identifies the reservation within its gate.
    public let id: UInt64
    /// The amount held.
    public let amount: MicroDollars
    /// The day whose daily cap the reservation counts against.
    public let day: UTCDay
}
