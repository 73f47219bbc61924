import LLMCore

/// Something the planner decided or noticed, for logs and reports.
public enum PromptCachePlanNote: Sendable, Hashable, CustomStringConvertible {
    /// The expected gap between uses exceeds the longest lifetime, so no breakpoint was added.
    case reuseIntervalTooLong(Duration)
    /// The caller expects no reuse, so no breakpoint was added.
    case noReuseExpected
    /// The expected reuses do not pay back the write premium, so the planner's breakpoints were withdrawn.
    case notWorthwhile(expectedReuses: Int, breakEvenReuses: Int?)
    /// The request has no stable prefix (no tools, no system prompt, no turn before the last user turn).
    case noStablePrefix
    /// The stable prefix is shorter than the model's minimum cacheable length; nothing can be cached.
    case prefixBelowMinimum(prefixTokens: Int, minimumTokens: Int)
    /// The caller's request already has more breakpoints than the provider accepts.
    case callerBreakpointsOverLimit(count: Int, limit: Int)
    /// All breakpoint slots are taken; these stable places were left unmarked.
    case breakpointLimitReached(unmarked: [PromptCacheLocation])
    /// A caller's breakpoint covers less than the minimum cacheable length, so the provider ignores it.
    case callerBreakpointBelowMinimum(PromptCacheLocation, prefixTokens: Int, minimumTokens: Int)
    /// A caller's 5-minute breakpoint comes before a 1-hour one, which the provider rejects.
    case callerTTLOrderViolated(fiveMinute: PromptCacheLocation, oneHour: PromptCacheLocation)
    /// A place was left unmarked because an earlier caller breakpoint forces a shorter lifetime than the
    /// expected reuse interval needs.
    case shorterLifetimeForced(PromptCacheLocation)
    /// A planner breakpoint takes the 1-hour lifetime because a later caller breakpoint has it (the
    /// prefix before that breakpoint is written at the 1-hour rate anyway).
    case longerLifetimeForced(PromptCacheLocation)
    /// A long text block sits in the last user turn, which changes on every call. Move it to the system
    /// prompt or an earlier turn to cache it.
    case documentInLastUserTurn(PromptCacheLocation, tokens: Int)
    /// The request carries `cache_control` markers, which this provider does not use.
    case markersUnusedByProvider(count: Int)

    public var description: String {
        switch self {
        case .reuseIntervalTooLong(let interval):
            return "expected reuse interval \(interval) exceeds the 1h lifetime: the prefix would expire unread"
        case .noReuseExpected:
            return "no reuse expected: a breakpoint would only add the write premium"
        case .notWorthwhile(let reuses, let breakEven):
            let needed = breakEven.map { "\($0)" } ?? "no number of"
            return "\(reuses) expected reuses do not pay back the write premium (\(needed) reuses needed)"
        case .noStablePrefix:
            return "no stable prefix: no tools, no system prompt and no turn before the last user turn"
        case .prefixBelowMinimum(let tokens, let minimum):
            return "stable prefix of ~\(tokens) tokens is below the model's minimum of \(minimum) cacheable tokens"
        case .callerBreakpointsOverLimit(let count, let limit):
            return "the request already has \(count) breakpoints; the provider accepts at most \(limit)"
        case .breakpointLimitReached(let unmarked):
            return "breakpoint limit reached; left unmarked: \(unmarked.map(\.description).joined(separator: ", "))"
        case .callerBreakpointBelowMinimum(let location, let tokens, let minimum):
            return "caller breakpoint at \(location) covers ~\(tokens) tokens, below the minimum of \(minimum)"
        case .callerTTLOrderViolated(let short, let long):
            return "caller breakpoint at \(short) (5m) comes before \(long) (1h); longer lifetimes must come first"
        case .shorterLifetimeForced(let location):
            return "left \(location) unmarked: an earlier 5m breakpoint forbids the 1h lifetime the interval needs"
        case .longerLifetimeForced(let location):
            return "\(location) takes the 1h lifetime to stay before a later 1h breakpoint"
        case .documentInLastUserTurn(let location, let tokens):
            return "~\(tokens)-token block at \(location) is in the last user turn; "
                + "move it to the system prompt or an earlier turn to cache it"
        case .markersUnusedByProvider(let count):
            return "\(count) cache_control markers are unused by this provider, which caches prefixes automatically"
        }
    }
}
