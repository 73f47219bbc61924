import Foundation
import LLMCore

/// Writes an `LLMRequest` as the body of an OpenAI-compatible `POST /chat/completions`.
///
/// - System blocks become one `system` message (a string for one block, text parts for several).
/// - User text and images become content parts (images as `data:` URLs); tool results become `tool` messages
///   placed before the rest of their user turn, as Chat Completions requires them right after the call.
/// - Assistant text becomes `content`; tool calls become `tool_calls` with JSON-string arguments.
/// - Tools become `function` tools (with each tool's `options`, such as `strict`, in its `function` object);
///   `ToolChoice.any` is `required`.
/// - The request's `providerOptions` are written as given where no modelled field has the same name.
/// - `max_tokens` is sent as `max_completion_tokens` (or `max_tokens`, see ``TokenLimitField``); `temperature`,
///   `top_p`, `stop`, `seed` and `response_format` are sent as they are; `top_k`, which OpenAI itself does not
///   accept but vLLM and others do, is sent when set rather than dropped.
/// - The metadata value `prompt_cache_key` (or the configured key) is sent as `prompt_cache_key`, and `user_id`
///   as `user`. Prompt-cache markers have no Chat Completions counterpart (OpenAI caches prefixes itself).
public enum OpenAIChatRequestEncoder {
    /// The field that carries the output-token limit.
    public enum TokenLimitField: String, Sendable, Hashable {
        /// `max_completion_tokens`: OpenAI's current name, required by its reasoning models.
        case maxCompletionTokens = "max_completion_tokens"
        /// `max_tokens`: the older name that some compatible servers still expect.
        case maxTokens = "max_tokens"
    }

    /// The metadata key whose value is sent as `prompt_cache_key`.
    public static let promptCacheKeyMetadata = "prompt_cache_key"

    /// The JSON body for `request`; `stream` adds `"stream": true` and asks for usage in the last chunk.
    public static func body(
        for request: LLMRequest, stream: Bool, tokenLimitField: TokenLimitField = .maxCompletionTokens,
        promptCacheKey: String? = nil
    ) -> JSONValue {
        var messages: [JSONValue] = []
        if !request.system.isEmpty {
            let content: JSONValue =
                request.system.count == 1
                ? .string(request.system[0].text)
                : .array(request.system.map { ["type": "text", "text": .string($0.text)] })
            messages.append(["role": "system", "content": content])
        }
        for message in request.messages {
            switch message.role {
            case .user: messages += userMessages(message.content, options: message.options)
            case .assistant: messages.append(assistantMessage(message.content, options: message.options))
            }
        }
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(messages),
        ]
        if request.sendsMaxTokens { body[tokenLimitField.rawValue] = .int(Int64(request.maxTokens)) }
        if !request.tools.isEmpty { body["tools"] = .array(request.tools.map(tool)) }
        body.set("tool_choice", request.toolChoice.map(toolChoice))
        body.set("temperature", request.temperature.map(JSONValue.double))
        body.set("top_p", request.topP.map(JSONValue.double))
        body.set("top_k", request.topK.map { .int(Int64($0)) })
        if !request.stopSequences.isEmpty { body["stop"] = .array(request.stopSequences.map(JSONValue.string)) }
        body.set("seed", request.seed.map(JSONValue.int))
        body.set("response_format", request.responseFormat.map(responseFormat))
        body.set(
            "prompt_cache_key",
            (request.metadata[promptCacheKeyMetadata] ?? promptCacheKey).map(JSONValue.string))
        body.set("user", request.metadata["user_id"].map(JSONValue.string))
        if stream {
            body["stream"] = true
            body["stream_options"] = ["include_usage": true]
        }
        // The caller's own fields go as given; a modelled field of the same name wins.
        for (name, value) in request.providerOptions where body[name] == nil { body[name] = value }
        return .object(body)
    }

    /// The messages of a user turn: its tool results as `tool` messages, then its other blocks as one user
    /// message with the turn's `options` (`name`).
    static func userMessages(_ blocks: [ContentBlock], options: [String: JSONValue] = [:]) -> [JSONValue] {
        var out: [JSONValue] = []
        var parts: [JSONValue] = []
        for block in blocks {
            switch block {
            case .toolResult(let id, let content, let isError):
                var text = content.map(resultText).joined(separator: "\n")
                if isError { text = "Error: " + text }
                out.append(["role": "tool", "tool_call_id": .string(id), "content": .string(text)])
            default:
                parts.append(part(block))
            }
        }
        if !parts.isEmpty {
            var message: [String: JSONValue] = ["role": "user"]
            if parts.count == 1, let text = parts[0]["text"]?.stringValue, parts[0]["type"] == "text" {
                message["content"] = .string(text)
            } else {
                message["content"] = .array(parts)
            }
            for (name, value) in options where message[name] == nil { message[name] = value }
            out.append(.object(message))
        }
        return out
    }

    private static func resultText(_ block: ContentBlock) -> String {
        switch block {
        case .text(let text): return text.text
        case .image(let mediaType, let data): return "data:\(mediaType);base64,\(data.base64EncodedString())"
        case .toolUse(_, let name, let input): return "\(name)(\((try? CanonicalJSON.string(input)) ?? "{}"))"
        case .toolResult(_, let content, _): return content.map(resultText).joined(separator: "\n")
        case .providerBlock(let raw): return raw["text"]?.stringValue ?? ((try? CanonicalJSON.string(raw)) ?? "")
        }
    }

    private static func part(_ block: ContentBlock) -> JSONValue {
        switch block {
        case .text(let text):
            return ["type": "text", "text": .string(text.text)]
        case .image(let mediaType, let data):
            return [
                "type": "image_url",
                "image_url": ["url": .string("data:\(mediaType);base64,\(data.base64EncodedString())")],
            ]
        case .toolUse, .toolResult:
            return ["type": "text", "text": .string(resultText(block))]
        case .providerBlock(let raw):
            return raw
        }
    }

    /// An assistant message: its text, its tool calls, and its `options` (`name`, `refusal`, `audio`).
    static func assistantMessage(_ blocks: [ContentBlock], options: [String: JSONValue] = [:]) -> JSONValue {
        var message: [String: JSONValue] = ["role": "assistant"]
        let texts = blocks.compactMap(\.textValue)
        message["content"] = texts.isEmpty ? .null : .string(texts.joined())
        let calls: [JSONValue] = blocks.compactMap { block in
            guard case .toolUse(let id, let name, let input) = block else { return nil }
            return [
                "id": .string(id), "type": "function",
                "function": ["name": .string(name), "arguments": .string((try? CanonicalJSON.string(input)) ?? "{}")],
            ]
        }
        if !calls.isEmpty { message["tool_calls"] = .array(calls) }
        for (name, value) in options where message[name] == nil { message[name] = value }
        return .object(message)
    }

    static func tool(_ tool: Tool) -> JSONValue {
        var function: [String: JSONValue] = ["name": .string(tool.name), "parameters": tool.inputSchema]
        function.set("description", tool.description.map(JSONValue.string))
        for (name, value) in tool.options where function[name] == nil { function[name] = value }
        return ["type": "function", "function": .object(function)]
    }

    static func toolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: return "auto"
        case .any: return "required"
        case .none: return "none"
        case .tool(let name): return ["type": "function", "function": ["name": .string(name)]]
        }
    }

    static func responseFormat(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .text: return ["type": "text"]
        case .jsonObject: return ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict):
            return [
                "type": "json_schema",
                "json_schema": ["name": .string(name), "schema": schema, "strict": .bool(strict)],
            ]
        }
    }
}
