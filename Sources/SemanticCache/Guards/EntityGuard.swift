/// Refuses when the prompts name different things: each names something the other does not ("reverse a
/// list in Rust" / "in Go", "rename 'user_id'" / "rename 'account_id'", "Charleroi Airport" / "Brussels
/// Airport"), or one adds a name right next to a name both use ("Virginia" / "West Virginia", "The
/// Godfather" / "The Godfather Part II"). A prompt that only adds a name elsewhere ("sort a list" / "sort
/// a list in Python") is left to the similarity.
///
/// Names are words written like names (capitalised inside the sentence, all capitals, inner capitals,
/// digits, code characters, flags), the lexicon's known names, and quoted strings; names of one alias group
/// ("postgres", "PostgreSQL") are one name. Code keeps its case ("^[a-z]+$" is not "^[A-Z]+$"). In a prompt
/// written in title case, capitals mark nothing and only the other signs count.
public struct EntityGuard: HitGuard {
    public var kind: GuardKind { .entity }

    public init() {}

    public func refusal(query: PromptText, candidate: PromptText, lexicon: GuardLexicon) -> GuardRefusal? {
        let aliases = AliasTable(lexicon)
        let mine = Named(query, lexicon, aliases)
        let theirs = Named(candidate, lexicon, aliases)
        let onlyMine = mine.names.subtracting(theirs.names, otherWords: theirs.words)
        let onlyTheirs = theirs.names.subtracting(mine.names, otherWords: mine.words)
        if let first = onlyMine.first, let other = onlyTheirs.first {
            return GuardRefusal(kind: kind, reason: "different names: \(first) against \(other)")
        }
        let sharedNames = Set(mine.names.counts.keys).intersection(theirs.names.counts.keys)
        for (extra, named) in [(onlyMine, mine), (onlyTheirs, theirs)] where !extra.isEmpty {
            if let added = named.adjacent(to: sharedNames, among: Set(extra), lexicon: lexicon) {
                return GuardRefusal(kind: kind, reason: "a name added to a shared one: \(added)")
            }
        }
        return nil
    }
}

/// The names of a prompt, as a multiset, with its words (alias groups folded into one spelling).
private struct Named {
    var names: NameCounts
    var words: [String: Int]
    var sequence: [(word: String, isName: Bool)]

    init(_ text: PromptText, _ lexicon: GuardLexicon, _ aliases: AliasTable) {
        let capitalised = text.tokens.filter { $0.original.first?.isUppercase == true }.count
        let titleCase = text.tokens.count >= 4 && capitalised * 2 > text.tokens.count
        var sequence: [(String, Bool)] = []
        for (word, token) in aliases.fold(text.tokens) {
            guard let token else {
                sequence.append((word, true))
                continue
            }
            let code = token.original.contains(where: { "_#+.@/^[]*$\\".contains($0) })
            let spelled = code ? token.original : word
            let capitalOnly = token.original.dropFirst().allSatisfy { !$0.isUppercase }
            let isName =
                token.number == nil && token.ordinal == nil && !lexicon.functionWords.contains(word)
                && (lexicon.knownNames.contains(word) || (token.looksLikeName && !(titleCase && capitalOnly)))
            sequence.append((spelled, isName))
        }
        self.sequence = sequence
        var names = NameCounts()
        var words: [String: Int] = [:]
        for (word, isName) in sequence {
            words[word, default: 0] += 1
            if isName { names.add(word) }
        }
        for quote in text.quoted where !quote.contains(" ") && !names.counts.keys.contains(quote) { names.add(quote) }
        self.names = names
        self.words = words
    }

    /// A name of `extra` next to one of `shared`, with at most two function words between ("Republic of
    /// the Congo").
    func adjacent(to shared: Set<String>, among extra: Set<String>, lexicon: GuardLexicon) -> String? {
        for (index, item) in sequence.enumerated() where item.isName && extra.contains(item.word) {
            for direction in [-1, 1] {
                var position = index + direction
                var skipped = 0
                while sequence.indices.contains(position), !sequence[position].isName,
                    lexicon.functionWords.contains(sequence[position].word), skipped < 2
                {
                    position += direction
                    skipped += 1
                }
                if sequence.indices.contains(position), sequence[position].isName,
                    shared.contains(sequence[position].word)
                {
                    return item.word
                }
            }
        }
        return nil
    }
}

/// Names counted with repeats ("Kansas City, Kansas" names Kansas twice).
private struct NameCounts {
    var counts: [String: Int] = [:]

    mutating func add(_ name: String) { counts[name, default: 0] += 1 }

    /// The names occurring more often here than in `other`, unless they occur as plain words there as often.
    func subtracting(_ other: NameCounts, otherWords: [String: Int]) -> [String] {
        counts.keys.sorted().filter { name in
            let here = counts[name] ?? 0
            let asWord = name == name.lowercased() ? otherWords[name] ?? 0 : 0
            let there = max(other.counts[name] ?? 0, asWord)
            return here > there
        }
    }
}

/// The lexicon's alias groups, folded into their first spelling.
private struct AliasTable {
    let phrases: [(parts: [String], canonical: String)]

    init(_ lexicon: GuardLexicon) {
        var phrases: [(parts: [String], canonical: String)] = []
        for group in lexicon.aliases {
            guard let canonical = group.first else { continue }
            for alias in group { phrases.append((alias.split(separator: " ").map(String.init), canonical)) }
        }
        self.phrases = phrases.sorted { $0.parts.count > $1.parts.count }
    }

    /// The tokens' words, with alias phrases replaced by their group's spelling (as a name, without a token).
    func fold(_ tokens: [PromptText.Token]) -> [(String, PromptText.Token?)] {
        var folded: [(String, PromptText.Token?)] = []
        var index = 0
        while index < tokens.count {
            var matched = false
            for phrase in phrases where index + phrase.parts.count <= tokens.count {
                if zip(phrase.parts, tokens[index..<(index + phrase.parts.count)]).allSatisfy({ $0 == $1.text }) {
                    let written = tokens[index..<(index + phrase.parts.count)]
                    let asName = phrase.parts.count > 1 || written.contains { $0.looksLikeName }
                    folded.append((phrase.canonical, asName ? nil : tokens[index]))
                    index += phrase.parts.count
                    matched = true
                    break
                }
            }
            if !matched {
                folded.append((tokens[index].text, tokens[index]))
                index += 1
            }
        }
        return folded
    }
}
