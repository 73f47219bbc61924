/// One turn of a conversation.
public struct Message: Codable, Sendable, Hashable {
    /// Who speaks in a turn. Tool results travel in user turns, as in Anthropic's format.
    public enum Role: String, Codable, Sendable, Hashable {
        case user
        case assistant
    }

    /// The speaker.
    public var role: Role
    /// The content blocks, in order.
    public var content: [ContentBlock]
    /// Members of the provider's message object this type does not model (OpenAI's `name`), sent as given
    /// and part of the key. They are the provider's own.
    public var options: [String: JSONValue]

    /// A turn; every parameter is the property of the same name.
    public init(role: Role, content: [ContentBlock], options: [String: JSONValue] = [:]) {
        self.role = role
        self.content = content
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case role, content, options
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(Role.self, forKey: .role)
        content = try container.decode([ContentBlock].self, forKey: .content)
        options = try container.decodeIfPresent([String: JSONValue].self, forKey: .options) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        if !options.isEmpty { try container.encode(options, forKey: .options) }
    }

    /// A user turn with one text block.
    public static func user(_ text: String) -> Message { Message(role: .user, content: [.text(text)]) }
    /// An assistant turn with one text block.
    public static func assistant(_ text: String) -> Message { Message(role: .assistant, content: [.text(text)]) }
}
