import LLMCore

/// Writes `StreamEvent`s as a Chat Completions chunk stream: a first chunk with the role, content
/// and tool-call deltas, a chunk with the finish reason, a usage chunk when the caller asked for
/// `stream_options.include_usage`, and `data: [DONE]`.
public struct OpenAIChatEventEncoder: StreamEventEncoding {
    private let created: Int64
    private let includeUsage: Bool
    private var id = ""
    private var model = ""
    private var toolOrdinals: [Int: Int] = [:]

    /// An encoder for a stream created at `created` (seconds since 1970).
    public init(created: Int64, includeUsage: Bool) {
        self.created = created
        self.includeUsage = includeUsage
    }

    /// The server-sent events for `event` (possibly none).
    public mutating func encode(_ event: StreamEvent) -> [String] {
        switch event {
        case .started(let id, let model, _):
            self.id = id
            self.model = model
            return [chunk(["role": "assistant", "content": "", "refusal": .null])]
        case .blockStarted(let index, .toolUse(let callID, let name, _)):
            let ordinal = toolOrdinals.count
            toolOrdinals[index] = ordinal
            return [
                chunk([
                    "tool_calls": [
                        [
                            "index": .int(Int64(ordinal)), "id": .string(callID), "type": "function",
                            "function": ["name": .string(name), "arguments": ""],
                        ]
                    ]
                ])
            ]
        case .textDelta(_, let text):
            return text.isEmpty ? [] : [chunk(["content": .string(text)])]
        case .toolInputDelta(let index, let json):
            let ordinal = toolOrdinals[index] ?? 0
            return [
                chunk(["tool_calls": [["index": .int(Int64(ordinal)), "function": ["arguments": .string(json)]]]])
            ]
        case .blockStarted, .blockStopped, .usage, .blockDelta:
            return []
        case .completed(let response):
            var events = [chunk([:], finish: OpenAIChatResponseEncoder.finishReason(response.stopReason))]
            if includeUsage {
                events.append(
                    ServerSentEventText.data([
                        "id": .string(id), "object": "chat.completion.chunk", "created": .int(created),
                        "model": .string(model), "choices": [],
                        "usage": OpenAIChatResponseEncoder.usage(response.usage),
                    ]))
            }
            events.append("data: [DONE]\n\n")
            return events
        }
    }

    /// An error chunk, for a failure after the stream began.
    public func error(type: String, message: String) -> String {
        WireDialect.openAI.streamErrorEvent(type: type, message: message)
    }

    private func chunk(_ delta: JSONValue, finish: String? = nil) -> String {
        var object: [String: JSONValue] = [
            "id": .string(id), "object": "chat.completion.chunk", "created": .int(created), "model": .string(model),
            "choices": [
                ["index": 0, "delta": delta, "logprobs": .null, "finish_reason": finish.map(JSONValue.string) ?? .null]
            ],
        ]
        if includeUsage { object["usage"] = .null }
        return ServerSentEventText.data(.object(object))
    }
}
