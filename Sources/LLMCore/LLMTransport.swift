/// Something that answers a model call: a provider transport, a simulator, or a `CachedClient`'s
/// upstream in tests.
public protocol LLMTransport: Sendable {
    /// The provider this transport calls, filled into a request that names none and checked against one
    /// that does (``LLMRequest/addressed(to:)``); `nil` for a transport that carries several providers'
    /// calls, which each request must then name.
    var provider: ProviderID? { get }

    /// Sends `request` and returns the complete answer.
    func send(_ request: LLMRequest) async throws -> LLMResponse
}
