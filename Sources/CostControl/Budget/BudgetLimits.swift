import Foundation
import LLMCore

/// The caps a ``BudgetGate`` enforces. Every cap is optional; with none set, only the kill switch refuses.
public struct BudgetLimits: Sendable, Hashable {
    /// The most one run (one gate's lifetime, or one tracker) may spend.
    public var runCap: MicroDollars?
    /// The most that may be spent in one calendar day, counted from the ledger so it survives restarts.
    public var dailyCap: MicroDollars?
    /// The most one call may be estimated to cost.
    public var perRequestMax: MicroDollars?
    /// The time zone whose days the daily cap counts. Default: UTC.
    public var dayTimeZone: TimeZone
    /// A file whose existence engages the kill switch: creating it stops all spending by every process that
    /// shares the setting, without a restart; removing it lets calls through again. Checked on every
    /// reservation.
    public var killSwitchFile: URL?
    /// With a ``SharedBudget``: the name of a run that several processes share, whose ``runCap`` then counts
    /// what all of them spend under that name. `nil` keeps the run cap per gate.
    public var sharedRunName: String?

    /// Caps in micro-dollars; `nil` leaves a cap out. Each parameter sets the property of the same name.
    ///
    /// - Parameters:
    ///   - runCap: the most one run may spend. Default: `nil`, no cap.
    ///   - dailyCap: the most one calendar day may spend. Default: `nil`, no cap.
    ///   - perRequestMax: the most one call may be estimated to cost. Default: `nil`, no cap.
    ///   - dayTimeZone: the time zone whose days the daily cap counts. Default: UTC.
    ///   - killSwitchFile: a file whose existence stops all spending. Default: `nil`, none.
    ///   - sharedRunName: the name of a run several processes share. Default: `nil`, a run per gate.
    public init(
        runCap: MicroDollars? = nil, dailyCap: MicroDollars? = nil, perRequestMax: MicroDollars? = nil,
        dayTimeZone: TimeZone = UTCDay.utc, killSwitchFile: URL? = nil, sharedRunName: String? = nil
    ) {
        self.sharedRunName = sharedRunName
        self.runCap = runCap
        self.dailyCap = dailyCap
        self.perRequestMax = perRequestMax
        self.dayTimeZone = dayTimeZone
        self.killSwitchFile = killSwitchFile
    }
}
