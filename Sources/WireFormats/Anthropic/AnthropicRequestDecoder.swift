import Foundation
import LLMCore

/// Reads the body of an Anthropic `POST /v1/messages` into an `LLMRequest`: the inverse of the
/// Providers module's request encoder.
///
/// Nothing the caller sends is dropped. The fields the neutral request models are mapped (system as a string
/// or text blocks, text, base64 image, tool-use and tool-result blocks, tools, tool choice, `max_tokens`,
/// `temperature`, `top_p`, `top_k`, `stop_sequences`, a JSON-schema `output_config.format`), with their
/// prompt-cache markers. Everything else goes to the provider as given and into the key (unless
/// `CacheKey.unkeyedOptions` names it): any other top-level field (`thinking`, `service_tier`,
/// `cache_control`, fields added after this was written) as a provider option; any block of another kind or
/// with members the neutral block lacks (`document`, URL images, `cache_control` on a tool call, `citations`)
/// as a provider block; a tool's extra members (`strict`, `input_examples`, …) as its options; and the whole
/// `tools`, `tool_choice`, `system` or `output_config` member as given when it holds what the neutral types
/// cannot (server tools, `disable_parallel_tool_use`, `effort`). `metadata.user_id` is kept as the metadata
/// value `user_id`.
public enum AnthropicRequestDecoder {
    /// The top-level fields the neutral request models; every other one is a provider option.
    static let topLevelFields: Set<String> = [
        "model", "max_tokens", "messages", "system", "tools", "tool_choice", "temperature", "top_p", "top_k",
        "stop_sequences", "stream", "metadata", "output_config",
    ]

    /// The members of a tool object the neutral ``LLMCore/Tool`` models; the others are its `options`.
    static let modelledToolFields: Set<String> = ["type", "name", "description", "input_schema", "cache_control"]

    /// The request in `body`; `stream` tells whether the caller asked for events.
    public static func request(from body: JSONValue) throws -> LLMRequest {
        let fields = try WireFields(body, path: "")
        let model = try fields.requiredString("model")
        guard let maxTokens = try fields.int("max_tokens") else {
            throw InvalidWireRequestError("max_tokens: field required")
        }
        guard maxTokens >= 1 else { throw InvalidWireRequestError("max_tokens must be at least 1") }
        guard let rawMessages = try fields.array("messages"), !rawMessages.isEmpty else {
            throw InvalidWireRequestError("messages: at least one message is required")
        }
        var request = LLMRequest(
            provider: .anthropic, model: model,
            messages: try rawMessages.enumerated().map { try message($0.offset, $0.element) },
            maxTokens: maxTokens)
        try request.read("system", of: fields, neutral: system) { $0.system = $1 }
        try request.read("tools", of: fields, neutral: tools) { $0.tools = $1 }
        try request.read("tool_choice", of: fields, neutral: toolChoice) { $0.toolChoice = $1 }
        request.temperature = try fields.double("temperature")
        request.topP = try fields.double("top_p")
        request.topK = try fields.int("top_k")
        request.stopSequences = try (fields.array("stop_sequences") ?? []).map {
            guard let text = $0.stringValue else { throw InvalidWireRequestError("stop_sequences must hold strings") }
            return text
        }
        try request.read("output_config", of: fields, neutral: outputFormat) { $0.responseFormat = $1 }
        if let metadata = fields.value("metadata") {
            let meta = try WireFields(metadata, path: "metadata")
            if let user = try meta.string("user_id") { request.metadata["user_id"] = user }
            let other = meta.members.filter { $0.key != "user_id" && !$0.value.isNull }
            if !other.isEmpty { request.providerOptions["metadata"] = metadata }
        }
        request.stream = try fields.bool("stream") ?? false
        request.keepMembers(of: fields, except: topLevelFields)
        return request
    }

    /// The system prompt, or `nil` when it holds what text blocks do not (`citations`, other block kinds).
    static func system(_ value: JSONValue) throws -> [TextBlock]? {
        switch value {
        case .string(let text): return text.isEmpty ? [] : [TextBlock(text)]
        case .array(let blocks):
            var out: [TextBlock] = []
            for (index, block) in blocks.enumerated() {
                let path = "system[\(index)]"
                let fields = try WireFields(block, path: path)
                guard try fields.string("type") == "text", fields.only(["type", "text", "cache_control"]) else {
                    return nil
                }
                out.append(TextBlock(try fields.requiredString("text"), cacheControl: try cacheControl(fields)))
            }
            return out
        default: throw InvalidWireRequestError("system must be a string or a list of text blocks")
        }
    }

    static func message(_ index: Int, _ value: JSONValue) throws -> Message {
        let path = "messages[\(index)]"
        let fields = try WireFields(value, path: path)
        let role: Message.Role
        switch try fields.requiredString("role") {
        case "user": role = .user
        case "assistant": role = .assistant
        case let other: throw InvalidWireRequestError("\(path).role must be user or assistant, found '\(other)'")
        }
        let options = fields.members.filter { !["role", "content"].contains($0.key) && !$0.value.isNull }
        switch fields.value("content") {
        case .string(let text)?:
            return Message(role: role, content: [.text(text)], options: options)
        case .array(let blocks)?:
            return Message(
                role: role, content: try blocks.enumerated().map { try block($1, path: "\(path).content[\($0)]") },
                options: options)
        default:
            throw InvalidWireRequestError("\(path).content must be a string or a list of content blocks")
        }
    }

    /// One content block: a neutral one when the block has exactly what the neutral one models, a provider
    /// block as given otherwise.
    static func block(_ value: JSONValue, path: String) throws -> ContentBlock {
        let fields = try WireFields(value, path: path)
        switch try fields.requiredString("type") {
        case "text" where fields.only(["type", "text", "cache_control"]):
            return .text(TextBlock(try fields.requiredString("text"), cacheControl: try cacheControl(fields)))
        case "image" where fields.only(["type", "source"]):
            guard let source = fields.value("source") else {
                throw InvalidWireRequestError("\(path).source: field required")
            }
            let sourceFields = try WireFields(source, path: "\(path).source")
            guard try sourceFields.string("type") == "base64", sourceFields.only(["type", "media_type", "data"]) else {
                // A URL or file image: sent as given, keyed by its reference (not by the bytes behind it).
                return .providerBlock(value)
            }
            guard let bytes = Data(base64Encoded: try sourceFields.requiredString("data")) else {
                throw InvalidWireRequestError("\(path).source.data is not valid base64")
            }
            return .image(mediaType: try sourceFields.requiredString("media_type"), data: bytes)
        case "tool_use" where fields.only(["type", "id", "name", "input"]):
            return .toolUse(
                id: try fields.requiredString("id"), name: try fields.requiredString("name"),
                input: fields.value("input") ?? .object([:]))
        case "tool_result" where fields.only(["type", "tool_use_id", "content", "is_error"]):
            let content: [ContentBlock]
            switch fields.value("content") {
            case nil: content = []
            case .string(let text)?: content = [.text(text)]
            case .array(let parts)?:
                content = try parts.enumerated().map { try block($1, path: "\(path).content[\($0)]") }
            default: throw InvalidWireRequestError("\(path).content must be a string or a list of blocks")
            }
            return .toolResult(
                toolUseID: try fields.requiredString("tool_use_id"), content: content,
                isError: try fields.bool("is_error") ?? false)
        default:
            return .providerBlock(value)
        }
    }

    static func cacheControl(_ fields: WireFields) throws -> PromptCacheMarker? {
        guard let value = fields.value("cache_control") else { return nil }
        let control = try WireFields(value, path: fields.name("cache_control"))
        guard try control.string("type") == "ephemeral" else {
            throw InvalidWireRequestError("\(control.path).type must be ephemeral")
        }
        switch try control.string("ttl") {
        case nil, "5m"?: return PromptCacheMarker(ttl: .fiveMinutes)
        case "1h"?: return PromptCacheMarker(ttl: .oneHour)
        case let other?: throw InvalidWireRequestError("\(control.path).ttl must be 5m or 1h, found '\(other)'")
        }
    }

    /// The tools, or `nil` when one is a server tool (web search, code execution, …), which has no neutral form.
    static func tools(_ value: JSONValue) throws -> [Tool]? {
        guard let list = value.arrayValue else { throw InvalidWireRequestError("tools must be an array") }
        guard list.allSatisfy({ ($0["type"]?.stringValue ?? "custom") == "custom" }) else { return nil }
        return try list.enumerated().map { try tool($0.offset, $0.element) }
    }

    static func tool(_ index: Int, _ value: JSONValue) throws -> Tool {
        let path = "tools[\(index)]"
        let fields = try WireFields(value, path: path)
        return Tool(
            name: try fields.requiredString("name"), description: try fields.string("description"),
            inputSchema: fields.value("input_schema") ?? ["type": "object"], cacheControl: try cacheControl(fields),
            options: fields.members.filter { !modelledToolFields.contains($0.key) && !$0.value.isNull })
    }

    /// The tool choice, or `nil` when it holds what the neutral one does not (`disable_parallel_tool_use`).
    static func toolChoice(_ value: JSONValue) throws -> ToolChoice? {
        let fields = try WireFields(value, path: "tool_choice")
        guard fields.only(["type", "name"]) else { return nil }
        switch try fields.requiredString("type") {
        case "auto": return .auto
        case "any": return .any
        case "none": return .none
        case "tool": return .tool(name: try fields.requiredString("name"))
        case let other:
            throw InvalidWireRequestError("tool_choice.type must be auto, any, none or tool, found '\(other)'")
        }
    }

    /// The response format of an `output_config` that holds only a JSON-schema `format`, or `nil` for any
    /// other (`effort`, …), which goes as given.
    static func outputFormat(_ value: JSONValue) throws -> ResponseFormat? {
        let fields = try WireFields(value, path: "output_config")
        guard fields.only(["format"]), let format = fields.value("format") else { return nil }
        let formatFields = try WireFields(format, path: "output_config.format")
        guard try formatFields.string("type") == "json_schema", formatFields.only(["type", "schema"]),
            let schema = formatFields.value("schema")
        else { return nil }
        return .jsonSchema(name: "output", schema: schema, strict: true)
    }
}
