/// Refuses when the numbers differ (digits or number words: "5 km" / "10 km", "18 % tip" / "20 % tip",
/// "Python 3.8" / "Python 3.12", "1914" / "1918"; a lone "1" counts as no number, as "1 stamp" and "a
/// stamp" ask the same), when both prompts have ordinals and they differ
/// ("first wife" / "second wife"), or, when there are numbers, each prompt has a unit the other lacks
/// ("5 km to feet" / "5 km to miles", "9 am" / "9 pm", "one-week" / "one-day").
public struct NumberGuard: HitGuard {
    public var kind: GuardKind { .number }

    public init() {}

    public func refusal(query: PromptText, candidate: PromptText, lexicon: GuardLexicon) -> GuardRefusal? {
        let mine = Set(query.numbers).subtracting(["1"]).sorted()
        let theirs = Set(candidate.numbers).subtracting(["1"]).sorted()
        if mine != theirs {
            return GuardRefusal(kind: kind, reason: "numbers differ: \(listed(mine)) against \(listed(theirs))")
        }
        let myOrdinals = Set(query.ordinals).sorted()
        let theirOrdinals = Set(candidate.ordinals).sorted()
        if !myOrdinals.isEmpty, !theirOrdinals.isEmpty, myOrdinals != theirOrdinals {
            return GuardRefusal(
                kind: kind, reason: "ordinals differ: \(listed(myOrdinals)) against \(listed(theirOrdinals))")
        }
        let quantified = { (text: PromptText) in text.tokens.contains { $0.number != nil || $0.unit != nil } }
        guard quantified(query) || quantified(candidate) else { return nil }
        let myUnits = units(query, lexicon)
        let theirUnits = units(candidate, lexicon)
        let onlyMine = myUnits.subtracting(theirUnits)
        let onlyTheirs = theirUnits.subtracting(myUnits)
        if !onlyMine.isEmpty && !onlyTheirs.isEmpty {
            return GuardRefusal(
                kind: kind, reason: "units differ: \(listed(onlyMine.sorted())) against \(listed(onlyTheirs.sorted()))")
        }
        return nil
    }

    /// The units of `text`: written onto numbers, or words of the lexicon's units (one-letter ones left
    /// out, being words as often), in one spelling each.
    private func units(_ text: PromptText, _ lexicon: GuardLexicon) -> Set<String> {
        var units = Set<String>()
        for token in text.tokens {
            if let unit = token.unit { units.insert(unit) }
            if token.number == nil && token.ordinal == nil && (token.text.count > 1 || token.text == "%")
                && lexicon.units.contains(token.text)
            {
                units.insert(token.text)
            }
        }
        return Set(units.map { lexicon.unitAliases[$0] ?? $0 }.filter { !$0.isEmpty })
    }

    private func listed(_ values: [String]) -> String { values.isEmpty ? "none" : values.joined(separator: ", ") }
}
