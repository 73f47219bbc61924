import LLMCore

/// Writes `StreamEvent`s as Anthropic's Messages stream: `message_start`, for each block
/// `content_block_start`, deltas and `content_block_stop`, then `message_delta` with the stop reason and
/// final usage, and `message_stop`.
public struct AnthropicEventEncoder: StreamEventEncoding {
    /// An encoder at the start of a stream.
    public init() {}

    /// The server-sent events for `event` (possibly none).
    public mutating func encode(_ event: StreamEvent) -> [String] {
        switch event {
        case .started(let id, let model, let usage):
            return [
                ServerSentEventText.event(
                    "message_start",
                    [
                        "type": "message_start",
                        "message": [
                            "id": .string(id), "type": "message", "role": "assistant", "model": .string(model),
                            "content": [], "stop_reason": .null, "stop_sequence": .null,
                            "usage": AnthropicResponseEncoder.usage(usage),
                        ],
                    ])
            ]
        case .blockStarted(let index, let block):
            var start: JSONValue
            var deltas: [JSONValue] = []
            switch block {
            case .toolUse(let id, let name, _):
                start = ["type": "tool_use", "id": .string(id), "name": .string(name), "input": [:]]
            case .providerBlock(let raw):
                (start, deltas) = Self.streamed(raw)
            default:
                start = ["type": "text", "text": ""]
            }
            return [
                ServerSentEventText.event(
                    "content_block_start",
                    ["type": "content_block_start", "index": .int(Int64(index)), "content_block": start])
            ] + deltas.map { delta(index, $0) }
        case .textDelta(let index, let text):
            return [delta(index, ["type": "text_delta", "text": .string(text)])]
        case .toolInputDelta(let index, let json):
            return [delta(index, ["type": "input_json_delta", "partial_json": .string(json)])]
        case .blockDelta(let index, let raw):
            return [delta(index, raw)]
        case .blockStopped(let index):
            return [
                ServerSentEventText.event(
                    "content_block_stop", ["type": "content_block_stop", "index": .int(Int64(index))])
            ]
        case .usage:
            return []
        case .completed(let response):
            return [
                ServerSentEventText.event(
                    "message_delta",
                    [
                        "type": "message_delta",
                        "delta": [
                            "stop_reason": .string(response.stopReason.rawValue),
                            "stop_sequence": response.stopSequence.map(JSONValue.string) ?? .null,
                        ],
                        "usage": AnthropicResponseEncoder.usage(response.usage),
                    ]),
                ServerSentEventText.event("message_stop", ["type": "message_stop"]),
            ]
        }
    }

    /// A whole provider block as Anthropic streams it: the start with its streamed members empty, then their
    /// deltas (`thinking_delta`, `signature_delta`, a server tool call's `input_json_delta`). A start that
    /// came from an Anthropic stream has them empty already and is written as it came.
    static func streamed(_ block: JSONValue) -> (start: JSONValue, deltas: [JSONValue]) {
        guard case .object(var start) = block else { return (block, []) }
        var deltas: [JSONValue] = []
        if let thinking = start["thinking"]?.stringValue, !thinking.isEmpty {
            start["thinking"] = ""
            deltas.append(["type": "thinking_delta", "thinking": .string(thinking)])
        }
        if let signature = start["signature"]?.stringValue, !signature.isEmpty {
            start["signature"] = ""
            deltas.append(["type": "signature_delta", "signature": .string(signature)])
        }
        if case .object(let input)? = start["input"], !input.isEmpty {
            start["input"] = .object([:])
            deltas.append([
                "type": "input_json_delta", "partial_json": .string(ServerSentEventText.json(.object(input))),
            ])
        }
        return (.object(start), deltas)
    }

    /// An `error` event, for a failure after the stream began.
    public func error(type: String, message: String) -> String {
        WireDialect.anthropic.streamErrorEvent(type: type, message: message)
    }

    private func delta(_ index: Int, _ delta: JSONValue) -> String {
        ServerSentEventText.event(
            "content_block_delta", ["type": "content_block_delta", "index": .int(Int64(index)), "delta": delta])
    }
}
