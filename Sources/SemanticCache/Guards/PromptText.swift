import Foundation

/// A prompt as the guards read it: its words, lower-cased, with contractions written out, hyphenated
/// words split, and number words turned into digits, plus the parts that keep their spelling (capitalised
/// names, code, quoted strings).
///
/// It is computed once per text and compared by every guard.
public struct PromptText: Sendable, Hashable {
    /// One word of the prompt.
    public struct Token: Sendable, Hashable {
        /// The word, lower-cased.
        public var text: String
        /// The word as written.
        public var original: String
        /// The cardinal number the word is, in digits ("5" of "5", "five" or "5km"), if any.
        public var number: String?
        /// The ordinal the word is, in digits ("3" of "3rd" or "third"), if any.
        public var ordinal: String?
        /// A unit written onto the number ("km" of "5km", "percent" of "20%", "pm" of "9 pm").
        public var unit: String?
        /// Whether the word is written like a name or code: capitalised inside the sentence, all capitals,
        /// or with inner capitals, digits, underscores, dots or other code characters, or a command-line flag.
        public var looksLikeName: Bool

        init(
            text: String, original: String, number: String? = nil, ordinal: String? = nil, unit: String? = nil,
            looksLikeName: Bool = false
        ) {
            self.text = text
            self.original = original
            self.number = number
            self.ordinal = ordinal
            self.unit = unit
            self.looksLikeName = looksLikeName
        }
    }

    /// The text as given.
    public let original: String
    /// Its words in order.
    public let tokens: [Token]
    /// Strings in quotes or backticks, lower-cased.
    public let quoted: [String]
    /// The set of its lower-cased words.
    public let vocabulary: Set<String>

    /// Reads `text` with the words of `lexicon`.
    public init(_ text: String, lexicon: GuardLexicon) {
        original = text
        var quoted: [String] = []
        var tokens: [Token] = []
        let words = Self.split(Array(text), quoted: &quoted, quotes: true)
        for (word, sentenceStart) in words {
            for (index, part) in Self.hyphenParts(word, lexicon).enumerated() {
                tokens.append(contentsOf: Self.tokens(of: part, first: sentenceStart && index == 0, lexicon: lexicon))
            }
        }
        self.tokens = Self.attachingUnits(tokens, lexicon)
        self.quoted = quoted
        vocabulary = Set(self.tokens.map(\.text))
    }

    /// The lower-cased words, in order.
    public var words: [String] { tokens.map(\.text) }

    /// The words that carry content: those not in the lexicon's function words.
    public func contentWords(_ lexicon: GuardLexicon) -> [String] {
        words.filter { !lexicon.functionWords.contains($0) }
    }

    /// The cardinal numbers, in digits, each as often as it occurs.
    public var numbers: [String] { tokens.compactMap(\.number).sorted() }

    /// The ordinals, in digits, each as often as it occurs.
    public var ordinals: [String] { tokens.compactMap(\.ordinal).sorted() }

    /// Splits `characters` into raw words, each with whether it starts a sentence; with `quotes`, quoted
    /// strings go to `quoted` too.
    private static func split(_ characters: [Character], quoted: inout [String], quotes: Bool)
        -> [(word: String, sentenceStart: Bool)]
    {
        var words: [(word: String, sentenceStart: Bool)] = []
        var current = ""
        var quote: Character?
        var inside: [Character] = []
        var boundary = true
        func flush() {
            let word = trimmed(current)
            if !word.isEmpty {
                words.append((word, boundary))
                boundary = current.hasSuffix(".") || current.hasSuffix(":")
            }
            current = ""
        }
        for (index, character) in characters.enumerated() {
            if let open = quote {
                if character == closing(of: open) {
                    let value = String(inside).trimmingCharacters(in: .whitespaces)
                    if !value.isEmpty { quoted.append(value.lowercased()) }
                    var ignored: [String] = []
                    words.append(contentsOf: split(inside, quoted: &ignored, quotes: false).map { ($0.word, false) })
                    quote = nil
                    inside = []
                } else {
                    inside.append(character)
                }
                continue
            }
            if quotes && ("\"`“‘".contains(character) || (character == "'" && current.isEmpty)) {
                flush()
                quote = character
                continue
            }
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            if character == "," && current.last?.isNumber == true && next.isNumber { continue }
            if character.isLetter || character.isNumber || "'’_+#.%$€£°/:-@&^[]*".contains(character) {
                current.append(character == "’" ? "'" : character)
            } else {
                flush()
                if "?!\n".contains(character) { boundary = true }
            }
        }
        flush()
        if quote != nil {
            var ignored: [String] = []
            words.append(contentsOf: split(inside, quoted: &ignored, quotes: false).map { ($0.word, false) })
        }
        return words
    }

    private static func closing(of quote: Character) -> Character {
        switch quote {
        case "“": "”"
        case "‘": "’"
        default: quote
        }
    }

    /// A word without the punctuation that ends a sentence or a clause; a command-line flag keeps its
    /// dashes ("-f", "--hard").
    private static func trimmed(_ word: String) -> String {
        var word = Substring(word)
        while let last = word.last, ".:/-'&@".contains(last) { word = word.dropLast() }
        if word.hasPrefix("-"), word.drop(while: { $0 == "-" }).first?.isLetter == true, word.count > 1 {
            return String(word)
        }
        while let first = word.first, ".:/-'&@".contains(first) { word = word.dropFirst() }
        return String(word)
    }

    /// A hyphenated word as its parts ("3-day" is "3", "day"; "three-day" is "three", "day"; "step-by-step"
    /// is "step", "by", "step"), unless it is a flag, made of numbers only (a date such as "2024-01-05"), or
    /// a number word that is no quantity ("two-factor").
    private static func hyphenParts(_ word: String, _ lexicon: GuardLexicon) -> [String] {
        guard word.contains("-"), !word.hasPrefix("-"), !word.contains(where: { "^[]*+$_/\\=<>(){}".contains($0) })
        else { return [word] }
        let parts = word.split(separator: "-").map(String.init).filter { !$0.isEmpty }
        guard parts.count > 1, parts.contains(where: { $0.contains(where: \.isLetter) }) else { return [word] }
        let lower = parts.map { $0.lowercased() }
        if !lower.contains(where: { $0.first?.isNumber == true }),
            let spelled = lower.firstIndex(where: { lexicon.numberWords[$0] != nil })
        {
            let next = spelled + 1 < lower.count ? lower[spelled + 1] : ""
            guard lexicon.units.contains(next) || lexicon.units.contains(next + "s") else { return [word] }
        }
        return parts
    }

    /// The tokens of one raw word: contractions written out, number words as digits.
    private static func tokens(of word: String, first: Bool, lexicon: GuardLexicon) -> [Token] {
        let lower = word.lowercased()
        let name = looksLikeName(word, first: first)
        if let expansion = lexicon.contractions[lower] {
            return expansion.split(separator: " ").map { Token(text: String($0), original: word) }
        }
        if lower.hasSuffix("n't") {
            return [Token(text: String(lower.dropLast(3)), original: word), Token(text: "not", original: word)]
        }
        for suffix in ["'s", "'re", "'ll", "'ve", "'d", "'m"]
        where lower.hasSuffix(suffix) && lower.count > suffix.count {
            return [token(String(lower.dropLast(suffix.count)), original: word, name: name, lexicon)]
        }
        return [token(lower, original: word, name: name, lexicon)]
    }

    private static func token(_ lower: String, original: String, name: Bool, _ lexicon: GuardLexicon) -> Token {
        if let ordinal = lexicon.ordinalWords[lower] { return Token(text: lower, original: original, ordinal: ordinal) }
        let parsed = number(lower, lexicon)
        return Token(
            text: lower, original: original, number: parsed?.ordinal == true ? nil : parsed?.value,
            ordinal: parsed?.ordinal == true ? parsed?.value : nil, unit: parsed?.unit,
            looksLikeName: name && parsed == nil)
    }

    /// Units written as their own word after a number ("9 pm"); a single unit ("1 mile", "a mile") counts
    /// as no number, as "one mile" and "a mile" say the same.
    private static func attachingUnits(_ tokens: [Token], _ lexicon: GuardLexicon) -> [Token] {
        var tokens = tokens
        for index in tokens.indices.dropFirst() {
            let word = tokens[index].text
            let previous = index - 1
            if ["am", "pm", "a.m", "p.m"].contains(word), tokens[previous].number != nil, tokens[previous].unit == nil {
                tokens[previous].unit = word.replacingOccurrences(of: ".", with: "")
            }
            let single = tokens[previous].number == "1" || ["one", "a", "an"].contains(tokens[previous].text)
            if single, tokens[previous].unit == nil, lexicon.units.contains(word), word.count > 2 {
                tokens[previous].number = nil
                tokens[previous].unit = word
            }
        }
        return tokens
    }

    /// The number a lower-cased word stands for, in digits, and a unit written onto it: "3", "3.5", "1000"
    /// (from "1,000"), "three", "3rd" (an ordinal), "5km", "20%", "$40", "1990s", "v2.1", "2024-01-05";
    /// `nil` when it is no number ("2fa", "mp3").
    static func number(_ word: String, _ lexicon: GuardLexicon) -> (value: String, unit: String?, ordinal: Bool)? {
        if let value = lexicon.numberWords[word] { return (value, nil, false) }
        var digits = ""
        var rest = Substring(word)
        var currency: String?
        while let first = rest.first, "$€£#v".contains(first), rest.dropFirst().first?.isNumber == true {
            currency = "$€£".contains(first) ? String(first) : nil
            rest = rest.dropFirst()
        }
        while let first = rest.first, first.isNumber || ((first == "." || first == ",") && !digits.isEmpty) {
            if first != "," { digits.append(first) }
            rest = rest.dropFirst()
        }
        while digits.hasSuffix(".") { digits.removeLast() }
        guard !digits.isEmpty else { return nil }
        let unit = String(rest)
        if ["st", "nd", "rd", "th"].contains(unit) { return (canonical(digits), nil, true) }
        if unit.isEmpty || lexicon.numberSuffixes.contains(unit) { return (canonical(digits), currency, false) }
        if unit == "%" { return (canonical(digits), "percent", false) }
        if unit.count == 1, "$€£".contains(unit) { return (canonical(digits), unit, false) }
        if lexicon.units.contains(unit) { return (canonical(digits), unit, false) }
        if let first = unit.first, ".-x:/".contains(first) { return (canonical(digits) + unit, currency, false) }
        return nil
    }

    /// "3.0" and "3" are one number; "03" and "3" too.
    private static func canonical(_ digits: String) -> String {
        var value = Substring(digits)
        if value.contains(".") {
            while value.hasSuffix("0") { value = value.dropLast() }
            if value.hasSuffix(".") { value = value.dropLast() }
        }
        while value.count > 1, value.first == "0", value.dropFirst().first != "." { value = value.dropFirst() }
        return String(value)
    }

    /// Whether a word as written looks like a name or code rather than an ordinary word.
    private static func looksLikeName(_ word: String, first: Bool) -> Bool {
        guard let initial = word.first, word.count > 1 else { return false }
        let letters = word.filter(\.isLetter)
        if initial == "-" && letters.count > 0 { return true }
        if word.contains(where: { "_#+.@/^[]*".contains($0) }) && letters.count > 0 { return true }
        if word.contains(where: \.isNumber) && letters.count > 0 { return true }
        let inner = word.dropFirst()
        if inner.contains(where: \.isUppercase) && inner.contains(where: \.isLowercase) { return true }
        if letters.count > 1 && letters.allSatisfy(\.isUppercase) { return true }
        return initial.isUppercase && !first
    }
}
