/// A provider-neutral model answer.
public struct LLMResponse: Codable, Sendable, Hashable {
    /// The provider's response id.
    public var id: String
    /// The model that answered (may be a dated snapshot of the requested one).
    public var model: String
    /// The answer's content blocks.
    public var content: [ContentBlock]
    /// Why the model stopped.
    public var stopReason: StopReason
    /// The stop sequence that ended the answer, if one did.
    public var stopSequence: String?
    /// Token counts.
    public var usage: Usage
    /// Members of the provider's answer this type does not model, kept so that the answer can be written
    /// back as the provider gave it: top-level ones (OpenAI's `system_fingerprint` and `service_tier`), and
    /// under `usage` the usage object's (OpenAI's `completion_tokens_details` with `reasoning_tokens`,
    /// Anthropic's `service_tier`). They are the provider's own.
    public var providerFields: [String: JSONValue]

    public init(
        id: String, model: String, content: [ContentBlock], stopReason: StopReason, stopSequence: String? = nil,
        usage: Usage, providerFields: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
        self.providerFields = providerFields
    }

    /// The text blocks of the answer, joined.
    public var text: String { content.compactMap(\.textValue).joined() }

    enum CodingKeys: String, CodingKey {
        case id, model, content, usage
        case stopReason = "stop_reason"
        case stopSequence = "stop_sequence"
        case providerFields = "provider_fields"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        model = try container.decode(String.self, forKey: .model)
        content = try container.decode([ContentBlock].self, forKey: .content)
        stopReason = try container.decode(StopReason.self, forKey: .stopReason)
        stopSequence = try container.decodeIfPresent(String.self, forKey: .stopSequence)
        usage = try container.decode(Usage.self, forKey: .usage)
        providerFields = try container.decodeIfPresent([String: JSONValue].self, forKey: .providerFields) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(model, forKey: .model)
        try container.encode(content, forKey: .content)
        try container.encode(stopReason, forKey: .stopReason)
        try container.encodeIfPresent(stopSequence, forKey: .stopSequence)
        try container.encode(usage, forKey: .usage)
        if !providerFields.isEmpty { try container.encode(providerFields, forKey: .providerFields) }
    }

    /// `body` with the provider's own members of this answer added where `body` has none of that name; the
    /// usage members go into `body`'s `usage`, and an object there (such as `prompt_tokens_details`) gets the
    /// members it lacks. What `body` already holds wins.
    public func addingProviderFields(to body: JSONValue) -> JSONValue {
        guard case .object(var members) = body, !providerFields.isEmpty else { return body }
        for (name, value) in providerFields where name != "usage" && members[name] == nil { members[name] = value }
        if case .object(let extra)? = providerFields["usage"], case .object(var usage)? = members["usage"] {
            for (name, value) in extra {
                switch (usage[name], value) {
                case (nil, _): usage[name] = value
                case (.object(var ours)?, .object(let theirs)):
                    for (key, inner) in theirs where ours[key] == nil { ours[key] = inner }
                    usage[name] = .object(ours)
                default: break
                }
            }
            members["usage"] = .object(usage)
        }
        return .object(members)
    }
}
