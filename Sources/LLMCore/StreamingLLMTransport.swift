/// A transport that can also deliver an answer as it is generated.
public protocol StreamingLLMTransport: LLMTransport {
    /// Streams the answer to `request`. The stream ends with ``StreamEvent/completed(_:)`` or with an error;
    /// it never ends quietly with a partial answer. Cancelling the consuming task cancels the call.
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<StreamEvent, any Error>
}

/// The error a stream ends with when it finished without its final event.
public struct IncompleteStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public init() {}
    public var description: String { "the stream ended before its final event" }
}

extension AsyncThrowingStream where Element == StreamEvent {
    /// Consumes the stream and returns the assembled answer from its ``StreamEvent/completed(_:)`` event.
    ///
    /// Throws the stream's error, or ``IncompleteStreamError`` if the stream ended without a final event.
    public func response() async throws -> LLMResponse {
        for try await event in self {
            if case .completed(let response) = event { return response }
        }
        throw IncompleteStreamError()
    }
}
