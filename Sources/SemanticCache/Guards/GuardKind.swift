/// The failure classes the guards catch: each names one guard, its counters and its switch.
public enum GuardKind: String, Sendable, Codable, CaseIterable, Hashable, CustomStringConvertible {
    /// A number, quantity, unit, date or version differs ("5 km" / "10 km").
    case number
    /// A negation or an opposite word flips the meaning ("enable 2FA" / "disable 2FA").
    case negation
    /// The same words swap roles around a directional word ("int to string" / "string to int").
    case order
    /// A name, place, product, language, code identifier or quoted string differs ("in Rust" / "in Go").
    case entity
    /// The requested length, format, count or level differs ("in one sentence" / "in detail").
    case scope

    public var description: String { rawValue }
}

/// Why a guard refused a candidate.
public struct GuardRefusal: Sendable, Hashable, CustomStringConvertible {
    /// The guard that refused.
    public var kind: GuardKind
    /// What differs, in words ("numbers differ: 5 against 10").
    public var reason: String

    /// A refusal by `kind` for `reason`.
    public init(kind: GuardKind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(kind) guard: \(reason)" }
}

/// One guard: a rule that refuses a cached prompt for a new one, whatever their similarity, when the two
/// differ in a way that changes the answer.
public protocol HitGuard: Sendable {
    /// The class of difference it catches.
    var kind: GuardKind { get }

    /// Why the answer to `candidate` must not be served for `query`, or `nil` when this guard sees no reason.
    func refusal(query: PromptText, candidate: PromptText, lexicon: GuardLexicon) -> GuardRefusal?
}
