import LLMCore

/// A call refused because it could overspend a cap. Nothing was sent to the provider.
public struct BudgetExceededError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The cap that refused.
    public enum Cap: String, Sendable, Hashable {
        /// ``BudgetLimits/runCap``.
        case run
        /// ``BudgetLimits/dailyCap``.
        case daily
        /// ``BudgetLimits/perRequestMax``.
        case perRequest = "per-request"
        /// The kill switch.
        case killSwitch = "kill switch"
        /// The daily cap of one cost tag (``TagCaps/dailyCap``), named by ``BudgetExceededError/tag``.
        case tagDaily = "tag daily"
        /// The run cap of one cost tag (``TagCaps/runCap``), named by ``BudgetExceededError/tag``.
        case tagRun = "tag run"
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
    /// For a cap of one cost tag (``Cap/tagDaily``, ``Cap/tagRun``): the tag; `nil` for the other caps.
    public var tag: CostTag?

    /// A refusal by `cap` (of `tag`, for a cap of one cost tag).
    public init(
        cap: Cap, spent: MicroDollars, reserved: MicroDollars, limit: MicroDollars, estimate: MicroDollars,
        tag: CostTag? = nil
    ) {
        self.cap = cap
        self.spent = spent
        self.reserved = reserved
        self.limit = limit
        self.estimate = estimate
        self.tag = tag
    }

    /// The cap in messages: `daily budget`, or `daily budget of cost tag feature=search` for a tag's cap.
    private var capName: String {
        switch cap {
        case .tagDaily: "daily budget of cost tag \(tag.map(String.init(describing:)) ?? "?")"
        case .tagRun: "run budget of cost tag \(tag.map(String.init(describing:)) ?? "?")"
        default: "\(cap.rawValue) budget"
        }
    }

    /// What happened, then what to do about it.
    public var description: String {
        if cap == .killSwitch {
            return "budget kill switch is engaged; call of estimated \(estimate) refused. \(advice)"
        }
        return
            "\(capName) exceeded: spent \(spent) + reserved \(reserved) + estimate \(estimate) > limit "
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
        case .tagDaily:
            let name = tag.map { "\($0)" } ?? "the tag"
            return "Calls tagged \(name) have used their daily cap; calls without the tag are not affected. "
                + "Raise the tag's daily cap (BudgetLimits.tagCaps[\(name)].dailyCap, or budget.tag_caps in the "
                + "proxy's configuration) or wait until the day ends (00:00 UTC by default); calls in flight free "
                + "what they hold when they finish. " + estimateNote
        case .tagRun:
            let name = tag.map { "\($0)" } ?? "the tag"
            return "Calls tagged \(name) have used their run cap; calls without the tag are not affected. "
                + "Raise the tag's run cap (BudgetLimits.tagCaps[\(name)].runCap, or budget.tag_caps in the "
                + "proxy's configuration) or start a new run. " + estimateNote
        }
    }
}

/// The former name of ``BudgetExceededError``.
@available(*, deprecated, renamed: "BudgetExceededError")
public typealias BudgetExceeded = BudgetExceededError
