/// Two texts and a human judgement of whether they ask the same thing.
public struct LabelledPair: Sendable, Hashable {
    /// The first text (in the "pairs" protocol, the one stored in the cache).
    public var textA: String
    /// The second text (in the "pairs" protocol, the query).
    public var textB: String
    /// `true` when the two ask the same thing (label 1).
    public var isDuplicate: Bool
    /// The 1-based line of the dataset file the pair starts on, or 0 when it was not read from a file.
    public var line: Int
    /// The pair's category, when the file gives one (`"category"`: "number", "negation", "paraphrase"…).
    public var category: String?

    /// A pair with the given texts and label.
    public init(textA: String, textB: String, isDuplicate: Bool, line: Int = 0, category: String? = nil) {
        self.textA = textA
        self.textB = textB
        self.isDuplicate = isDuplicate
        self.line = line
        self.category = category
    }
}
