/// What the router knows about a task.
public struct RoutingTask: Sendable, Hashable {
    /// The length of the input text in characters.
    public var inputCharacters: Int
    /// How many items the task covers (records to extract from, documents to compare).
    public var itemCount: Int
    /// Whether the caller marked the task as needing deep reasoning.
    public var deepReasoning: Bool
    /// A model the caller insists on; it wins over every rule.
    public var forcedModel: String?

    /// A task of `inputCharacters` characters over `itemCount` items.
    public init(inputCharacters: Int = 0, itemCount: Int = 1, deepReasoning: Bool = false, forcedModel: String? = nil) {
        self.inputCharacters = inputCharacters
        self.itemCount = itemCount
        self.deepReasoning = deepReasoning
        self.forcedModel = forcedModel
    }

    /// A task over `text`.
    public init(text: String, itemCount: Int = 1, deepReasoning: Bool = false, forcedModel: String? = nil) {
        self.init(
            inputCharacters: text.count, itemCount: itemCount, deepReasoning: deepReasoning, forcedModel: forcedModel)
    }
}
