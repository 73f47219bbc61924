import Foundation

/// One part of a message or a response: text, an image, a tool call, a tool's result, or a block of a kind
/// this type does not model, kept in the provider's own JSON.
///
/// Encoded with a `type` discriminator in the shape of Anthropic's content blocks
/// (`text`, `image`, `tool_use`, `tool_result`, and `provider_block` holding the provider's JSON under
/// `block`); image bytes are base64 in JSON.
public enum ContentBlock: Sendable, Hashable {
    /// Plain text.
    case text(TextBlock)
    /// An image given inline by its media type (for example `image/png`) and bytes.
    case image(mediaType: String, data: Data)
    /// A tool call made by the assistant.
    case toolUse(id: String, name: String, input: JSONValue)
    /// The result of a tool call, returned by the user side.
    case toolResult(toolUseID: String, content: [ContentBlock], isError: Bool)
    /// A block in the provider's own JSON, sent and answered as given: one the other cases do not model
    /// (Anthropic's `document`, `thinking`, `redacted_thinking`, `search_result` and server-tool blocks; OpenAI's
    /// `file` and `input_audio` parts), or a modelled kind with members they do not carry (an image by URL, an
    /// image with `detail`, a tool call with `cache_control`, text with `citations`). It belongs to the
    /// request's provider; it is part of the key as given.
    case providerBlock(JSONValue)

    /// A text block without a prompt-cache marker.
    public static func text(_ text: String) -> ContentBlock { .text(TextBlock(text)) }

    /// The text of a text block (also of a provider block of type `text` or `output_text`), or `nil`.
    public var textValue: String? {
        switch self {
        case .text(let block): return block.text
        case .providerBlock(let raw):
            guard let type = raw["type"]?.stringValue, type == "text" || type == "output_text" else { return nil }
            return raw["text"]?.stringValue
        default: return nil
        }
    }
}

extension ContentBlock: Codable {
    enum CodingKeys: String, CodingKey {
        case type, text, source, id, name, input, content, block
        case cacheControl = "cache_control"
        case toolUseID = "tool_use_id"
        case isError = "is_error"
    }

    enum SourceKeys: String, CodingKey {
        case type
        case mediaType = "media_type"
        case data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            self = .text(
                TextBlock(
                    try container.decode(String.self, forKey: .text),
                    cacheControl: try container.decodeIfPresent(PromptCacheMarker.self, forKey: .cacheControl)))
        case "image":
            let source = try container.nestedContainer(keyedBy: SourceKeys.self, forKey: .source)
            let base64 = try source.decode(String.self, forKey: .data)
            guard let bytes = Data(base64Encoded: base64) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .data, in: source, debugDescription: "image data is not valid base64")
            }
            self = .image(mediaType: try source.decode(String.self, forKey: .mediaType), data: bytes)
        case "tool_use":
            self = .toolUse(
                id: try container.decode(String.self, forKey: .id),
                name: try container.decode(String.self, forKey: .name),
                input: try container.decodeIfPresent(JSONValue.self, forKey: .input) ?? .object([:]))
        case "tool_result":
            self = .toolResult(
                toolUseID: try container.decode(String.self, forKey: .toolUseID),
                content: try container.decodeIfPresent([ContentBlock].self, forKey: .content) ?? [],
                isError: try container.decodeIfPresent(Bool.self, forKey: .isError) ?? false)
        case "provider_block":
            self = .providerBlock(try container.decode(JSONValue.self, forKey: .block))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription:
                    "unknown content block type '\(type)'; expected text, image, tool_use, tool_result or provider_block"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let block):
            try container.encode("text", forKey: .type)
            try container.encode(block.text, forKey: .text)
            try container.encodeIfPresent(block.cacheControl, forKey: .cacheControl)
        case .image(let mediaType, let data):
            try container.encode("image", forKey: .type)
            var source = container.nestedContainer(keyedBy: SourceKeys.self, forKey: .source)
            try source.encode("base64", forKey: .type)
            try source.encode(mediaType, forKey: .mediaType)
            try source.encode(data.base64EncodedString(), forKey: .data)
        case .toolUse(let id, let name, let input):
            try container.encode("tool_use", forKey: .type)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(input, forKey: .input)
        case .toolResult(let toolUseID, let content, let isError):
            try container.encode("tool_result", forKey: .type)
            try container.encode(toolUseID, forKey: .toolUseID)
            try container.encode(content, forKey: .content)
            if isError { try container.encode(true, forKey: .isError) }
        case .providerBlock(let raw):
            try container.encode("provider_block", forKey: .type)
            try container.encode(raw, forKey: .block)
        }
    }
}
