import Foundation
import LLMCore

extension BudgetLimits {
    /// The daily alert levels that a day's spend of `spent` has reached: each share of the daily cap
    /// (``alertThresholds``) and the soft daily cap at or below `spent`, of the caps of every call (`tag`
    /// `nil`) or of one cost tag's caps (``tagCaps``). These are the alerts a ``BudgetGate`` has raised that
    /// day once its spend came to `spent`; a process that only reads the ledger (a report) can show them.
    ///
    /// - Parameters:
    ///   - spent: the day's spend.
    ///   - tag: the cost tag whose caps to read, or `nil` for the caps of every call.
    ///   - day: the day, for the alerts' scope.
    ///   - at: the time the alerts carry.
    /// - Returns: the alerts, lowest level first.
    public func dailyAlertsReached(spent: MicroDollars, tag: CostTag? = nil, day: UTCDay, at: Date) -> [BudgetAlert] {
        var levels = BudgetAlertLevels(self)
        return levels.crossed(
            .daily, tag: tag, from: .zero, to: spent, scope: BudgetAlertLevels.dayScope(day, tag: tag), at: at
        ).sorted { $0.level < $1.level }
    }
}
