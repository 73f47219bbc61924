/// Refuses when two words the prompts share swap places around the same pivot: a directional or
/// relational word that occurs once ("annual to monthly" / "monthly to annual", "int to string" / "string
/// to int", "Python faster than Java" / "Java faster than Python", "honey for sugar" / "sugar for honey"),
/// or, for two names, a shared word between them ("Saxons conquer Normans" / "Normans conquer Saxons").
///
/// Moving a phrase to the front ("In C, how do I cast a float to an int?" / "… to an int in C?") puts no
/// common pivot between the moved words, so it is not a swap; nor is saying it with another directional
/// word ("into French from English" / "from English to French"). Symmetric words ("and", "vs",
/// "between") are no pivots, and words joined by one ("the Pixel 8 and the iPhone 15") may come in any
/// order. Words that occur more than once in a prompt have no one place and are left out, and a number
/// swaps only with a number ("from Python 2 to Python 3").
public struct ArgumentOrderGuard: HitGuard {
    public var kind: GuardKind { .order }

    public init() {}

    public func refusal(query: PromptText, candidate: PromptText, lexicon: GuardLexicon) -> GuardRefusal? {
        let a = query.tokens.map { key($0, lexicon) }
        let b = candidate.tokens.map { key($0, lexicon) }
        let positionsA = singlePositions(a, query.tokens, lexicon)
        let positionsB = singlePositions(b, candidate.tokens, lexicon)
        let names = Set(
            zip(a, query.tokens).filter { $0.1.looksLikeName || lexicon.knownNames.contains($0.0) }.map(\.0))
        if let exchanged = exchange(a, b, lexicon) {
            return GuardRefusal(kind: kind, reason: "\(exchanged.0) and \(exchanged.1) trade places")
        }
        let shared = Set(positionsA.keys).intersection(positionsB.keys)
        guard shared.count >= 2 else { return nil }
        let ordered = shared.sorted()
        for (offset, first) in ordered.enumerated() {
            for second in ordered[(offset + 1)...] {
                guard let a1 = positionsA[first], let a2 = positionsA[second], let b1 = positionsB[first],
                    let b2 = positionsB[second], (a1 < a2) != (b1 < b2), first.hasPrefix("#") == second.hasPrefix("#")
                else { continue }
                let rangeA = (min(a1, a2) + 1)..<max(a1, a2)
                let rangeB = (min(b1, b2) + 1)..<max(b1, b2)
                if a[rangeA].contains(where: Self.symmetric.contains)
                    || b[rangeB].contains(where: Self.symmetric.contains)
                {
                    continue
                }
                let bothNames =
                    names.contains(first) && names.contains(second) && !first.hasPrefix("#")
                    && !second.hasPrefix("#")
                var pivotsA = pivots(a, rangeA, shared: bothNames ? shared : [], lexicon)
                var pivotsB = pivots(b, rangeB, shared: bothNames ? shared : [], lexicon)
                if let relation = relation(a, rangeA, lexicon), relation == self.relation(b, rangeB, lexicon) {
                    pivotsA.insert(relation)
                    pivotsB.insert(relation)
                }
                if let pivot = pivotsA.intersection(pivotsB).sorted().first {
                    return GuardRefusal(kind: kind, reason: "\(first) and \(second) swap places around '\(pivot)'")
                }
            }
        }
        return nil
    }

    /// Two words (or pairs of words) that trade places around a word that stays, nothing else changing among
    /// the content words ("a landlord sue a tenant" / "a tenant sue a landlord", "stock prices rise when bond
    /// yields fall" / "bond yields rise when stock prices fall"), unless a symmetric word joins them ("TCP and
    /// UDP" / "UDP and TCP").
    private func exchange(_ a: [String], _ b: [String], _ lexicon: GuardLexicon) -> (String, String)? {
        let contentA = a.indices.filter { !a[$0].isEmpty && !lexicon.functionWords.contains(a[$0]) }
        let contentB = b.indices.filter { !b[$0].isEmpty && !lexicon.functionWords.contains(b[$0]) }
        guard contentA.count == contentB.count, contentA.count >= 2 else { return nil }
        var partner: [String: String] = [:]
        var first: (String, String)?
        for (i, j) in zip(contentA, contentB) where a[i] != b[j] {
            let (x, y) = (a[i], b[j])
            if let known = partner[x], known != y { return nil }
            if let known = partner[y], known != x { return nil }
            partner[x] = y
            partner[y] = x
            if first == nil { first = (x, y) }
        }
        guard let swapped = first else { return nil }
        // Each pair must trade places across a word that stays where it was ("sue" in "landlord sue tenant"):
        // words that merely move next to each other or blocks that rotate ("In Paris, what are the best
        // museums?") are rephrasings. No symmetric word may join them.
        let unchanged = Set(
            zip(contentA, contentB).enumerated().filter { a[$0.element.0] == b[$0.element.1] }.map(\.offset))
        for (x, y) in partner where x < y {
            guard let i = contentA.firstIndex(where: { a[$0] == x }), let j = contentA.firstIndex(where: { a[$0] == y })
            else { return nil }
            let (low, high) = (min(i, j), max(i, j))
            guard ((low + 1)..<high).contains(where: unchanged.contains) else { return nil }
            let between = a[(contentA[low] + 1)..<contentA[high]]
            if between.contains(where: Self.symmetric.contains) { return nil }
        }
        return swapped
    }

    /// Words that join their sides without giving them roles.
    static let symmetric: Set<String> = ["and", "or", "vs", "versus", "between", "&", "nor", "plus"]

    /// The pivots in `range`: directional words that occur once in the prompt, and the given shared words.
    private func pivots(_ words: [String], _ range: Range<Int>, shared: Set<String>, _ lexicon: GuardLexicon)
        -> Set<String>
    {
        guard !range.isEmpty else { return [] }
        return Set(
            words[range].filter { word in
                (lexicon.directionalWords.contains(word) && words.count(where: { $0 == word }) == 1)
                    || shared.contains(word)
            })
    }

    /// The one relational word between the two ends of `range`, when besides it there are only function
    /// words, repeated words and at most one other word ("honey for sugar", "tablespoons in a teaspoon",
    /// "whole wheat flour with white flour"), if any.
    private func relation(_ words: [String], _ range: Range<Int>, _ lexicon: GuardLexicon) -> String? {
        let between = words[range]
        let relations = between.filter(lexicon.relationalWords.contains)
        guard relations.count == 1, let relation = relations.first, words.count(where: { $0 == relation }) == 1
        else { return nil }
        let others = between.filter { word in
            !word.isEmpty && !lexicon.functionWords.contains(word) && words.count(where: { $0 == word }) == 1
        }
        return others.count <= 1 ? relation : nil
    }

    /// The position of each content word that occurs once (a repeated word has no one place).
    private func singlePositions(_ words: [String], _ tokens: [PromptText.Token], _ lexicon: GuardLexicon)
        -> [String: Int]
    {
        var positions: [String: Int] = [:]
        var repeated = Set<String>()
        for (position, word) in words.enumerated()
        where !word.isEmpty && !lexicon.functionWords.contains(word) {
            if positions[word] != nil { repeated.insert(word) } else { positions[word] = position }
        }
        for word in repeated { positions[word] = nil }
        return positions
    }

    /// The word a token is compared as: a number by its value ("#3" for "3", "three" and "third"), other
    /// words without a plural "s", so that "tablespoons" and "tablespoon" are one word (names keep theirs:
    /// "https" is not "http").
    private func key(_ token: PromptText.Token, _ lexicon: GuardLexicon) -> String {
        if let value = token.number ?? token.ordinal { return "#" + value }
        let word = token.text
        guard word.count > 4, word.hasSuffix("s"), !word.hasSuffix("ss"), !lexicon.knownNames.contains(word) else {
            return word
        }
        return String(word.dropLast())
    }
}
