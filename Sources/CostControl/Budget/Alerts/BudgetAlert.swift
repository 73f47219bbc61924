import Foundation
import LLMCore

/// A spend level that was crossed: a share of a hard cap (``BudgetLimits/alertThresholds``) or a soft cap
/// (``BudgetLimits/softDailyCap``, ``BudgetLimits/softRunCap``), overall or of one cost tag
/// (``BudgetLimits/tagCaps``). A ``BudgetGate`` raises each one once per scope (once a day for the daily caps,
/// once per run for the run caps), logs it as a warning, counts it and hands it to its ``BudgetAlertSink``s.
public struct BudgetAlert: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which cap the level belongs to.
    public enum Cap: String, Sendable, Hashable, Codable, CaseIterable {
        /// The calendar day's spend.
        case daily
        /// One run's spend.
        case run
    }

    /// Which cap the level belongs to.
    public var cap: Cap
    /// Whether the level is a soft cap (it warns, nothing is refused) rather than a share of a hard cap.
    public var soft: Bool
    /// For a share of a hard cap: the share, e.g. `0.8`; `nil` for a soft cap.
    public var threshold: Double?
    /// The amount whose crossing raised the alert (the share of the cap, or the soft cap).
    public var level: MicroDollars
    /// The cap itself (the hard cap, or the soft cap).
    public var limit: MicroDollars
    /// What had been spent when the level was crossed.
    public var spent: MicroDollars
    /// What the level counts: `day:2026-12-01` or `run`; for a cost tag's cap with the tag added,
    /// `day:2026-12-01|tag:feature=search` or `run|tag:feature=search`.
    public var scope: String
    /// When the crossing was settled.
    public var at: Date
    /// For a cost tag's cap: the tag (``cap`` says whether its daily or its run cap); `nil` for the caps
    /// every call counts against.
    public var tag: CostTag?

    /// An alert; every parameter is the property of the same name.
    ///
    /// - Parameters:
    ///   - cap: which cap the level belongs to.
    ///   - soft: whether the level is a soft cap.
    ///   - threshold: the share of a hard cap, or `nil` for a soft cap.
    ///   - level: the amount crossed.
    ///   - limit: the cap.
    ///   - spent: what had been spent.
    ///   - scope: what the level counts.
    ///   - at: when the crossing was settled.
    ///   - tag: the cost tag whose cap it is, or `nil`. Default: `nil`.
    public init(
        cap: Cap, soft: Bool, threshold: Double?, level: MicroDollars, limit: MicroDollars, spent: MicroDollars,
        scope: String, at: Date, tag: CostTag? = nil
    ) {
        self.tag = tag
        self.cap = cap
        self.soft = soft
        self.threshold = threshold
        self.level = level
        self.limit = limit
        self.spent = spent
        self.scope = scope
        self.at = at
    }

    /// The label of the level in counters and metrics: `soft` for a soft cap, else the share in percent
    /// (`80%`).
    public var levelLabel: String {
        guard let threshold else { return "soft" }
        let percent = (threshold * 100).rounded()
        return percent.isFinite ? "\(Int(percent))%" : "\(threshold)"
    }

    public var description: String {
        let what = tag.map { "\(cap) spend of cost tag \($0)" } ?? "\(cap) spend"
        return soft
            ? "\(what) \(spent) passed the soft cap of \(limit) (\(scope))"
            : "\(what) \(spent) reached \(levelLabel) of the cap of \(limit) (\(scope))"
    }

    enum CodingKeys: String, CodingKey {
        case cap, soft, threshold, scope, at, tag
        case level = "level_micros"
        case limit = "limit_micros"
        case spent = "spent_micros"
    }
}

/// Where a ``BudgetGate`` hands the alerts it raises, for example a webhook. Delivery runs in the background:
/// a slow or failing sink never delays or fails a call.
public protocol BudgetAlertSink: Sendable {
    /// Takes `alert`; may take as long as it needs (the gate does not wait for it).
    func deliver(_ alert: BudgetAlert) async
}
