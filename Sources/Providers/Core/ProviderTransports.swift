import LLMCore
import Logging

/// Makes the transport for a provider from its `ProviderProfile`: the one place that picks a
/// transport by provider, so a provider without a profile fails instead of getting another one's.
public enum ProviderTransports {
    /// A transport for `provider`'s wire format at `baseURL` (as the transport's own configuration takes
    /// it: `https://api.anthropic.com`, `https://api.openai.com/v1`).
    /// - Throws: `UnknownProviderError` for a provider without a profile.
    public static func transport(
        for provider: ProviderID, baseURL: String, apiKey: APIKey?, timeout: Duration,
        http: ProviderHTTPClient = .shared, logger: Logger? = nil
    ) throws(UnknownProviderError) -> any StreamingLLMTransport {
        switch try ProviderProfile.named(provider).wireFormat {
        case .anthropicMessages:
            return AnthropicTransport(
                configuration: .init(baseURL: baseURL, apiKey: apiKey, timeout: timeout), http: http,
                logger: logger ?? Logger(label: "llmcache.providers.anthropic"))
        case .openAIChat, .openAIResponses:
            return OpenAIChatTransport(
                configuration: .init(baseURL: baseURL, apiKey: apiKey, timeout: timeout), http: http,
                logger: logger ?? Logger(label: "llmcache.providers.openai"))
        }
    }
}
