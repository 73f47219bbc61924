import LLMCore

/// A provider's stream format: reads server-sent events, emits neutral events, knows when the stream is complete.
public protocol StreamAssembling: Sendable {
    /// The neutral events for one server-sent event; throws a provider error for an error event.
    mutating func consume(_ event: ServerSentEvent) throws -> [StreamEvent]
    /// Whether the final event has arrived.
    var finished: Bool { get }
    /// Whether any content has reached the caller.
    var deliveredContent: Bool { get }
    /// The usage known so far.
    var usage: Usage? { get }
}
