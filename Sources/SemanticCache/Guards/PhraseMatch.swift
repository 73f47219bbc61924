/// Where words and phrases of a table occur in a text's words.
enum PhraseMatch {
    /// The positions (of the first word) where `phrase` occurs in `words`.
    static func positions(of phrase: [Substring], in words: [String]) -> [Int] {
        guard !phrase.isEmpty, phrase.count <= words.count else { return [] }
        var found: [Int] = []
        for start in 0...(words.count - phrase.count) {
            var matches = true
            for (offset, part) in phrase.enumerated() where words[start + offset] != part {
                matches = false
                break
            }
            if matches { found.append(start) }
        }
        return found
    }

    /// The positions where any of `phrases` occurs in `words`.
    static func positions(ofAny phrases: [String], in words: [String]) -> [Int] {
        phrases.flatMap { positions(of: $0.split(separator: " "), in: words) }
    }

    /// Whether any of `phrases` occurs in `words`.
    static func containsAny(_ phrases: [String], in words: [String]) -> Bool {
        phrases.contains { !positions(of: $0.split(separator: " "), in: words).isEmpty }
    }
}
