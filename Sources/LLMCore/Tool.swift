/// A tool the model may call.
public struct Tool: Codable, Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// What the tool does, as shown to the model.
    public var description: String?
    /// The JSON Schema of the tool's input.
    public var inputSchema: JSONValue
    /// An optional prompt-cache breakpoint after this tool definition.
    public var cacheControl: PromptCacheMarker?
    /// Members of the provider's tool object this type does not model, written into it as given and part of
    /// the key: Anthropic's `strict`, `input_examples`, `eager_input_streaming` or `defer_loading`, OpenAI's
    /// `function.strict`. They are the provider's own, so a tool with options is for that provider.
    public var options: [String: JSONValue]

    public init(
        name: String, description: String? = nil, inputSchema: JSONValue = ["type": "object"],
        cacheControl: PromptCacheMarker? = nil, options: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.cacheControl = cacheControl
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case name, description, options
        case inputSchema = "input_schema"
        case cacheControl = "cache_control"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        inputSchema = try container.decodeIfPresent(JSONValue.self, forKey: .inputSchema) ?? ["type": "object"]
        cacheControl = try container.decodeIfPresent(PromptCacheMarker.self, forKey: .cacheControl)
        options = try container.decodeIfPresent([String: JSONValue].self, forKey: .options) ?? [:]
    }
}

/// How the model may use the tools it is given.
public enum ToolChoice: Sendable, Hashable {
    /// The model decides.
    case auto
    /// The model must call some tool (`any` in Anthropic's API, `required` in OpenAI's).
    case any
    /// The model must not call a tool.
    case none
    /// The model must call the named tool.
    case tool(name: String)
}

extension ToolChoice: Codable {
    enum CodingKeys: String, CodingKey { case type, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "auto": self = .auto
        case "any": self = .any
        case "none": self = .none
        case "tool": self = .tool(name: try container.decode(String.self, forKey: .name))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown tool choice '\(other)'; expected auto, any, none or tool")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .auto: try container.encode("auto", forKey: .type)
        case .any: try container.encode("any", forKey: .type)
        case .none: try container.encode("none", forKey: .type)
        case .tool(let name):
            try container.encode("tool", forKey: .type)
            try container.encode(name, forKey: .name)
        }
    }
}
