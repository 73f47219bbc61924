/// Refuses when the two prompts have opposite polarity: an opposite word ("enable" / "disable",
/// "good" / "bad", "with" / "without"), a negated word ("safe" / "not safe", "safe" / "unsafe"), or a
/// negation in one prompt that the other lacks ("Why does it work?" / "Why does it not work?",
/// "eggless cake" / "cake").
///
/// A negation right before an opposite word both prompts use flips it, so "not enabled" and "disabled"
/// agree; a longer phrase wins over a word inside it ("with no milk" is "without milk").
public struct NegationGuard: HitGuard {
    public var kind: GuardKind { .negation }
    /// How many words before a word a negation still applies to it.
    public var window: Int

    /// A guard whose negations reach `window` words ahead.
    public init(window: Int = 3) {
        self.window = window
    }

    public func refusal(query: PromptText, candidate: PromptText, lexicon: GuardLexicon) -> GuardRefusal? {
        let a = Polarity.withoutIdioms(query, lexicon)
        let b = Polarity.withoutIdioms(candidate, lexicon)
        let mine = Polarity.matches(a, lexicon)
        let theirs = Polarity.matches(b, lexicon)
        let shared = Set(mine.map(\.concept)).intersection(theirs.map(\.concept))
        let myPolarity = Polarity(a.words, mine, shared: shared, lexicon: lexicon, window: window)
        let theirPolarity = Polarity(b.words, theirs, shared: shared, lexicon: lexicon, window: window)
        for concept in shared.sorted() where myPolarity.opposes(theirPolarity, in: concept) {
            let pair = lexicon.opposites[concept]
            return GuardRefusal(
                kind: kind,
                reason: "opposite meanings: \(pair.positive.first ?? "") against \(pair.negative.first ?? "")")
        }
        if let flipped = prefixFlip(query.words, candidate.words, lexicon: lexicon)
            ?? prefixFlip(candidate.words, query.words, lexicon: lexicon)
            ?? overUnder(query.words, candidate.words)
        {
            return GuardRefusal(kind: kind, reason: "opposite meanings: \(flipped)")
        }
        let decreasing = lexicon.opposites.firstIndex { $0.negative.contains("decrease") }
        let reduces = { (matches: [Polarity.Match]) in matches.contains { $0.concept == decreasing && $0.side < 0 } }
        let myNegative = !myPolarity.free.isEmpty || (theirPolarity.avoids && reduces(mine))
        let theirNegative = !theirPolarity.free.isEmpty || (myPolarity.avoids && reduces(theirs))
        if myNegative != theirNegative {
            let negated = myPolarity.free.isEmpty ? theirPolarity.free : myPolarity.free
            return GuardRefusal(
                kind: kind, reason: "one prompt is negated (\(negated.joined(separator: ", "))), the other not")
        }
        return nil
    }

    /// An "over-" word against the same "under-" word ("overvalued" / "undervalued").
    private func overUnder(_ words: [String], _ other: [String]) -> String? {
        let otherSet = Set(other)
        for word in words {
            for (prefix, opposite) in [("over", "under"), ("under", "over")] where word.hasPrefix(prefix) {
                let stem = word.dropFirst(prefix.count)
                if stem.count >= 4, otherSet.contains(opposite + stem), !otherSet.contains(word) {
                    return "\(word) against \(opposite + stem)"
                }
            }
        }
        return nil
    }

    /// A word of `words` that is a word of `other` with a negating prefix ("unsafe" against "safe"), when
    /// `other` does not negate that word itself.
    private func prefixFlip(_ words: [String], _ other: [String], lexicon: GuardLexicon) -> String? {
        let otherSet = Set(other)
        for word in words where !otherSet.contains(word) {
            for prefix in lexicon.negatingPrefixes where word.hasPrefix(prefix) && word.count >= prefix.count + 4 {
                let stem = String(word.dropFirst(prefix.count))
                guard let position = other.firstIndex(of: stem) else { continue }
                if position > 0 && other[position - 1] == prefix { continue }
                let before = other[max(0, position - window)..<position]
                if before.contains(where: lexicon.negationCues.contains) { continue }
                return "\(word) against \(stem)"
            }
        }
        return nil
    }
}

/// The polarity of one prompt against another: for each opposite pair both use, the signs it uses
/// (+1 positive side, -1 negative, after negations), and its negations that flip none of them.
struct Polarity {
    /// A word or phrase of an opposite pair found in a prompt.
    struct Match {
        var position: Int
        var length: Int
        var concept: Int
        var side: Int
    }

    /// The signs each phrase of a shared opposite pair is used with, per index into the lexicon's opposites.
    var signs: [Int: [String: Set<Int>]] = [:]
    /// Negations that flip no shared opposite word (and "-less" words).
    var free: [String] = []
    /// Whether every free negation is a word of avoidance ("stop", "get rid of"), which a word of the
    /// negative side ("reduce") agrees with.
    var avoids = false

    /// The words of `text` with the lexicon's negation idioms blanked out, and their set.
    static func withoutIdioms(_ text: PromptText, _ lexicon: GuardLexicon) -> (words: [String], vocabulary: Set<String>)
    {
        var words = text.words
        var changed = false
        for idiom in lexicon.compiled.negationIdioms {
            for start in PhraseMatch.positions(of: idiom, in: words, vocabulary: text.vocabulary) {
                for position in start..<(start + idiom.count) { words[position] = "" }
                changed = true
            }
        }
        return (words, changed ? Set(words) : text.vocabulary)
    }

    /// The opposite words and phrases in `text`, a longer phrase winning over a word inside it.
    static func matches(_ text: (words: [String], vocabulary: Set<String>), _ lexicon: GuardLexicon) -> [Match] {
        var found: [Match] = []
        let words = text.words
        for phrase in lexicon.compiled.opposites {
            for position in PhraseMatch.positions(of: phrase.parts, in: words, vocabulary: text.vocabulary) {
                found.append(
                    Match(position: position, length: phrase.parts.count, concept: phrase.concept, side: phrase.side))
            }
        }
        return found.filter { match in
            !found.contains { other in
                other.length > match.length && other.position <= match.position
                    && other.position + other.length >= match.position + match.length
            }
        }
    }

    /// Whether the two prompts lean opposite ways on opposite pair `concept`: a phrase both use with other
    /// signs ("safe" / "not safe"), or each using a phrase the other does not, with no sign in common
    /// ("enable" / "disable"; "eat less of" / "eat more of"). A phrase only one prompt adds ("advantages"
    /// / "advantages and disadvantages") is no opposition.
    func opposes(_ other: Polarity, in concept: Int) -> Bool {
        let mine = signs[concept] ?? [:]
        let theirs = other.signs[concept] ?? [:]
        for (phrase, sides) in mine where theirs[phrase].map({ $0 != sides }) ?? false { return true }
        let onlyMine = mine.filter { theirs[$0.key] == nil }.values.reduce(into: Set<Int>()) { $0.formUnion($1) }
        let onlyTheirs = theirs.filter { mine[$0.key] == nil }.values.reduce(into: Set<Int>()) { $0.formUnion($1) }
        return !onlyMine.isEmpty && !onlyTheirs.isEmpty && onlyMine.isDisjoint(with: onlyTheirs)
    }

    init(_ words: [String], _ matches: [Match], shared: Set<Int>, lexicon: GuardLexicon, window: Int) {
        var flipping = Set<Int>()
        var covered = Set<Int>()
        for match in matches where shared.contains(match.concept) {
            let start = max(0, match.position - window)
            let cue = (start..<match.position).last {
                lexicon.negationCues.contains(words[$0]) && !covered.contains($0)
            }
            if let cue { flipping.insert(cue) }
            for position in match.position..<(match.position + match.length) { covered.insert(position) }
            let phrase = words[match.position..<(match.position + match.length)].joined(separator: " ")
            signs[match.concept, default: [:]][phrase, default: []].insert(cue == nil ? match.side : -match.side)
        }
        let suffix = lexicon.negatingSuffix
        for (position, word) in words.enumerated()
        where !word.isEmpty && !flipping.contains(position) && !covered.contains(position) {
            if lexicon.negationCues.contains(word) || lexicon.avoidanceWords.contains(word) {
                free.append(word)
            } else if !suffix.isEmpty, word.hasSuffix(suffix), word.count >= suffix.count + 3,
                !lexicon.negatingSuffixExceptions.contains(word)
            {
                free.append(word)
            }
        }
        avoids = !free.isEmpty && free.allSatisfy(lexicon.avoidanceWords.contains)
    }
}
