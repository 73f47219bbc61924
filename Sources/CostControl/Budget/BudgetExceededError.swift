import LLMCore

/// A call refused because it could overspend a cap. Nothing was sent to the provider.
public struct BudgetExceededError: Error, Sendable, Hashable, CustomStringConvertible {
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

    /// A refusal by `cap`.
    public init(cap: Cap, spent: MicroDollars, reserved: MicroDollars, limit: MicroDollars, estimate: MicroDollars) {
        self.cap = cap
        self.spent = spent
        self.reserved = reserved
        self.limit = limit
        self.estimate = estimate
    }

    /// What happened, then what to do about it.
    public var description: String {
        if cap == .killSwitch {
            return "budget kill switch is engaged; call of estimated \(estimate) refused. \(advice)"
        }
        return
            "\(cap.rawValue) budget exceeded: spent \(spent) + reserved \(reserved) + estimate \(estimate) > limit "
            + "\(limit). \(advice)"
    }

    /// What the caller can do: per cap, the setting to change or the wait that frees money, and how the
    /// estimate is made (it assumes the call uses every output token it allows).
    public var advice: String {
        let estimateNote =
            "The estimate prices the prompt plus every output token the request allows (its max tokens, or "
            + "the default limit when it sets none); a lower max tokens lowers it."
        switch cap {
        case .killSwitch:
            return
                "Remove the kill switch file (BudgetLimits.killSwitchFile) or call disengageKillSwitch() to allow calls."
        case .perRequest:
            return "Raise the per-request cap (BudgetLimits.perRequestMax) or send a smaller request. " + estimateNote
        case .daily:
            return "Raise the daily cap (BudgetLimits.dailyCap) or wait until the day ends (00:00 UTC by default); "
                + "calls in flight free what they hold when they finish. " + estimateNote
        case .run:
            return "Raise the run cap (BudgetLimits.runCap) or start a new run. " + estimateNote
        }
    }
}

/// The former name of ``BudgetExceededError``.
@available(*, deprecated, renamed: "BudgetExceededError")
public typealias BudgetExceeded = BudgetExceededError
