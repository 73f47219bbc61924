import Foundation
import LLMCore

/// Reads the body of an Anthropic `POST /v1/messages` into an ``LLMCore/LLMRequest``: the inverse of the
/// Providers module's request encoder.
///
/// Every field that can change the answer is mapped (system as a string or text blocks, text, base64
/// image, tool-use and tool-result blocks, tools, tool choice, `max_tokens`, `temperature`, `top_p`,
/// `top_k`, `stop_sequences`, a JSON-schema `output_config.format`); prompt-cache markers are kept. The fields
/// of ``passedFields`` and a tool's members the neutral tool does not model (`strict`, `input_examples`, …) go
/// to the provider as given and into the key. A field whose answer the proxy cannot relay (extended thinking,
/// server tools) or that it cannot key (URL images) is refused with a 400 rather than dropped.
/// `metadata.user_id` is kept as the metadata value `user_id`.
public enum AnthropicRequestDecoder {
    static let topLevelFields: Set<String> = [
        "model", "max_tokens", "messages", "system", "tools", "tool_choice", "temperature", "top_p", "top_k",
        "stop_sequences", "stream", "metadata", "output_config",
    ]

    /// Top-level fields that pass through to the provider as given (``LLMCore/LLMRequest/providerOptions``):
    /// none of them changes the shape of the answer, so the proxy can relay and cache it. `thinking` passes
    /// only as `{"type": "disabled"}`.
    static let passedFields: Set<String> = ["service_tier", "inference_geo", "speed", "cache_control", "thinking"]

    /// The members of a tool object the neutral ``LLMCore/Tool`` models; the others are its `options`.
    static let modelledToolFields: Set<String> = ["type", "name", "description", "input_schema", "cache_control"]

    /// The request in `body`; `stream` tells whether the caller asked for events.
    public static func request(from body: JSONValue) throws -> LLMRequest {
        let fields = try WireFields(body, path: "")
        try fields.rejectUnknown(topLevelFields.union(passedFields), what: "on /v1/messages")
        if let thinking = fields.value("thinking"), thinking["type"]?.stringValue != "disabled" {
            throw InvalidWireRequest(
                "thinking other than {\"type\": \"disabled\"} is not supported by this proxy yet: its answer "
                    + "carries thinking blocks the proxy cannot relay; the request is refused rather than sent without it"
            )
        }
        let model = try fields.requiredString("model")
        guard let maxTokens = try fields.int("max_tokens") else {
            throw InvalidWireRequest("max_tokens: field required")
        }
        guard maxTokens >= 1 else { throw InvalidWireRequest("max_tokens must be at least 1") }
        guard let rawMessages = try fields.array("messages"), !rawMessages.isEmpty else {
            throw InvalidWireRequest("messages: at least one message is required")
        }
        var request = LLMRequest(
            provider: .anthropic, model: model,
            messages: try rawMessages.enumerated().map { try message($0.offset, $0.element) },
            maxTokens: maxTokens)
        request.system = try system(fields.value("system"))
        request.tools = try (fields.array("tools") ?? []).enumerated().map { try tool($0.offset, $0.element) }
        request.toolChoice = try fields.value("tool_choice").map(toolChoice)
        request.temperature = try fields.double("temperature")
        request.topP = try fields.double("top_p")
        request.topK = try fields.int("top_k")
        request.stopSequences = try (fields.array("stop_sequences") ?? []).map {
            guard let text = $0.stringValue else { throw InvalidWireRequest("stop_sequences must hold strings") }
            return text
        }
        request.responseFormat = try fields.value("output_config").flatMap(outputFormat)
        if let metadata = fields.value("metadata") {
            let meta = try WireFields(metadata, path: "metadata")
            if let user = try meta.string("user_id") { request.metadata["user_id"] = user }
        }
        request.stream = try fields.bool("stream") ?? false
        for name in passedFields { if let value = fields.value(name) { request.providerOptions[name] = value } }
        return request
    }

    static func system(_ value: JSONValue?) throws -> [TextBlock] {
        switch value {
        case nil: return []
        case .string(let text)?: return text.isEmpty ? [] : [TextBlock(text)]
        case .array(let blocks)?:
            return try blocks.enumerated().map { index, block in
                let path = "system[\(index)]"
                let fields = try WireFields(block, path: path)
                guard try fields.string("type") == "text" else { throw InvalidWireRequest("\(path).type must be text") }
                return TextBlock(try fields.requiredString("text"), cacheControl: try cacheControl(fields))
            }
        default: throw InvalidWireRequest("system must be a string or a list of text blocks")
        }
    }

    static func message(_ index: Int, _ value: JSONValue) throws -> Message {
        let path = "messages[\(index)]"
        let fields = try WireFields(value, path: path)
        let role: Message.Role
        switch try fields.requiredString("role") {
        case "user": role = .user
        case "assistant": role = .assistant
        case let other: throw InvalidWireRequest("\(path).role must be user or assistant, found '\(other)'")
        }
        switch fields.value("content") {
        case .string(let text)?:
            return Message(role: role, content: [.text(text)])
        case .array(let blocks)?:
            return Message(
                role: role, content: try blocks.enumerated().map { try block($1, path: "\(path).content[\($0)]") })
        default:
            throw InvalidWireRequest("\(path).content must be a string or a list of content blocks")
        }
    }

    static func block(_ value: JSONValue, path: String) throws -> ContentBlock {
        let fields = try WireFields(value, path: path)
        switch try fields.requiredString("type") {
        case "text":
            return .text(TextBlock(try fields.requiredString("text"), cacheControl: try cacheControl(fields)))
        case "image":
            guard let source = fields.value("source") else {
                throw InvalidWireRequest("\(path).source: field required")
            }
            let sourceFields = try WireFields(source, path: "\(path).source")
            guard try sourceFields.string("type") == "base64" else {
                throw InvalidWireRequest("\(path).source.type must be base64; fetch URL images and send their bytes")
            }
            guard let bytes = Data(base64Encoded: try sourceFields.requiredString("data")) else {
                throw InvalidWireRequest("\(path).source.data is not valid base64")
            }
            return .image(mediaType: try sourceFields.requiredString("media_type"), data: bytes)
        case "tool_use":
            return .toolUse(
                id: try fields.requiredString("id"), name: try fields.requiredString("name"),
                input: fields.value("input") ?? .object([:]))
        case "tool_result":
            let content: [ContentBlock]
            switch fields.value("content") {
            case nil: content = []
            case .string(let text)?: content = [.text(text)]
            case .array(let parts)?:
                content = try parts.enumerated().map { try block($1, path: "\(path).content[\($0)]") }
            default: throw InvalidWireRequest("\(path).content must be a string or a list of blocks")
            }
            return .toolResult(
                toolUseID: try fields.requiredString("tool_use_id"), content: content,
                isError: try fields.bool("is_error") ?? false)
        case let other:
            throw InvalidWireRequest(
                "\(path).type '\(other)' is not supported by this proxy; use text, image, tool_use or tool_result")
        }
    }

    static func cacheControl(_ fields: WireFields) throws -> PromptCacheMarker? {
        guard let value = fields.value("cache_control") else { return nil }
        let control = try WireFields(value, path: fields.name("cache_control"))
        guard try control.string("type") == "ephemeral" else {
            throw InvalidWireRequest("\(control.path).type must be ephemeral")
        }
        switch try control.string("ttl") {
        case nil, "5m"?: return PromptCacheMarker(ttl: .fiveMinutes)
        case "1h"?: return PromptCacheMarker(ttl: .oneHour)
        case let other?: throw InvalidWireRequest("\(control.path).ttl must be 5m or 1h, found '\(other)'")
        }
    }

    static func tool(_ index: Int, _ value: JSONValue) throws -> Tool {
        let path = "tools[\(index)]"
        let fields = try WireFields(value, path: path)
        if let type = try fields.string("type"), type != "custom" {
            throw InvalidWireRequest("\(path).type '\(type)' (a server tool) is not supported by this proxy")
        }
        return Tool(
            name: try fields.requiredString("name"), description: try fields.string("description"),
            inputSchema: fields.value("input_schema") ?? ["type": "object"], cacheControl: try cacheControl(fields),
            options: fields.members.filter { !modelledToolFields.contains($0.key) && !$0.value.isNull })
    }

    static func toolChoice(_ value: JSONValue) throws -> ToolChoice {
        let fields = try WireFields(value, path: "tool_choice")
        if try fields.bool("disable_parallel_tool_use") == true {
            throw InvalidWireRequest("tool_choice.disable_parallel_tool_use is not supported by this proxy")
        }
        switch try fields.requiredString("type") {
        case "auto": return .auto
        case "any": return .any
        case "none": return .none
        case "tool": return .tool(name: try fields.requiredString("name"))
        case let other: throw InvalidWireRequest("tool_choice.type must be auto, any, none or tool, found '\(other)'")
        }
    }

    static func outputFormat(_ value: JSONValue) throws -> ResponseFormat? {
        let fields = try WireFields(value, path: "output_config")
        try fields.rejectUnknown(["format"], what: "in output_config")
        guard let format = fields.value("format") else { return nil }
        let formatFields = try WireFields(format, path: "output_config.format")
        guard try formatFields.string("type") == "json_schema", let schema = formatFields.value("schema") else {
            throw InvalidWireRequest("output_config.format must be {\"type\": \"json_schema\", \"schema\": {...}}")
        }
        return .jsonSchema(name: "output", schema: schema, strict: true)
    }
}
