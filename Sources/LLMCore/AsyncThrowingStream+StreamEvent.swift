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
