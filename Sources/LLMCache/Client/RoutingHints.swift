/// What a call tells the model router about its task (see ``CachedClient/router``).
public struct RoutingHints: Sendable, Hashable {
    /// Send the call to the model it names; the router does not choose.
    public var pinModel: Bool = false
    /// The task needs deep reasoning: the router chooses the premium tier.
    public var deepReasoning: Bool = false
    /// How many items the task covers (for example documents to summarise); many items choose the standard
    /// tier.
    public var itemCount: Int = 1

    public init(pinModel: Bool = false, deepReasoning: Bool = false, itemCount: Int = 1) {
        self.pinModel = pinModel
        self.deepReasoning = deepReasoning
        self.itemCount = itemCount
    }
}
