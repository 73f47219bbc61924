/// Refuses when the prompts ask for a different scope of answer: length ("in one sentence" / "in detail",
/// or one of them and neither), format ("as a table" / "as a bulleted list", "in JSON" / "in YAML"), count
/// ("one example" / "several examples") or level ("for beginners" / "for experts"). Counts written as
/// numbers ("list 3" / "list 10") are the number guard's.
public struct ScopeGuard: HitGuard {
    public var kind: GuardKind { .scope }

    public init() {}

    public func refusal(query: PromptText, candidate: PromptText, lexicon: GuardLexicon) -> GuardRefusal? {
        let mine = classes(withoutIdioms(query, lexicon), lexicon)
        let theirs = classes(withoutIdioms(candidate, lexicon), lexicon)
        let axes = Set(lexicon.scopeClasses.map(\.axis)).sorted()
        for axis in axes {
            let a = mine[axis] ?? []
            let b = theirs[axis] ?? []
            guard a != b else { continue }
            if a.isEmpty || b.isEmpty {
                let present = a.union(b)
                let marked = lexicon.scopeClasses.contains { present.contains($0.name) && $0.absenceDiffers }
                guard marked else { continue }
            } else if !a.isDisjoint(with: b) {
                let differing = a.symmetricDifference(b)
                let marked = lexicon.scopeClasses.contains { differing.contains($0.name) && $0.absenceDiffers }
                guard marked else { continue }
            }
            return GuardRefusal(kind: kind, reason: "\(axis) differs: \(described(a)) against \(described(b))")
        }
        return nil
    }

    /// The words of `text` with the lexicon's scope idioms blanked out, and their set.
    private func withoutIdioms(_ text: PromptText, _ lexicon: GuardLexicon) -> (
        words: [String], vocabulary: Set<String>
    ) {
        var words = text.words
        var changed = false
        for idiom in lexicon.compiled.idioms {
            for start in PhraseMatch.positions(of: idiom, in: words, vocabulary: text.vocabulary) {
                for position in start..<(start + idiom.count) { words[position] = "" }
                changed = true
            }
        }
        return (words, changed ? Set(words) : text.vocabulary)
    }

    /// The classes each axis has in `words`.
    private func classes(_ text: (words: [String], vocabulary: Set<String>), _ lexicon: GuardLexicon)
        -> [String: Set<String>]
    {
        var found: [String: Set<String>] = [:]
        for scope in lexicon.compiled.scopes
        where !PhraseMatch.positions(of: scope.parts, in: text.words, vocabulary: text.vocabulary).isEmpty {
            found[scope.axis, default: []].insert(scope.name)
        }
        return found
    }

    private func described(_ classes: Set<String>) -> String {
        classes.isEmpty ? "unspecified" : classes.sorted().joined(separator: " and ")
    }
}
