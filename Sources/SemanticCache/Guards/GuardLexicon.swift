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
    public var aliases: [[String]]
    /// Endings that keep a word a number ("3rd", "1990s", "3pm").
    public var numberSuffixes: Set<String>
    /// Units of measure and currencies, compared like numbers.
    public var units: Set<String>
    /// Words that negate what follows ("not", "never", "without").
    public var negationCues: Set<String>
    /// Words that ask not to do something ("avoid", "prevent", "stop"): they count as a negation of the
    /// prompt, agree with one another and with negations, but flip no opposite word.
    public var avoidanceWords: Set<String>
    /// Idioms whose words mark no scope ("short for", "long term"), taken out before the scope guard reads.
    public var scopeIdioms: [String]
    /// Prefixes that make a word its opposite ("un" in "unsafe"), recognised when the other text has the
    /// word without it.
    public var negatingPrefixes: [String]
    /// A suffix that negates its word ("less" in "eggless"), and words that end in it without negating.
    public var negatingSuffix: String
    /// Words ending in ``negatingSuffix`` that negate nothing ("unless", "regardless").
    public var negatingSuffixExceptions: Set<String>
    /// Opposite words and phrases.
    public var opposites: [Opposites]
    /// Words that give their two sides different roles ("to", "from", "than", "before").
    public var directionalWords: Set<String>
    /// Names that are written in lower case as often as not: languages, tools, platforms.
    public var knownNames: Set<String>
    /// Classes of words that set an answer's length or format.
    public var scopeClasses: [ScopeClass]

    /// A lexicon from its tables.
    public init(
        language: String, functionWords: Set<String>, contractions: [String: String], numberWords: [String: String],
        ordinalWords: [String: String], unitAliases: [String: String], aliases: [[String]],
        numberSuffixes: Set<String>, units: Set<String>, negationCues: Set<String>, avoidanceWords: Set<String>,
        scopeIdioms: [String], negatingPrefixes: [String],
        negatingSuffix: String, negatingSuffixExceptions: Set<String>, opposites: [Opposites], directionalWords: Set<String>, knownNames: Set<String>, scopeClasses: [ScopeClass]
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
        self.scopeIdioms = scopeIdioms
        self.negatingPrefixes = negatingPrefixes
        self.negatingSuffix = negatingSuffix
        self.negatingSuffixExceptions = negatingSuffixExceptions
        self.opposites = opposites
        self.directionalWords = directionalWords
        self.knownNames = knownNames
        self.scopeClasses = scopeClasses
    }

    /// Reads a lexicon from a JSON file with this type's fields (`cachectl` and the README show one).
    ///
    /// - Throws: the file's read error, or a `DecodingError` naming the field that is wrong.
    public static func load(contentsOf url: URL) throws -> GuardLexicon {
        try JSONDecoder().decode(GuardLexicon.self, from: Data(contentsOf: url))
    }
}
