import LLMCore
import Providers

/// The proxy's upstream: Anthropic requests go to an ``Providers/AnthropicTransport``, OpenAI ones to an
/// ``Providers/OpenAIChatTransport``, each at its configured base URL and with the key of the current
/// request (the server's key, or the caller's from ``currentCallerKey``).
struct ProxyUpstream: StreamingLLMTransport {
    /// The caller's key for the request being handled; set around each call with `withValue`.
    @TaskLocal static var currentCallerKey: APIKey?

    let anthropicBaseURL: String
    let openAIBaseURL: String
    let anthropicServerKey: APIKey?
    let openAIServerKey: APIKey?
    let timeout: Duration
    let http: ProviderHTTPClient

    init(configuration: ProxyConfiguration, http: ProviderHTTPClient) {
        anthropicBaseURL = configuration.anthropicBaseURL
        openAIBaseURL = configuration.openAIBaseURL
        let server = configuration.keySource == .server
        anthropicServerKey = server ? configuration.anthropicServerKey : nil
        openAIServerKey = server ? configuration.openAIServerKey : nil
        timeout = configuration.upstreamTimeout
        self.http = http
    }

    /// The transport for `request`'s provider, with this request's key.
    func transport(for request: LLMRequest) -> any StreamingLLMTransport {
        let callerKey = Self.currentCallerKey
        if request.provider == .openAI {
            return OpenAIChatTransport(
                configuration: .init(baseURL: openAIBaseURL, apiKey: openAIServerKey ?? callerKey, timeout: timeout),
                http: http)
        }
        return AnthropicTransport(
            configuration: .init(baseURL: anthropicBaseURL, apiKey: anthropicServerKey ?? callerKey, timeout: timeout),
            http: http)
    }

    func send(_ request: LLMRequest) async throws -> LLMResponse {
        try await transport(for: request).send(request)
    }

    func stream(_ request: LLMRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        transport(for: request).stream(request)
    }
}
