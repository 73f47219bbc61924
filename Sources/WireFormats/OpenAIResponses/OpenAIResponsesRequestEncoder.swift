import LLMCore

/// Writes an `LLMRequest` as the body of OpenAI's `POST /v1/responses`.
///
/// `input` is the request's own items (the provider option `input`) followed by its last user turn: as the
/// caller wrote it when the request came from ``OpenAIResponsesRequestDecoder`` and still says the same,
/// otherwise as a user message. A request built in code (no `input` option) sends its conversation as
/// messages: user and assistant text, tool calls as `function_call` items and tool results as
/// `function_call_output` items; provider blocks go as given. The system prompt is `instructions`;
/// `max_output_tokens` (when `LLMRequest.sendsMaxTokens`), `temperature`, `top_p` and the other
/// provider options go as given.
public enum OpenAIResponsesRequestEncoder {
    /// The metadata entry holding the JSON of the last input item as the caller sent it.
    public static let lastInputMetadata = "responses_last_input"

    /// The JSON body for `request`; `stream` adds `"stream": true`.
    public static func body(for request: LLMRequest, stream: Bool) -> JSONValue {
        var body: [String: JSONValue] = ["model": .string(request.model), "input": input(of: request)]
        if !request.system.isEmpty {
            body["instructions"] = .string(request.system.map(\.text).joined(separator: "\n"))
        }
        if request.sendsMaxTokens { body["max_output_tokens"] = .int(Int64(request.maxTokens)) }
        body.set("temperature", request.temperature.map(JSONValue.double))
        body.set("top_p", request.topP.map(JSONValue.double))
        if !request.tools.isEmpty { body["tools"] = .array(request.tools.map(tool)) }
        if stream { body["stream"] = true }
        if let user = request.metadata["user_id"] { body["user"] = .string(user) }
        for (name, value) in request.providerOptions where body[name] == nil && name != "input" {
            body[name] = value
        }
        return .object(body)
    }

    static func input(of request: LLMRequest) -> JSONValue {
        guard let given = request.providerOptions["input"] else {
            // A string input stays a string.
            if request.messages.count == 1, let only = request.messages.first,
                case .string(let text)? = original(of: only, in: request)
            {
                return .string(text)
            }
            return .array(request.messages.flatMap(inputItems))
        }
        var items = given.arrayValue ?? []
        if let last = request.messages.last {
            items.append(original(of: last, in: request) ?? (inputItems(for: last).first ?? .null))
        }
        return .array(items)
    }

    /// The caller's own JSON of `message`, when the request carries it and it still says the same.
    static func original(of message: Message, in request: LLMRequest) -> JSONValue? {
        guard let text = request.metadata[lastInputMetadata],
            let value = try? JSONValue.parse(bytes: Array(text.utf8))
        else { return nil }
        switch value {
        case .string(let string): return message == .user(string) ? value : nil
        default: return OpenAIResponsesRequestDecoder.userText(value) == message ? value : nil
        }
    }

    /// The input items of one neutral turn.
    static func inputItems(for message: Message) -> [JSONValue] {
        var out: [JSONValue] = []
        var parts: [JSONValue] = []
        let textType: JSONValue = message.role == .user ? "input_text" : "output_text"
        func flush() {
            guard !parts.isEmpty else { return }
            var item: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": .array(parts)]
            for (name, value) in message.options where item[name] == nil { item[name] = value }
            out.append(.object(item))
            parts = []
        }
        for block in message.content {
            switch block {
            case .text(let text): parts.append(["type": textType, "text": .string(text.text)])
            case .image(let mediaType, let data):
                parts.append([
                    "type": "input_image",
                    "image_url": .string("data:\(mediaType);base64,\(data.base64EncodedString())"),
                ])
            case .toolUse(let id, let name, let input):
                flush()
                out.append([
                    "type": "function_call", "call_id": .string(id), "name": .string(name),
                    "arguments": .string(ServerSentEventText.json(input)),
                ])
            case .toolResult(let id, let content, _):
                flush()
                out.append([
                    "type": "function_call_output", "call_id": .string(id),
                    "output": .string(content.compactMap(\.textValue).joined(separator: "\n")),
                ])
            case .providerBlock(let raw):
                parts.append(raw)
            }
        }
        flush()
        return out
    }

    static func tool(_ tool: Tool) -> JSONValue {
        var out: [String: JSONValue] = ["type": "function", "name": .string(tool.name), "parameters": tool.inputSchema]
        out.set("description", tool.description.map(JSONValue.string))
        for (name, value) in tool.options where out[name] == nil { out[name] = value }
        return .object(out)
    }
}
