/// Something that answers a model call: a provider transport, a simulator, or a `CachedClient`'s
/// upstream in tests.
public protocol LLMTransport: Sendable {
    /// Sends `request` and returns the complete answer.
    func send(_ request: LLMRequest) async throws -> LLMResponse
}
