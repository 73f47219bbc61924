/// A transport that can also deliver an answer as it is generated.
public protocol StreamingLLMTransport: LLMTransport {
    /// Streams the answer to `request`. The stream ends with ``StreamEvent/completed(_:)`` or with an error;
    /// it never ends quietly with a partial answer. Cancelling the consuming task cancels the call.
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<StreamEvent, any Error>
}
