import LLMCore

/// A provider's stream format for writing: neutral events in, the provider's server-sent events out.
public protocol StreamEventEncoding: Sendable {
    /// The server-sent events for `event` (possibly none).
    mutating func encode(_ event: StreamEvent) -> [String]
    /// The error event for a failure after the stream began.
    mutating func error(type: String, message: String) -> String
}
