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
    /// The shares of each hard cap (``dailyCap``, ``runCap``) whose crossing raises a ``BudgetAlert``: once
    /// per day for the daily cap, once per run for the run cap. Default: 50 %, 80 % and 100 %; empty for
    /// none. Shares that are not positive numbers are ignored.
    public var alertThresholds: [Double]
    /// A daily amount that raises a ``BudgetAlert`` when the day's spend reaches it, and refuses nothing.
    public var softDailyCap: MicroDollars?
    /// A run amount that raises a ``BudgetAlert`` when the run's spend reaches it, and refuses nothing.
    public var softRunCap: MicroDollars?
    /// Caps by cost tag (`feature=search`): a call is held to the caps of every tag it carries, as well as to
    /// the caps above, all at once. The ``alertThresholds`` apply to each tag's hard caps too.
    public var tagCaps: [CostTag: TagCaps]

    /// Caps in micro-dollars; `nil` leaves a cap out. Each parameter sets the property of the same name.
    ///
    /// - Parameters:
    ///   - runCap: the most one run may spend. Default: `nil`, no cap.
    ///   - dailyCap: the most one calendar day may spend. Default: `nil`, no cap.
    ///   - perRequestMax: the most one call may be estimated to cost. Default: `nil`, no cap.
    ///   - dayTimeZone: the time zone whose days the daily cap counts. Default: UTC.
    ///   - killSwitchFile: a file whose existence stops all spending. Default: `nil`, none.
    ///   - sharedRunName: the name of a run several processes share. Default: `nil`, a run per gate.
    ///   - alertThresholds: the shares of each hard cap that raise an alert. Default: 0.5, 0.8 and 1.0.
    ///   - softDailyCap: a daily amount that raises an alert and refuses nothing. Default: `nil`, none.
    ///   - softRunCap: a run amount that raises an alert and refuses nothing. Default: `nil`, none.
    ///   - tagCaps: caps by cost tag. Default: none.
    public init(
        runCap: MicroDollars? = nil, dailyCap: MicroDollars? = nil, perRequestMax: MicroDollars? = nil,
        dayTimeZone: TimeZone = UTCDay.utc, killSwitchFile: URL? = nil, sharedRunName: String? = nil,
        alertThresholds: [Double] = BudgetLimits.defaultAlertThresholds, softDailyCap: MicroDollars? = nil,
        softRunCap: MicroDollars? = nil, tagCaps: [CostTag: TagCaps] = [:]
    ) {
        self.tagCaps = tagCaps
        self.alertThresholds = alertThresholds
        self.softDailyCap = softDailyCap
        self.softRunCap = softRunCap
        self.sharedRunName = sharedRunName
        self.runCap = runCap
        self.dailyCap = dailyCap
        self.perRequestMax = perRequestMax
        self.dayTimeZone = dayTimeZone
        self.killSwitchFile = killSwitchFile
    }

    /// The default ``alertThresholds``: 50 %, 80 % and 100 % of each hard cap.
    public static let defaultAlertThresholds: [Double] = [0.5, 0.8, 1.0]

    /// The tags of a call tagged `tags` that have caps, in order.
    func cappedTags(of tags: [String: String]) -> [CostTag] {
        guard !tagCaps.isEmpty else { return [] }
        return CostTag.tags(of: tags).filter { tagCaps[$0] != nil }
    }

    /// Whether any daily amount is set, overall or for a tag: the day's spend must then be known.
    var countsDay: Bool {
        dailyCap != nil || softDailyCap != nil || tagCaps.values.contains { $0.countsDay }
    }
}
