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
        let mine = Polarity.matches(query.words, lexicon)
        let theirs = Polarity.matches(candidate.words, lexicon)
        let shared = Set(mine.map(\.concept)).intersection(theirs.map(\.concept))
        let myPolarity = Polarity(query.words, mine, shared: shared, lexicon: lexicon, window: window)
        let theirPolarity = Polarity(candidate.words, theirs, shared: shared, lexicon: lexicon, window: window)
        for concept in shared.sorted() where myPolarity.signs[concept] != theirPolarity.signs[concept] {
            let pair = lexicon.opposites[concept]
            return GuardRefusal(
                kind: kind,
                reason: "opposite meanings: \(pair.positive.first ?? "") against \(pair.negative.first ?? "")")
        }
        if let flipped = prefixFlip(query.words, candidate.words, lexicon: lexicon)
            ?? prefixFlip(candidate.words, query.words, lexicon: lexicon)
        {
            return GuardRefusal(kind: kind, reason: "opposite meanings: \(flipped)")
        }
        if myPolarity.free.isEmpty != theirPolarity.free.isEmpty {
            let negated = myPolarity.free.isEmpty ? theirPolarity.free : myPolarity.free
            return GuardRefusal(
                kind: kind, reason: "one prompt is negated (\(negated.joined(separator: ", "))), the other not")
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

    /// Signs used per index into the lexicon's opposites (only pairs both prompts use).
    var signs: [Int: Set<Int>] = [:]
    /// Negations that flip no shared opposite word (and "-less" words).
    var free: [String] = []

    /// The opposite words and phrases in `words`, a longer phrase winning over a word inside it.
    static func matches(_ words: [String], _ lexicon: GuardLexicon) -> [Match] {
        var found: [Match] = []
        for (concept, pair) in lexicon.opposites.enumerated() {
            for (side, phrases) in [(1, pair.positive), (-1, pair.negative)] {
                for phrase in phrases {
                    let parts = phrase.split(separator: " ")
                    for position in PhraseMatch.positions(of: parts, in: words) {
                        found.append(Match(position: position, length: parts.count, concept: concept, side: side))
                    }
                }
            }
        }
        return found.filter { match in
            !found.contains { other in
                other.length > match.length && other.position <= match.position
                    && other.position + other.length >= match.position + match.length
            }
        }
    }

    init(_ words: [String], _ matches: [Match], shared: Set<Int>, lexicon: GuardLexicon, window: Int) {
        var flipping = Set<Int>()
        var covered = Set<Int>()
        for match in matches where shared.contains(match.concept) {
            let start = max(0, match.position - window)
            let cue = (start..<match.position).last { lexicon.negationCues.contains(words[$0]) && !covered.contains($0) }
            if let cue { flipping.insert(cue) }
            for position in match.position..<(match.position + match.length) { covered.insert(position) }
            signs[match.concept, default: []].insert(cue == nil ? match.side : -match.side)
        }
        let suffix = lexicon.negatingSuffix
        for (position, word) in words.enumerated() where !flipping.contains(position) && !covered.contains(position) {
            if lexicon.negationCues.contains(word) || lexicon.avoidanceWords.contains(word) {
                free.append(word)
            } else if !suffix.isEmpty, word.hasSuffix(suffix), word.count >= suffix.count + 3,
                !lexicon.negatingSuffixExceptions.contains(word)
            {
                free.append(word)
            }
        }
    }
}
