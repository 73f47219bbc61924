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

    public init(
        id: String, model: String, content: [ContentBlock], stopReason: StopReason, stopSequence: String? = nil,
        usage: Usage
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
    }

    /// The text blocks of the answer, joined.
    public var text: String { content.compactMap(\.textValue).joined() }

    enum CodingKeys: String, CodingKey {
        case id, model, content, usage
        case stopReason = "stop_reason"
        case stopSequence = "stop_sequence"
    }
}
