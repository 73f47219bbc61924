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

    public var description: String {
        if cap == .killSwitch { return "budget kill switch is engaged; call of estimated \(estimate) refused" }
        return
            "\(cap.rawValue) budget exceeded: spent \(spent) + reserved \(reserved) + estimate \(estimate) > limit \(limit)"
    }
}

/// The former name of ``BudgetExceededError``.
@available(*, deprecated, renamed: "BudgetExceededError")
public typealias BudgetExceeded = BudgetExceededError
