/// The guards a semantic lookup runs on a candidate before serving it, each switched on or off by its
/// ``GuardKind``, over one ``GuardLexicon``.
///
/// ```swift
/// var guards = HitGuards.standard
/// guards.disabled = [.scope]           // keep the other four
/// guards.check(query: "Convert 5 km to miles", candidate: "Convert 10 km to miles")  // number guard
/// ```
public struct HitGuards: Sendable {
    /// The word tables.
    public var lexicon: GuardLexicon
    /// The guards, in the order they run.
    public var guards: [any HitGuard]
    /// The kinds switched off.
    public var disabled: Set<GuardKind>

    /// Guards over `lexicon`, all five by default.
    public init(
        lexicon: GuardLexicon = .english,
        guards: [any HitGuard] = [NumberGuard(), NegationGuard(), ArgumentOrderGuard(), EntityGuard(), ScopeGuard()],
        disabled: Set<GuardKind> = []
    ) {
        self.lexicon = lexicon
        self.guards = guards
        self.disabled = disabled
    }

    /// The five guards over the English tables.
    public static let standard = HitGuards()

    /// No guard at all.
    public static let none = HitGuards(guards: [])

    /// The kinds that run.
    public var enabled: [GuardKind] { guards.map(\.kind).filter { !disabled.contains($0) } }

    /// The first refusal of an enabled guard for serving `candidate`'s answer to `query`, or `nil`.
    public func check(query: String, candidate: String) -> GuardRefusal? {
        check(query: PromptText(query, lexicon: lexicon), candidate: PromptText(candidate, lexicon: lexicon))
    }

    /// The first refusal of an enabled guard, for prompts already read.
    public func check(query: PromptText, candidate: PromptText) -> GuardRefusal? {
        for guardRule in guards where !disabled.contains(guardRule.kind) {
            if let refusal = guardRule.refusal(query: query, candidate: candidate, lexicon: lexicon) { return refusal }
        }
        return nil
    }

    /// Every enabled guard's refusal (to measure each on its own).
    public func refusals(query: PromptText, candidate: PromptText) -> [GuardRefusal] {
        guards.filter { !disabled.contains($0.kind) }.compactMap {
            $0.refusal(query: query, candidate: candidate, lexicon: lexicon)
        }
    }
}
