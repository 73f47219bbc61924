/// One event of a `text/event-stream` response.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field; `message` when the event named none.
    public var event: String
    /// The `data:` lines, joined with newlines.
    public var data: String
    /// The `id:` field, if any.
    public var id: String?

    /// Creates a value from its parts; every parameter is the property of the same name.
    public init(event: String = "message", data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}
