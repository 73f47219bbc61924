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

    public init(role: Role, content: [ContentBlock]) {
        self.role = role
        self.content = content
    }

    /// A user turn with one text block.
    public static func user(_ text: String) -> Message { Message(role: .user, content: [.text(text)]) }
    /// An assistant turn with one text block.
    public static func assistant(_ text: String) -> Message { Message(role: .assistant, content: [.text(text)]) }
}
