/// Where words and phrases of a table occur in a text's words.
enum PhraseMatch {
    /// The positions (of the first word) where `phrase` occurs in `words`; `vocabulary`, the set of `words`,
    /// rejects most phrases at once.
    static func positions(of phrase: [String], in words: [String], vocabulary: Set<String>) -> [Int] {
        guard let first = phrase.first, vocabulary.contains(first), phrase.count <= words.count else { return [] }
        var found: [Int] = []
        for start in 0...(words.count - phrase.count) where words[start] == first {
            var matches = true
            for offset in 1..<phrase.count where words[start + offset] != phrase[offset] {
                matches = false
                break
            }
            if matches { found.append(start) }
        }
        return found
    }
}
