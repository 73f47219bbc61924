import LLMCore

/// One step of a streamed answer's content, as stored with the answer so that a hit replays the stream
/// with the chunk boundaries the provider sent.
enum RecordedStreamEvent: Codable, Sendable, Hashable {
    /// A content block began (text blocks empty, tool calls with empty input).
    case blockStarted(index: Int, block: ContentBlock)
    /// A piece of a text block.
    case text(index: Int, text: String)
    /// A piece of a tool call's JSON arguments.
    case toolInput(index: Int, partialJSON: String)
    /// A delta of the provider's own (thinking, signature, citations), as given.
    case delta(index: Int, delta: JSONValue)
    /// A content block ended.
    case blockStopped(index: Int)

    /// The recorded form of a streamed event, or `nil` for events that are not content steps (start, usage,
    /// completion: those are rebuilt from the stored response).
    init?(_ event: StreamEvent) {
        switch event {
        case .blockStarted(let index, let block): self = .blockStarted(index: index, block: block)
        case .textDelta(let index, let text): self = .text(index: index, text: text)
        case .toolInputDelta(let index, let json): self = .toolInput(index: index, partialJSON: json)
        case .blockStopped(let index): self = .blockStopped(index: index)
        case .blockDelta(let index, let delta): self = .delta(index: index, delta: delta)
        case .started, .usage, .completed: return nil
        }
    }

    /// The stream event this step replays as.
    var event: StreamEvent {
        switch self {
        case .blockStarted(let index, let block): .blockStarted(index: index, block: block)
        case .text(let index, let text): .textDelta(index: index, text: text)
        case .toolInput(let index, let json): .toolInputDelta(index: index, partialJSON: json)
        case .blockStopped(let index): .blockStopped(index: index)
        case .delta(let index, let delta): .blockDelta(index: index, delta: delta)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, index, block, text, delta
        case partialJSON = "partial_json"
    }

    private enum Kind: String, Codable {
        case blockStart = "block_start"
        case text
        case toolInput = "tool_input"
        case blockStop = "block_stop"
        case delta
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let index = try container.decode(Int.self, forKey: .index)
        switch try container.decode(Kind.self, forKey: .type) {
        case .blockStart:
            self = .blockStarted(index: index, block: try container.decode(ContentBlock.self, forKey: .block))
        case .text: self = .text(index: index, text: try container.decode(String.self, forKey: .text))
        case .toolInput:
            self = .toolInput(index: index, partialJSON: try container.decode(String.self, forKey: .partialJSON))
        case .blockStop: self = .blockStopped(index: index)
        case .delta: self = .delta(index: index, delta: try container.decode(JSONValue.self, forKey: .delta))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .blockStarted(let index, let block):
            try container.encode(Kind.blockStart, forKey: .type)
            try container.encode(index, forKey: .index)
            try container.encode(block, forKey: .block)
        case .text(let index, let text):
            try container.encode(Kind.text, forKey: .type)
            try container.encode(index, forKey: .index)
            try container.encode(text, forKey: .text)
        case .toolInput(let index, let json):
            try container.encode(Kind.toolInput, forKey: .type)
            try container.encode(index, forKey: .index)
            try container.encode(json, forKey: .partialJSON)
        case .blockStopped(let index):
            try container.encode(Kind.blockStop, forKey: .type)
            try container.encode(index, forKey: .index)
        case .delta(let index, let delta):
            try container.encode(Kind.delta, forKey: .type)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
        }
    }
}
