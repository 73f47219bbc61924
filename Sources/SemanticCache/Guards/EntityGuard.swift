/// Refuses when the prompts name different things: each names something the other does not ("reverse a
/// list in Rust" / "in Go", "rename 'user_id'" / "rename 'account_id'", "Charleroi Airport" / "Brussels
/// Airport"), or one adds a qualifier right next to a name both use ("Virginia" / "West Virginia", "The
/// Godfather" / "The Godfather Part II", "iPhone 15" / "iPhone 15 Pro"). A prompt that only adds a name
/// ("sort a list" / "sort a list in Python", "Hillary" / "Hillary Clinton") is left to the similarity.
///
/// Names are words written like names (capitalised inside a sentence, all capitals, inner capitals,
/// digits, code characters, flags), the lexicon's known names, and quoted strings; names of one alias group
/// ("postgres", "PostgreSQL") are one name, a plural is its singular ("IITs"), and a one-letter slip in a
/// long name ("Hilary" / "Hillary") is the same name. Code keeps its case ("^[a-z]+$" is not "^[A-Z]+$").
/// In a prompt written in title case, capitals mark nothing and only the other signs count.
public struct EntityGuard: HitGuard {
    public var kind: GuardKind { .entity }

    public init() {}

    public func refusal(query: PromptText, candidate: PromptText, lexicon: GuardLexicon) -> GuardRefusal? {
        let mine = Named(query, lexicon)
        let theirs = Named(candidate, lexicon)
        var onlyMine = mine.names.subtracting(theirs.names, otherWords: theirs.words)
            .filter { !($0.contains(" ") && theirs.joined.contains(" \($0) ")) }
        var onlyTheirs = theirs.names.subtracting(mine.names, otherWords: mine.words)
            .filter { !($0.contains(" ") && mine.joined.contains(" \($0) ")) }
        onlyMine.removeAll { name in onlyTheirs.contains { Self.slip(name, $0) } }
        onlyTheirs.removeAll { name in mine.names.counts.keys.contains { Self.slip(name, $0) } }
        if let first = onlyMine.first, let other = onlyTheirs.first {
            return GuardRefusal(kind: kind, reason: "different names: \(first) against \(other)")
        }
        let sharedNames = Set(mine.names.counts.keys).intersection(theirs.names.counts.keys)
        for (extra, named) in [(onlyMine, mine), (onlyTheirs, theirs)] {
            let qualifiers = Set(extra.filter { lexicon.nameQualifiers.contains($0.lowercased()) })
            if let added = named.adjacent(to: sharedNames, among: qualifiers, lexicon: lexicon) {
                return GuardRefusal(kind: kind, reason: "another name: \(added) added to a shared one")
            }
            if let added = named.inserted(between: sharedNames, among: Set(extra)) {
                return GuardRefusal(kind: kind, reason: "another name: \(added) inside a shared one")
            }
        }
        return nil
    }

    /// Whether two long names differ by one letter only (a typing slip, not another name), or one is the
    /// other with a plural or demonym ending ("Pakistan" / "Pakistanis", "India" / "Indian"; not "Niger" /
    /// "Nigeria").
    static func slip(_ a: String, _ b: String) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.count >= 5, short != long, long.hasPrefix(short), short.allSatisfy(\.isLetter),
            ["s", "es", "n", "an", "ns", "ans", "i", "is", "ian", "ians", "ese"].contains(
                String(long.dropFirst(short.count)))
        {
            return true
        }
        guard a.count >= 6, b.count >= 6, abs(a.count - b.count) <= 1, a != b, a.allSatisfy(\.isLetter),
            b.allSatisfy(\.isLetter)
        else { return false }
        let x = Array(a)
        let y = Array(b)
        var i = 0
        while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
        if x.count == y.count { return Array(x[(i + 1)...]) == Array(y[(i + 1)...]) }
        let (longer, shorter) = x.count > y.count ? (x, y) : (y, x)
        return Array(longer[(i + 1)...]) == Array(shorter[i...])
    }
}

/// The names of a prompt, as a multiset, with its words (alias groups folded into one spelling).
private struct Named {
    var names: NameCounts
    var words: [String: Int]
    var sequence: [(word: String, isName: Bool)]
    /// The prompt's words joined, to find a quoted phrase the other prompt has unquoted.
    var joined = ""

    init(_ text: PromptText, _ lexicon: GuardLexicon) {
        let capitalised = text.tokens.filter { $0.original.first?.isUppercase == true }.count
        let titleCase = text.tokens.count >= 4 && capitalised * 2 > text.tokens.count
        var sequence: [(String, Bool)] = []
        for (word, token) in AliasFolding.fold(text, lexicon.compiled.aliases) {
            guard let token else {
                sequence.append((word, true))
                continue
            }
            let code = token.original.contains(where: { "^[]*$\\=<>(){}".contains($0) })
            let spelled = code ? token.original : lexicon.knownNames.contains(word) ? word : Self.singular(word)
            let capitalOnly = token.original.dropFirst().allSatisfy { !$0.isUppercase }
            let isName =
                token.number == nil && token.ordinal == nil && !lexicon.functionWords.contains(word)
                && !lexicon.compiled.scopeWords.contains(word)
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
        for quote in text.quoted where !names.counts.keys.contains(quote) { names.add(quote) }
        joined = " " + text.words.joined(separator: " ") + " "
        self.names = names
        self.words = words
    }

    /// A word without a plural "s" ("iits" is "iit"); names such as "https" or "ios" keep theirs when known.
    static func singular(_ word: String) -> String {
        guard word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"),
            !word.hasSuffix("is")
        else { return word }
        return String(word.dropLast())
    }

    /// A name of `extra` right between two names of `shared` ("John Quincy Adams" against "John Adams").
    func inserted(between shared: Set<String>, among extra: Set<String>) -> String? {
        for index in sequence.indices.dropFirst().dropLast() where extra.contains(sequence[index].word) {
            var left = index - 1
            while left > 0, extra.contains(sequence[left].word) { left -= 1 }
            var right = index + 1
            while right < sequence.count - 1, extra.contains(sequence[right].word) { right += 1 }
            if sequence[left].isName, shared.contains(sequence[left].word), sequence[right].isName,
                shared.contains(sequence[right].word)
            {
                return sequence[index].word
            }
        }
        return nil
    }

    /// A name of `extra` next to one of `shared`, with at most two function words between ("Republic of
    /// the Congo").
    func adjacent(to shared: Set<String>, among extra: Set<String>, lexicon: GuardLexicon) -> String? {
        for (index, item) in sequence.enumerated() where item.isName && extra.contains(item.word) {
            for direction in [-1, 1] {
                var position = index + direction
                var skipped = 0
                while sequence.indices.contains(position), !sequence[position].isName,
                    lexicon.functionWords.contains(sequence[position].word)
                        || sequence[position].word.allSatisfy(\.isNumber), skipped < 2
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

/// Alias phrases folded into their group's first spelling.
private enum AliasFolding {
    /// The tokens' words, with alias phrases replaced by their group's spelling (as a name, without a token).
    static func fold(_ text: PromptText, _ aliases: [(parts: [String], canonical: String)])
        -> [(String, PromptText.Token?)]
    {
        let tokens = text.tokens
        let candidates = aliases.filter { $0.parts.first.map(text.vocabulary.contains) ?? false }
        var folded: [(String, PromptText.Token?)] = []
        var index = 0
        while index < tokens.count {
            var matched = false
            for phrase in candidates where index + phrase.parts.count <= tokens.count {
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
