import Foundation
import LLMCore

/// Reads the body of an OpenAI `POST /v1/chat/completions` into an `LLMRequest`: the inverse of the
/// Providers module's request encoder.
///
/// `system` and `developer` messages at the start become the system prompt; user text and `data:` image
/// parts, assistant text and tool calls, and `tool` messages (as tool results in a user turn) become the
/// conversation; tools, tool choice, `max_completion_tokens` (or `max_tokens`), `temperature`, `top_p`,
/// `top_k`, `stop`, `seed` and `response_format` are mapped. `user` and `prompt_cache_key` are kept as
/// metadata. Nothing else is dropped: every other top-level field (`reasoning_effort`, `verbosity`,
/// penalties, `store`, fields added after this was written) is a provider option; a message's other members
/// (`name`) are its options; other content parts (an image by URL or with `detail`, `file`, `input_audio`) are
/// provider blocks; a function's other members (`strict`) are the tool's options; a `response_format` or
/// `tool_choice` the neutral types cannot hold goes as given. All of them reach the provider as sent and are
/// keyed unless `CacheKey.unkeyedOptions` names them. A request whose answer has a shape the
/// neutral answer cannot hold (`uncachedReason(_:)`: `n` above 1, log probabilities, audio) is not decoded:
/// it is an ``UncachedWireRequestError``, which the proxy passes through uncached.
public enum OpenAIChatRequestDecoder {
    /// The top-level fields the neutral request models (or that only shape the stream); every other one is a
    /// provider option.
    static let topLevelFields: Set<String> = [
        "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "stop", "seed",
        "response_format", "tools", "tool_choice", "stream", "stream_options", "user", "prompt_cache_key", "n",
    ]

    /// Why the request in `body` cannot go through the caches, or `nil` when it can: its answer holds what one
    /// neutral answer cannot (several choices, log probabilities, audio). Such a request is passed through
    /// as sent.
    static func uncachedReason(_ body: JSONValue) -> String? {
        if let n = body["n"]?.intValue, n != 1 { return "n other than 1 (several choices)" }
        if body["logprobs"]?.boolValue == true { return "logprobs" }
        if let top = body["top_logprobs"], !top.isNull { return "top_logprobs" }
        if let audio = body["audio"], !audio.isNull { return "audio output" }
        if body["modalities"]?.arrayValue?.contains(.string("audio")) == true { return "audio output" }
        return nil
    }

    /// The members of a tool's `function` object the neutral ``LLMCore/Tool`` models; the others are its
    /// `options` (`strict`).
    static let modelledFunctionFields: Set<String> = ["name", "description", "parameters"]

    /// The request in `body`; `defaultMaxTokens` is what the budget reserves when the body sets no token
    /// limit (none is then sent upstream).
    /// - Throws: ``UncachedWireRequestError`` for a request `uncachedReason(_:)` names; ``InvalidWireRequestError``
    ///   for a body that is not a valid request.
    public static func request(from body: JSONValue, defaultMaxTokens: Int) throws -> LLMRequest {
        if let reason = uncachedReason(body) { throw UncachedWireRequestError(reason) }
        let fields = try WireFields(body, path: "")
        let model = try fields.requiredString("model")
        let limit = try fields.int("max_completion_tokens") ?? fields.int("max_tokens")
        let maxTokens = limit ?? defaultMaxTokens
        guard maxTokens >= 1 else { throw InvalidWireRequestError("max_completion_tokens must be at least 1") }
        guard let rawMessages = try fields.array("messages"), !rawMessages.isEmpty else {
            throw InvalidWireRequestError("messages: at least one message is required")
        }
        var request = LLMRequest(provider: .openAI, model: model, messages: [], maxTokens: maxTokens)
        // No limit set: none is sent, and `defaultMaxTokens` is only what the budget reserves.
        request.sendsMaxTokens = limit != nil
        try conversation(rawMessages, into: &request)
        guard !request.messages.isEmpty || !request.system.isEmpty else {
            throw InvalidWireRequestError("messages: at least one message with content is required")
        }
        try request.read("tools", of: fields, neutral: tools) { $0.tools = $1 }
        try request.read("tool_choice", of: fields, neutral: toolChoice) { $0.toolChoice = $1 }
        request.temperature = try fields.double("temperature")
        request.topP = try fields.double("top_p")
        request.topK = try fields.int("top_k")
        switch fields.value("stop") {
        case nil: break
        case .string(let stop)?: request.stopSequences = [stop]
        case .array(let stops)?:
            request.stopSequences = try stops.map {
                guard let text = $0.stringValue else { throw InvalidWireRequestError("stop must hold strings") }
                return text
            }
        default: throw InvalidWireRequestError("stop must be a string or a list of strings")
        }
        if let seed = try fields.int("seed") { request.seed = Int64(seed) }
        try request.read("response_format", of: fields, neutral: responseFormat) { $0.responseFormat = $1 }
        if let user = try fields.string("user") { request.metadata["user_id"] = user }
        if let key = try fields.string("prompt_cache_key") {
            request.metadata[OpenAIChatRequestEncoder.promptCacheKeyMetadata] = key
        }
        request.stream = try fields.bool("stream") ?? false
        request.keepMembers(of: fields, except: topLevelFields)
        return request
    }

    /// Whether the body asks for usage in the last stream chunk (`stream_options.include_usage`).
    public static func includeUsage(_ body: JSONValue) -> Bool {
        body["stream_options"]?["include_usage"]?.boolValue ?? false
    }

    static func conversation(_ raw: [JSONValue], into request: inout LLMRequest) throws {
        var sawConversation = false
        for (index, value) in raw.enumerated() {
            let path = "messages[\(index)]"
            let fields = try WireFields(value, path: path)
            let role = try fields.requiredString("role")
            switch role {
            case "system", "developer":
                guard fields.only(["role", "content"]) else {
                    // The system prompt is text blocks only; a named system message has no neutral form.
                    throw InvalidWireRequestError(
                        "\(path): a \(role) message with members other than role and content (\(path).name) is not "
                            + "supported by this proxy; it could change the answer, so the request is refused rather "
                            + "than sent without them")
                }
                guard !sawConversation else {
                    throw InvalidWireRequestError(
                        "\(path): a \(role) message after the conversation has started is not supported by this "
                            + "proxy; put system instructions first")
                }
                request.system += try textParts(fields.value("content"), path: "\(path).content").map { TextBlock($0) }
            case "user":
                sawConversation = true
                let blocks = try userContent(fields.value("content"), path: "\(path).content")
                let options = fields.members.filter { !["role", "content"].contains($0.key) && !$0.value.isNull }
                if options.isEmpty {
                    appendUser(blocks, to: &request.messages, mergeWithToolResults: true)
                } else {
                    request.messages.append(Message(role: .user, content: blocks, options: options))
                }
            case "assistant":
                sawConversation = true
                var blocks: [ContentBlock] = try textParts(fields.value("content"), path: "\(path).content").map {
                    .text($0)
                }
                for (callIndex, call) in (try fields.array("tool_calls") ?? []).enumerated() {
                    blocks.append(try toolCall(call, path: "\(path).tool_calls[\(callIndex)]"))
                }
                let options = fields.members.filter {
                    !["role", "content", "tool_calls"].contains($0.key) && !$0.value.isNull
                }
                request.messages.append(Message(role: .assistant, content: blocks, options: options))
            case "tool":
                sawConversation = true
                let text = try textParts(fields.value("content"), path: "\(path).content").joined(separator: "\n")
                let result = ContentBlock.toolResult(
                    toolUseID: try fields.requiredString("tool_call_id"), content: [.text(text)], isError: false)
                appendUser([result], to: &request.messages, mergeWithToolResults: true)
            default:
                throw InvalidWireRequestError(
                    "\(path).role must be system, developer, user, assistant or tool, found '\(role)'")
            }
        }
    }

    /// Adds a user turn; tool results and the user text that follows them form one turn, as the encoder
    /// writes a turn's tool results before its text.
    static func appendUser(_ blocks: [ContentBlock], to messages: inout [Message], mergeWithToolResults: Bool) {
        if mergeWithToolResults, let last = messages.last, last.role == .user,
            last.content.allSatisfy({ if case .toolResult = $0 { return true } else { return false } })
        {
            messages[messages.count - 1].content += blocks
        } else {
            messages.append(Message(role: .user, content: blocks))
        }
    }

    static func textParts(_ value: JSONValue?, path: String) throws -> [String] {
        switch value {
        case nil: return []
        case .string(let text)?: return [text]
        case .array(let parts)?:
            return try parts.enumerated().map { index, part in
                let fields = try WireFields(part, path: "\(path)[\(index)]")
                guard try fields.string("type") == "text" else {
                    throw InvalidWireRequestError("\(path)[\(index)].type must be text here")
                }
                return try fields.requiredString("text")
            }
        default: throw InvalidWireRequestError("\(path) must be a string or a list of text parts")
        }
    }

    static func userContent(_ value: JSONValue?, path: String) throws -> [ContentBlock] {
        switch value {
        case .string(let text)?: return [.text(text)]
        case .array(let parts)? where parts.isEmpty:
            throw InvalidWireRequestError("\(path) must hold at least one content part")
        case .array(let parts)?:
            return try parts.enumerated().map { index, part in
                let partPath = "\(path)[\(index)]"
                let fields = try WireFields(part, path: partPath)
                switch try fields.requiredString("type") {
                case "text" where fields.only(["type", "text"]): return .text(try fields.requiredString("text"))
                case "image_url" where fields.only(["type", "image_url"]):
                    guard let image = fields.value("image_url") else {
                        throw InvalidWireRequestError("\(partPath).image_url: field required")
                    }
                    let imageFields = try WireFields(image, path: "\(partPath).image_url")
                    let url = try imageFields.requiredString("url")
                    guard imageFields.only(["url"]), url.hasPrefix("data:") else {
                        // A remote URL or a `detail`: sent as given, keyed by the URL (not the bytes behind it).
                        return .providerBlock(part)
                    }
                    return try dataURL(url, path: "\(partPath).image_url.url")
                default:
                    return .providerBlock(part)
                }
            }
        default: throw InvalidWireRequestError("\(path) must be a string or a list of content parts")
        }
    }

    /// An image from a `data:MEDIA;base64,...` URL.
    static func dataURL(_ url: String, path: String) throws -> ContentBlock {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","),
            url[..<comma].hasSuffix(";base64")
        else {
            throw InvalidWireRequestError("\(path) must be a data: URL with base64 bytes; fetch remote images first")
        }
        let mediaType = String(url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count))
        guard let bytes = Data(base64Encoded: String(url[url.index(after: comma)...])) else {
            throw InvalidWireRequestError("\(path) does not hold valid base64")
        }
        return .image(mediaType: mediaType, data: bytes)
    }

    static func toolCall(_ value: JSONValue, path: String) throws -> ContentBlock {
        let fields = try WireFields(value, path: path)
        guard let function = fields.value("function") else {
            throw InvalidWireRequestError("\(path).function: field required")
        }
        let functionFields = try WireFields(function, path: "\(path).function")
        let arguments = try functionFields.string("arguments") ?? ""
        let input: JSONValue
        if arguments.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            input = .object([:])
        } else {
            do {
                input = try JSONValue.parse(Data(arguments.utf8))
            } catch {
                throw InvalidWireRequestError("\(path).function.arguments is not JSON")
            }
        }
        return .toolUse(
            id: try fields.requiredString("id"), name: try functionFields.requiredString("name"), input: input)
    }

    /// The tools, or `nil` when one is not a plain `function` tool (a custom, free-form one), which has no
    /// neutral form.
    static func tools(_ value: JSONValue) throws -> [Tool]? {
        guard let list = value.arrayValue else { throw InvalidWireRequestError("tools must be an array") }
        guard list.allSatisfy(isPlainFunction) else { return nil }
        return try list.enumerated().map { try tool($0.offset, $0.element) }
    }

    /// Whether `value` is a `function` tool the neutral tool can hold.
    static func isPlainFunction(_ value: JSONValue) -> Bool {
        guard case .object(let members) = value else { return true }
        return members["type"]?.stringValue == "function"
            && members.keys.allSatisfy { ["type", "function"].contains($0) }
    }

    static func tool(_ index: Int, _ value: JSONValue) throws -> Tool {
        let path = "tools[\(index)]"
        let fields = try WireFields(value, path: path)
        guard try fields.string("type") == "function", let function = fields.value("function") else {
            throw InvalidWireRequestError("\(path) must be {\"type\": \"function\", \"function\": {...}}")
        }
        let functionFields = try WireFields(function, path: "\(path).function")
        return Tool(
            name: try functionFields.requiredString("name"), description: try functionFields.string("description"),
            inputSchema: functionFields.value("parameters") ?? ["type": "object"],
            options: functionFields.members.filter { !modelledFunctionFields.contains($0.key) && !$0.value.isNull })
    }

    /// The tool choice, or `nil` for one the neutral choice cannot hold (`allowed_tools`, a custom tool).
    static func toolChoice(_ value: JSONValue) throws -> ToolChoice? {
        switch value {
        case .string("auto"): return .auto
        case .string("none"): return .none
        case .string("required"): return .any
        case .object:
            let fields = try WireFields(value, path: "tool_choice")
            guard try fields.string("type") == "function", fields.only(["type", "function"]) else { return nil }
            guard let function = fields.value("function") else {
                throw InvalidWireRequestError("tool_choice.function: field required")
            }
            let functionFields = try WireFields(function, path: "tool_choice.function")
            guard functionFields.only(["name"]) else { return nil }
            return .tool(name: try functionFields.requiredString("name"))
        default:
            throw InvalidWireRequestError("tool_choice must be auto, none, required or {\"type\": \"function\", ...}")
        }
    }

    /// The response format, or `nil` for one the neutral format cannot hold (a schema with `description`).
    static func responseFormat(_ value: JSONValue) throws -> ResponseFormat? {
        let fields = try WireFields(value, path: "response_format")
        switch try fields.requiredString("type") {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            guard let schema = fields.value("json_schema") else {
                throw InvalidWireRequestError("response_format.json_schema: field required")
            }
            let schemaFields = try WireFields(schema, path: "response_format.json_schema")
            guard schemaFields.only(["name", "schema", "strict"]) else { return nil }
            return .jsonSchema(
                name: try schemaFields.requiredString("name"), schema: schemaFields.value("schema") ?? .object([:]),
                strict: try schemaFields.bool("strict") ?? false)
        case let other:
            throw InvalidWireRequestError(
                "response_format.type must be text, json_object or json_schema, found '\(other)'")
        }
    }
}
