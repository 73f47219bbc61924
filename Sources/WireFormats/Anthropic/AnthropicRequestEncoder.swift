import Foundation
import LLMCore

/// Writes an `LLMRequest` as the body of Anthropic's `POST /v1/messages`.
///
/// Every field that changes the answer is sent: system blocks, every content block kind, tools and tool choice,
/// `max_tokens`, `temperature`, `top_p`, `top_k`, `stop_sequences`, and a JSON-schema response format as
/// `output_config.format`. Prompt-cache markers become `cache_control: {"type": "ephemeral"}` with `"ttl": "1h"` for
/// the one-hour lifetime. A request the Messages API cannot express (a plain `json_object` response format)
/// is refused rather than sent without it. Provider blocks (`ContentBlock.providerBlock(_:)`) are
/// written as given. `seed` has no Anthropic counterpart and is not sent. Of the
/// metadata only `user_id` is sent, as Anthropic's `metadata.user_id`. The request's `providerOptions` and each
/// tool's `options` are written as given where no modelled field has the same name.
public enum AnthropicRequestEncoder {
    /// A request that the Messages API cannot express without changing its meaning.
    public struct UnsupportedRequestError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What cannot be expressed.
        public let reason: String
        public var description: String { "the Anthropic Messages API cannot express this request: \(reason)" }
    }

    /// The JSON body for `request`; `stream` adds `"stream": true`.
    public static func body(for request: LLMRequest, stream: Bool) throws -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "max_tokens": .int(Int64(request.maxTokens)),
            "messages": .array(request.messages.map(message)),
        ]
        if !request.system.isEmpty { body["system"] = .array(request.system.map(textBlock)) }
        if !request.tools.isEmpty { body["tools"] = .array(request.tools.map(tool)) }
        body.set("tool_choice", request.toolChoice.map(toolChoice))
        body.set("temperature", request.temperature.map(JSONValue.double))
        body.set("top_p", request.topP.map(JSONValue.double))
        body.set("top_k", request.topK.map { .int(Int64($0)) })
        if !request.stopSequences.isEmpty {
            body["stop_sequences"] = .array(request.stopSequences.map(JSONValue.string))
        }
        switch request.responseFormat {
        case nil, .text?: break
        case .jsonObject?:
            throw UnsupportedRequestError(reason: "a json_object response format; give a JSON schema instead")
        case .jsonSchema(_, let schema, _)?:
            body["output_config"] = ["format": ["type": "json_schema", "schema": schema]]
        }
        if let user = request.metadata["user_id"] { body["metadata"] = ["user_id": .string(user)] }
        if stream { body["stream"] = true }
        // The caller's own fields go as given; a modelled field of the same name wins.
        for (name, value) in request.providerOptions where body[name] == nil { body[name] = value }
        return .object(body)
    }

    static func cacheControl(_ marker: PromptCacheMarker) -> JSONValue {
        switch marker.ttl {
        case .fiveMinutes: return ["type": "ephemeral"]
        case .oneHour: return ["type": "ephemeral", "ttl": "1h"]
        }
    }

    static func textBlock(_ block: TextBlock) -> JSONValue {
        var out: [String: JSONValue] = ["type": "text", "text": .string(block.text)]
        out.set("cache_control", block.cacheControl.map(cacheControl))
        return .object(out)
    }

    static func message(_ message: Message) -> JSONValue {
        var out: [String: JSONValue] = [
            "role": .string(message.role.rawValue), "content": .array(message.content.map(contentBlock)),
        ]
        for (name, value) in message.options where out[name] == nil { out[name] = value }
        return .object(out)
    }

    static func contentBlock(_ block: ContentBlock) -> JSONValue {
        switch block {
        case .text(let text):
            return textBlock(text)
        case .image(let mediaType, let data):
            return [
                "type": "image",
                "source": [
                    "type": "base64", "media_type": .string(mediaType), "data": .string(data.base64EncodedString()),
                ],
            ]
        case .toolUse(let id, let name, let input):
            return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
        case .toolResult(let toolUseID, let content, let isError):
            var out: [String: JSONValue] = [
                "type": "tool_result", "tool_use_id": .string(toolUseID), "content": .array(content.map(contentBlock)),
            ]
            if isError { out["is_error"] = true }
            return .object(out)
        case .providerBlock(let raw):
            return raw
        }
    }

    static func tool(_ tool: Tool) -> JSONValue {
        var out: [String: JSONValue] = ["name": .string(tool.name), "input_schema": tool.inputSchema]
        out.set("description", tool.description.map(JSONValue.string))
        out.set("cache_control", tool.cacheControl.map(cacheControl))
        for (name, value) in tool.options where out[name] == nil { out[name] = value }
        return .object(out)
    }

    static func toolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: return ["type": "auto"]
        case .any: return ["type": "any"]
        case .none: return ["type": "none"]
        case .tool(let name): return ["type": "tool", "name": .string(name)]
        }
    }
}

extension AnthropicRequestEncoder {
    /// The former name of ``UnsupportedRequestError``.
    @available(*, deprecated, renamed: "UnsupportedRequestError")
    public typealias UnsupportedRequest = UnsupportedRequestError
}
