/// A block of text, as used in system prompts and message content.
public struct TextBlock: Codable, Sendable, Hashable {
    /// The text.
    public var text: String
    /// An optional prompt-cache breakpoint placed after this block.
    public var cacheControl: PromptCacheMarker?

    public init(_ text: String, cacheControl: PromptCacheMarker? = nil) {
        self.text = text
        self.cacheControl = cacheControl
    }

    enum CodingKeys: String, CodingKey {
        case text
        case cacheControl = "cache_control"
    }
}
