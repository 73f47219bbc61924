import Foundation

/// The word tables the guards read, for one language: data, so that a table can be extended or replaced
/// without code (load one from JSON with ``load(contentsOf:)``). ``english`` is the shipped one.
public struct GuardLexicon: Sendable, Codable, Hashable {
    /// Two sets of words or phrases that mean opposite things ("enable" / "disable").
    public struct Opposites: Sendable, Codable, Hashable {
        /// The words of one side.
        public var positive: [String]
        /// The words of the other side.
        public var negative: [String]

        /// Opposites with `positive` on one side and `negative` on the other.
        public init(_ positive: [String], _ negative: [String]) {
            self.positive = positive
            self.negative = negative
        }
    }

    /// A class of words that ask for a kind of answer (brief, detailed, a table, JSON…).
    public struct ScopeClass: Sendable, Codable, Hashable {
        /// The class's name, as the guard reports it.
        public var name: String
        /// The axis it lies on: two classes on one axis exclude each other ("length": brief or detailed).
        public var axis: String
        /// Whether a text with none of the axis's words differs from one with this class ("explain TCP"
        /// and "explain TCP briefly" ask for different lengths), or only another class of the axis does.
        public var absenceDiffers: Bool
        /// Its words and phrases.
        public var words: [String]

        /// A class `name` on `axis`, marked by `words`.
        public init(name: String, axis: String, absenceDiffers: Bool, words: [String]) {
            self.name = name
            self.axis = axis
            self.absenceDiffers = absenceDiffers
            self.words = words
        }
    }

    /// The language, as a BCP 47 tag ("en").
    public var language: String
    /// Words that carry little content (articles, auxiliaries, pronouns, question words).
    public var functionWords: Set<String>
    /// Contractions written out ("can't" is "can not").
    public var contractions: [String: String]
    /// Number words and their digits ("three" is "3").
    public var numberWords: [String: String]
    /// Ordinal words and their digits ("third" is "3"); compared only when both prompts have one.
    public var ordinalWords: [String: String]
    /// Unit spellings that mean one unit ("kilometers" is "km"); a unit maps to "" to be ignored.
    public var unitAliases: [String: String]
    /// Groups of names for one thing ("postgres", "postgresql"); the first is the one compared.
    public var aliases: [[String]] { didSet { compile() } }
    /// Endings that keep a word a number ("3rd", "1990s", "3pm").
    public var numberSuffixes: Set<String>
    /// Units of measure and currencies, compared like numbers.
    public var units: Set<String>
    /// Words that negate what follows ("not", "never", "without").
    public var negationCues: Set<String>
    /// Words that ask not to do something ("avoid", "prevent", "stop"): they count as a negation of the
    /// prompt, agree with one another and with negations, but flip no opposite word.
    public var avoidanceWords: Set<String>
    /// Idioms whose negation words negate nothing ("why or why not", "whether or not").
    public var negationIdioms: [String] { didSet { compile() } }
    /// Words that make another name of a name they stand next to ("West" Virginia, "Part II", "Pro").
    public var nameQualifiers: Set<String>
    /// Idioms whose words mark no scope ("short for", "long term"), taken out before the scope guard reads.
    public var scopeIdioms: [String] { didSet { compile() } }
    /// Prefixes that make a word its opposite ("un" in "unsafe"), recognised when the other text has the
    /// word without it.
    public var negatingPrefixes: [String]
    /// A suffix that negates its word ("less" in "eggless"), and words that end in it without negating.
    public var negatingSuffix: String
    /// Words ending in ``negatingSuffix`` that negate nothing ("unless", "regardless").
    public var negatingSuffixExceptions: Set<String>
    /// Opposite words and phrases.
    public var opposites: [Opposites] { didSet { compile() } }
    /// Words that give their two sides different roles ("to", "from", "than", "before").
    public var directionalWords: Set<String>
    /// Weaker relational words ("for", "in", "with", "on"): a pivot only between words right next to it.
    public var relationalWords: Set<String>
    /// Names that are written in lower case as often as not: languages, tools, platforms.
    public var knownNames: Set<String>
    /// Classes of words that set an answer's length or format.
    public var scopeClasses: [ScopeClass] { didSet { compile() } }
    /// The tables' phrases split into words once, for matching.
    private(set) var compiled = CompiledPhrases()

    /// A lexicon from its tables.
    public init(
        language: String, functionWords: Set<String>, contractions: [String: String], numberWords: [String: String],
        ordinalWords: [String: String], unitAliases: [String: String], aliases: [[String]],
        numberSuffixes: Set<String>, units: Set<String>, negationCues: Set<String>, avoidanceWords: Set<String>,
        negationIdioms: [String], nameQualifiers: Set<String>, scopeIdioms: [String], negatingPrefixes: [String],
        negatingSuffix: String, negatingSuffixExceptions: Set<String>, opposites: [Opposites],
        directionalWords: Set<String>, relationalWords: Set<String>, knownNames: Set<String>,
        scopeClasses: [ScopeClass]
    ) {
        self.language = language
        self.functionWords = functionWords
        self.contractions = contractions
        self.numberWords = numberWords
        self.ordinalWords = ordinalWords
        self.unitAliases = unitAliases
        self.aliases = aliases
        self.numberSuffixes = numberSuffixes
        self.units = units
        self.negationCues = negationCues
        self.avoidanceWords = avoidanceWords
        self.negationIdioms = negationIdioms
        self.nameQualifiers = nameQualifiers
        self.scopeIdioms = scopeIdioms
        self.negatingPrefixes = negatingPrefixes
        self.negatingSuffix = negatingSuffix
        self.negatingSuffixExceptions = negatingSuffixExceptions
        self.opposites = opposites
        self.directionalWords = directionalWords
        self.relationalWords = relationalWords
        self.knownNames = knownNames
        self.scopeClasses = scopeClasses
        compile()
    }

    private enum CodingKeys: String, CodingKey {
        case language, functionWords, contractions, numberWords, ordinalWords, unitAliases, aliases, numberSuffixes
        case units, negationCues, avoidanceWords, negationIdioms, nameQualifiers, scopeIdioms, negatingPrefixes
        case negatingSuffix
        case negatingSuffixExceptions, opposites, directionalWords, relationalWords, knownNames, scopeClasses
    }

    /// Reads a lexicon's tables; every field is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys) throws -> T { try container.decode(T.self, forKey: key) }
        self.init(
            language: try read(.language), functionWords: try read(.functionWords),
            contractions: try read(.contractions),
            numberWords: try read(.numberWords), ordinalWords: try read(.ordinalWords),
            unitAliases: try read(.unitAliases), aliases: try read(.aliases), numberSuffixes: try read(.numberSuffixes),
            units: try read(.units), negationCues: try read(.negationCues), avoidanceWords: try read(.avoidanceWords),
            negationIdioms: try read(.negationIdioms), nameQualifiers: try read(.nameQualifiers),
            scopeIdioms: try read(.scopeIdioms), negatingPrefixes: try read(.negatingPrefixes),
            negatingSuffix: try read(.negatingSuffix), negatingSuffixExceptions: try read(.negatingSuffixExceptions),
            opposites: try read(.opposites), directionalWords: try read(.directionalWords),
            relationalWords: try read(.relationalWords),
            knownNames: try read(.knownNames), scopeClasses: try read(.scopeClasses))
    }

    private mutating func compile() {
        compiled = CompiledPhrases(self)
    }

    /// Reads a lexicon from a JSON file with this type's fields (`cachectl` and the README show one).
    ///
    /// - Throws: the file's read error, or a `DecodingError` naming the field that is wrong.
    public static func load(contentsOf url: URL) throws -> GuardLexicon {
        try JSONDecoder().decode(GuardLexicon.self, from: Data(contentsOf: url))
    }
}

/// A lexicon's phrases split into words, computed once when its tables change.
struct CompiledPhrases: Sendable, Hashable {
    /// One word or phrase of an opposite pair.
    struct Opposite: Sendable, Hashable {
        var concept: Int
        var side: Int
        var parts: [String]
    }

    /// One word or phrase of a scope class.
    struct Scope: Sendable, Hashable {
        var name: String
        var axis: String
        var parts: [String]
    }

    var opposites: [Opposite] = []
    var scopes: [Scope] = []
    /// The one-word scope markers ("json", "table"): formats are the scope guard's, not names.
    var scopeWords: Set<String> = []
    var idioms: [[String]] = []
    var negationIdioms: [[String]] = []
    /// Alias phrases, longest first, with their group's spelling.
    var aliases: [(parts: [String], canonical: String)] = []

    init() {}

    init(_ lexicon: GuardLexicon) {
        func parts(_ phrase: String) -> [String] { phrase.split(separator: " ").map(String.init) }
        for (concept, pair) in lexicon.opposites.enumerated() {
            for (side, phrases) in [(1, pair.positive), (-1, pair.negative)] {
                for phrase in phrases { opposites.append(Opposite(concept: concept, side: side, parts: parts(phrase))) }
            }
        }
        for scope in lexicon.scopeClasses {
            for phrase in scope.words { scopes.append(Scope(name: scope.name, axis: scope.axis, parts: parts(phrase))) }
        }
        scopeWords = Set(scopes.filter { $0.parts.count == 1 }.compactMap(\.parts.first))
        idioms = lexicon.scopeIdioms.map(parts)
        negationIdioms = lexicon.negationIdioms.map(parts)
        for group in lexicon.aliases {
            guard let canonical = group.first else { continue }
            for alias in group { aliases.append((parts(alias), canonical)) }
        }
        aliases.sort { $0.parts.count > $1.parts.count }
        opposites.removeAll { $0.parts.isEmpty }
        scopes.removeAll { $0.parts.isEmpty }
        idioms.removeAll(where: \.isEmpty)
        negationIdioms.removeAll(where: \.isEmpty)
    }

    static func == (lhs: CompiledPhrases, rhs: CompiledPhrases) -> Bool {
        lhs.opposites == rhs.opposites && lhs.scopes == rhs.scopes && lhs.idioms == rhs.idioms
            && lhs.negationIdioms == rhs.negationIdioms
            && lhs.aliases.map(\.parts) == rhs.aliases.map(\.parts)
            && lhs.aliases.map(\.canonical) == rhs.aliases.map(\.canonical)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(opposites)
        hasher.combine(scopes)
    }
}
