import LLMCore
import Providers

/// The proxy's upstream: each request goes to the transport its provider's profile names
/// (``Providers/ProviderTransports``), at the provider's configured base URL and with the key of the current
/// request (the server's key, or the caller's from ``currentCallerKey``).
struct ProxyUpstream: StreamingLLMTransport {
    /// The caller's key for the request being handled; set around each call with `withValue`.
    @TaskLocal static var currentCallerKey: APIKey?

    /// Where one provider's calls go.
    struct Endpoint: Sendable {
        var baseURL: String
        var serverKey: APIKey?
    }

    let endpoints: [ProviderID: Endpoint]
    let timeout: Duration
    let http: ProviderHTTPClient

    init(configuration: ProxyConfiguration, http: ProviderHTTPClient) {
        let server = configuration.keySource == .server
        endpoints = [
            .anthropic: Endpoint(
                baseURL: configuration.anthropicBaseURL,
                serverKey: server ? configuration.anthropicServerKey : nil),
            .openAI: Endpoint(
                baseURL: configuration.openAIBaseURL, serverKey: server ? configuration.openAIServerKey : nil),
        ]
        timeout = configuration.upstreamTimeout
        self.http = http
    }

    /// The transport for `request`'s provider, with this request's key.
    /// - Throws: ``LLMCore/UnknownProviderError`` for a provider this proxy has no upstream for.
    func transport(for request: LLMRequest) throws -> any StreamingLLMTransport {
        let provider = try request.namedProvider()
        guard let endpoint = endpoints[provider] else { throw UnknownProviderError(provider) }
        return try ProviderTransports.transport(
            for: provider, baseURL: endpoint.baseURL, apiKey: endpoint.serverKey ?? Self.currentCallerKey,
            timeout: timeout, http: http)
    }

    /// Any provider the proxy has an endpoint for: each request names its own (the proxy's decoders set it).
    var provider: ProviderID? { nil }

    func send(_ request: LLMRequest) async throws -> LLMResponse {
        try await transport(for: request).send(request)
    }

    func stream(_ request: LLMRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        do {
            return try transport(for: request).stream(request)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }
}
