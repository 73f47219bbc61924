import LLMCore

/// The caps of one cost tag (``BudgetLimits/tagCaps``): what all calls carrying the tag may spend together,
/// on top of the caps every call is held to. Every cap is optional.
public struct TagCaps: Sendable, Hashable {
    /// The most the tag's calls may spend in one calendar day (in ``BudgetLimits/dayTimeZone``), counted from
    /// the ledger records with the tag, so it survives restarts.
    public var dailyCap: MicroDollars?
    /// The most the tag's calls may spend in one run (one gate's lifetime, or a run shared by
    /// ``BudgetLimits/sharedRunName``).
    public var runCap: MicroDollars?
    /// A daily amount of the tag that raises a ``BudgetAlert`` when reached, and refuses nothing.
    public var softDailyCap: MicroDollars?
    /// A run amount of the tag that raises a ``BudgetAlert`` when reached, and refuses nothing.
    public var softRunCap: MicroDollars?

    /// Caps in micro-dollars; `nil` leaves a cap out. Each parameter sets the property of the same name.
    ///
    /// - Parameters:
    ///   - dailyCap: the most the tag may spend in one day. Default: `nil`, no cap.
    ///   - runCap: the most the tag may spend in one run. Default: `nil`, no cap.
    ///   - softDailyCap: a daily amount that raises an alert. Default: `nil`, none.
    ///   - softRunCap: a run amount that raises an alert. Default: `nil`, none.
    public init(
        dailyCap: MicroDollars? = nil, runCap: MicroDollars? = nil, softDailyCap: MicroDollars? = nil,
        softRunCap: MicroDollars? = nil
    ) {
        self.dailyCap = dailyCap
        self.runCap = runCap
        self.softDailyCap = softDailyCap
        self.softRunCap = softRunCap
    }

    /// Whether any amount is set.
    public var isEmpty: Bool { dailyCap == nil && runCap == nil && softDailyCap == nil && softRunCap == nil }

    /// Whether the tag's daily spend is watched (a hard or a soft daily amount).
    var countsDay: Bool { dailyCap != nil || softDailyCap != nil }
}
