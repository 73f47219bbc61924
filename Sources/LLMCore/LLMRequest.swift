/// A provider-neutral model call.
///
/// Every field that can change the model's answer takes part in the exact-cache key (see ``CacheKey``);
/// `metadata` and `stream` do not.
public struct LLMRequest: Codable, Sendable, Hashable {
    /// The provider the call is for; `nil` (the default) for the provider of the transport it is sent
    /// through. A transport refuses a request for another provider (``ProviderMismatchError``), and
    /// `CachedClient` fills in its upstream's provider before the request is keyed, so that an answer is
    /// never keyed or stored under a provider that did not give it. Part of the key.
    public var provider: ProviderID?
    /// The provider's model id, for example `claude-sonnet-4-5` or `gpt-4.1-mini`.
    public var model: String
    /// The system prompt, as text blocks.
    public var system: [TextBlock]
    /// The conversation, oldest turn first; the last turn is normally the user's question.
    public var messages: [Message]
    /// Tools the model may call.
    public var tools: [Tool]
    /// How the model may use the tools.
    public var toolChoice: ToolChoice?
    /// The most tokens the answer may have.
    public var maxTokens: Int
    /// Whether ``maxTokens`` is sent to the provider. `false` for a caller that set no limit where the
    /// provider does not require one (OpenAI): the provider's own limit applies, and ``maxTokens`` is only
    /// what the budget reserves. Part of the key.
    public var sendsMaxTokens: Bool = true
    /// Sampling temperature; `nil` leaves the provider's default (which is not deterministic).
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// Top-k sampling.
    public var topK: Int?
    /// Sequences that end the answer.
    public var stopSequences: [String]
    /// The required answer shape.
    public var responseFormat: ResponseFormat?
    /// A sampling seed, where the provider supports one.
    public var seed: Int64?
    /// Caller's labels (user id, feature). Not sent to the model's prompt and not part of the key.
    public var metadata: [String: String]
    /// Whether the caller wants a streamed answer. Not part of the key: a stream and a plain call
    /// produce the same answer.
    public var stream: Bool
    /// Provider request headers that shape the call (names lowercased), sent upstream as given: Anthropic's
    /// `anthropic-version`, `anthropic-beta` and `anthropic-workspace-id`, OpenAI's `openai-organization` and
    /// `openai-project` (``forwardedHeaderNames``). `anthropic-beta` and a non-default `anthropic-version`
    /// change the answer and are part of the key (see ``CacheKey``); the others choose who is billed. A
    /// transport never lets one of these replace its key or content headers.
    public var providerHeaders: [String: String]

    /// Top-level members of the provider's request body that this type does not model (for example
    /// Anthropic's `service_tier` or `thinking: {"type": "disabled"}`, OpenAI's `reasoning_effort`,
    /// `verbosity` or penalties), sent as given: a modelled field always wins over one of the same name. Each
    /// is part of the key except ``CacheKey/unkeyedOptions``. They are the provider's own.
    public var providerOptions: [String: JSONValue]

    /// The provider API the call is written for when it is not the provider's default
    /// (``ProviderProfile/wireFormat``): OpenAI's Responses API rather than Chat Completions. `nil` for the
    /// default. Part of the key: the two APIs answer in different shapes.
    public var wireFormat: ProviderProfile.WireFormat? = nil

    /// The provider headers a request may carry in ``providerHeaders``.
    public static let forwardedHeaderNames: Set<String> = [
        "anthropic-version", "anthropic-beta", "anthropic-workspace-id", "openai-organization", "openai-project",
    ]

    public init(
        provider: ProviderID? = nil,
        model: String,
        system: [TextBlock] = [],
        messages: [Message],
        tools: [Tool] = [],
        toolChoice: ToolChoice? = nil,
        maxTokens: Int = 1024,
        temperature: Double? = nil,
        topP: Double? = nil,
        topK: Int? = nil,
        stopSequences: [String] = [],
        responseFormat: ResponseFormat? = nil,
        seed: Int64? = nil,
        metadata: [String: String] = [:],
        stream: Bool = false,
        providerHeaders: [String: String] = [:],
        providerOptions: [String: JSONValue] = [:]
    ) {
        self.provider = provider
        self.model = model
        self.system = system
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.stopSequences = stopSequences
        self.responseFormat = responseFormat
        self.seed = seed
        self.metadata = metadata
        self.stream = stream
        self.providerHeaders = providerHeaders
        self.providerOptions = providerOptions
    }

    /// This request as sent through a transport for `transportProvider`: with that provider filled in when
    /// the request names none, unchanged when it names the same one.
    ///
    /// - Parameter transportProvider: the provider the transport calls (``LLMTransport/provider``), or `nil`
    ///   for a transport that carries several providers' calls (then the request must name its own).
    /// - Throws: ``ProviderMismatchError`` when the request names another provider than the transport's, or
    ///   when neither names one.
    public func addressed(to transportProvider: ProviderID?) throws(ProviderMismatchError) -> LLMRequest {
        switch (provider, transportProvider) {
        case (let requested?, let transport?) where requested != transport:
            throw ProviderMismatchError(requested: requested, transport: transport, model: model)
        case (nil, nil):
            throw ProviderMismatchError(requested: nil, transport: nil, model: model)
        case (nil, let transport?):
            var addressed = self
            addressed.provider = transport
            return addressed
        default:
            return self
        }
    }

    /// The provider the request names.
    /// - Throws: ``ProviderMismatchError`` when it names none (the request was not sent through a transport
    ///   that fills it in).
    public func namedProvider() throws(ProviderMismatchError) -> ProviderID {
        guard let provider else { throw ProviderMismatchError(requested: nil, transport: nil, model: model) }
        return provider
    }

    /// Whether the call asks for a deterministic answer (temperature exactly 0).
    public var isDeterministic: Bool { temperature == 0 }

    /// The text of the last user turn, or `nil` when the conversation does not end with one.
    public var lastUserText: String? {
        guard let last = messages.last, last.role == .user else { return nil }
        let texts = last.content.compactMap(\.textValue)
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, system, messages, tools, temperature, seed, metadata, stream
        case providerHeaders = "provider_headers"
        case sendsMaxTokens = "sends_max_tokens"
        case providerOptions = "provider_options"
        case wireFormat = "wire_format"
        case toolChoice = "tool_choice"
        case maxTokens = "max_tokens"
        case topP = "top_p"
        case topK = "top_k"
        case stopSequences = "stop_sequences"
        case responseFormat = "response_format"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        provider = try container.decodeIfPresent(ProviderID.self, forKey: .provider)
        model = try container.decode(String.self, forKey: .model)
        system = try container.decodeIfPresent([TextBlock].self, forKey: .system) ?? []
        messages = try container.decode([Message].self, forKey: .messages)
        tools = try container.decodeIfPresent([Tool].self, forKey: .tools) ?? []
        toolChoice = try container.decodeIfPresent(ToolChoice.self, forKey: .toolChoice)
        maxTokens = try container.decode(Int.self, forKey: .maxTokens)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        stopSequences = try container.decodeIfPresent([String].self, forKey: .stopSequences) ?? []
        responseFormat = try container.decodeIfPresent(ResponseFormat.self, forKey: .responseFormat)
        seed = try container.decodeIfPresent(Int64.self, forKey: .seed)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream) ?? false
        providerHeaders = try container.decodeIfPresent([String: String].self, forKey: .providerHeaders) ?? [:]
        sendsMaxTokens = try container.decodeIfPresent(Bool.self, forKey: .sendsMaxTokens) ?? true
        providerOptions = try container.decodeIfPresent([String: JSONValue].self, forKey: .providerOptions) ?? [:]
        wireFormat = try container.decodeIfPresent(ProviderProfile.WireFormat.self, forKey: .wireFormat)
    }
}
