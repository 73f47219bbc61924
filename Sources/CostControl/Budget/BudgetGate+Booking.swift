import LLMCore

extension BudgetGate {
    /// Books `record`, a cost that was paid without a reservation this gate still holds (for example a batch
    /// item collected by a process other than the one that reserved it, or after a restart): counted against
    /// the caps and appended to the ledger like a settlement. `heldAmount` is what was estimated for it, so
    /// that only a cost above the estimate is reported as one.
    public func book(_ record: CostRecord, estimated heldAmount: MicroDollars) async {
        let day = UTCDay(record.timestamp, timeZone: limits.dayTimeZone)
        await settle(BudgetReservation(id: 0, amount: heldAmount, day: day, shared: nil), with: record)
    }
}
