/// The error a stream ends with when it finished without its final event.
public struct IncompleteStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error.
    public init() {}
    public var description: String { "the stream ended before its final event" }
}
