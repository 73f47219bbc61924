import LLMCore

/// What one cost tag's calls have spent and hold in one ``BudgetGate``, for the tag's caps.
struct TagTally: Sendable {
    /// Settled by this gate.
    var runSpent: MicroDollars = .zero
    /// Held by this gate's calls in flight.
    var runReserved: MicroDollars = .zero
    /// The ledger's total for the gate's loaded day, plus what this gate settled on it since.
    var daySpent: MicroDollars = .zero
    /// Held by calls in flight, by the day they count against.
    var dayReserved: [UTCDay: MicroDollars] = [:]
    /// With a shared budget: the day's total last seen through the shared ledger, for the alerts.
    var sharedDayTotal: (day: UTCDay, total: MicroDollars)?

    /// Holds `amount` against `day`.
    mutating func hold(_ amount: MicroDollars, day: UTCDay) {
        runReserved += amount
        dayReserved[day] = (dayReserved[day] ?? .zero) + amount
    }

    /// Releases `amount` held against `day`.
    mutating func release(_ amount: MicroDollars, day: UTCDay) {
        runReserved -= amount
        let left = (dayReserved[day] ?? .zero) - amount
        dayReserved[day] = left > .zero ? left : nil
    }
}
