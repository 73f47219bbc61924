/// What the project knows about one provider: the one place that tells providers apart.
///
/// Every part that behaves differently per provider (the proxy's upstream and dialect, the token estimate,
/// the prompt-cache planner, the benchmarks) asks ``named(_:)`` and switches over the answer's members, so
/// a provider nobody has described fails with ``UnknownProviderError`` instead of silently taking another
/// provider's path.
public struct ProviderProfile: Sendable, Hashable {
    /// The wire format a provider's calls use.
    public enum WireFormat: String, Codable, Sendable, Hashable {
        /// Anthropic Messages.
        case anthropicMessages = "anthropic_messages"
        /// OpenAI Chat Completions (and servers compatible with it).
        case openAIChat = "openai_chat"
        /// OpenAI Responses (`POST /v1/responses`).
        case openAIResponses = "openai_responses"
    }

    /// The provider.
    public let id: ProviderID
    /// The wire format of its model calls, unless a request names another
    /// (``LLMRequest/wireFormat``).
    public let wireFormat: WireFormat
    /// Every wire format it serves (its default among them).
    public let wireFormats: Set<WireFormat>
    /// How its own prompt cache works.
    public let promptCaching: PromptCacheMechanism
    /// UTF-8 bytes per token of its tokenizers, for estimates before a call (see `TokenEstimator`).
    public let bytesPerToken: Double
    /// Prefixes of its model ids (`claude`, `gpt-`), to tell the provider of a bare model name.
    public let modelPrefixes: [String]

    /// Anthropic: Messages, explicit `cache_control` breakpoints, about 3.5 bytes per token.
    public static let anthropic = ProviderProfile(
        id: .anthropic, wireFormat: .anthropicMessages, wireFormats: [.anthropicMessages], promptCaching: .breakpoints,
        bytesPerToken: 3.5,
        modelPrefixes: ["claude"])
    /// OpenAI: Chat Completions, automatic prefix caching, about 4 bytes per token.
    public static let openAI = ProviderProfile(
        id: .openAI, wireFormat: .openAIChat, wireFormats: [.openAIChat, .openAIResponses],
        promptCaching: .automaticPrefix, bytesPerToken: 4,
        modelPrefixes: ["gpt-", "o1", "o3", "o4", "chatgpt-", "text-embedding-"])
    /// Google Gemini through its OpenAI-compatible endpoint: automatic (implicit) prefix caching.
    public static let gemini = ProviderProfile(
        id: "gemini", wireFormat: .openAIChat, wireFormats: [.openAIChat], promptCaching: .automaticPrefix,
        bytesPerToken: 4,
        modelPrefixes: ["gemini-"])

    /// Every described provider.
    public static let all: [ProviderProfile] = [.anthropic, .openAI, .gemini]

    /// The profile of `provider`.
    /// - Throws: ``UnknownProviderError`` for a provider that has none.
    public static func named(_ provider: ProviderID) throws(UnknownProviderError) -> ProviderProfile {
        guard let profile = all.first(where: { $0.id == provider }) else { throw UnknownProviderError(provider) }
        return profile
    }

    /// The profile whose model prefixes match `model`, or `nil`.
    public static func serving(model: String) -> ProviderProfile? {
        all.first { profile in profile.modelPrefixes.contains { model.hasPrefix($0) } }
    }
}

/// A provider without a ``ProviderProfile``: nothing knows how to call it, estimate it or cache its prompts.
public struct UnknownProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider asked for.
    public let provider: ProviderID

    /// The error for `provider`.
    public init(_ provider: ProviderID) { self.provider = provider }

    public var description: String {
        "unknown provider '\(provider)'; known: \(ProviderProfile.all.map(\.id.rawValue).joined(separator: ", ")). "
            + "For an OpenAI-compatible server use provider 'openai' with that server's base URL"
    }
}
