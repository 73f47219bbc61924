import Crypto
import Foundation

/// The exact-cache key of a request: SHA-256 of the canonical JSON of every output-affecting field.
///
/// In the key, and why:
/// - `v` (key format version): a change to this document must never collide with old keys.
/// - `provider`, `model`: different models give different answers (`null` for a request that names no
///   provider yet: it keys apart from every provider's, and `CachedClient` fills the provider in first).
/// - `system`, `messages`: the prompt itself. Text blocks by their text; images by media type and the
///   SHA-256 of their bytes (so a 5 MB image costs 32 bytes of key input and still changes the key);
///   tool calls by id, name and input; tool results by id, error flag and content; provider blocks
///   (``ContentBlock/providerBlock(_:)``) as given but for `cache_control`; a message's `options` (OpenAI's
///   `name`) when it has some.
/// - `tools` (name, description, input schema) and `tool_choice`: the model sees and obeys them.
/// - `max_tokens`: a smaller limit can cut the answer (`null` when it is not sent: the provider's limit).
/// - `temperature`, `top_p`, `top_k`, `seed`: sampling changes the answer. Unset values are left out,
///   which differs from any explicit value.
/// - `stop_sequences`, `response_format`: they shape the answer.
/// - `options` (the provider's own top-level fields, ``LLMRequest/providerOptions``) but for
///   ``unkeyedOptions``, and each tool's `options` (`strict` and the like): a field nobody classified is keyed.
///   Like `headers`, only present when there are some, so existing keys stay valid.
/// - `wire`, only for a request written for another API than its provider's default
///   (``LLMRequest/wireFormat``: OpenAI Responses): the answer's shape differs.
/// - `headers`, only when the request carries one that changes the answer: `anthropic-beta` (beta
///   features, as a sorted set of names) and `anthropic-version` other than the default `2023-06-01`. A
///   request without them has the document it always had, so existing keys stay valid.
///
/// Left out, and why: `metadata` (labels for the caller, invisible to the model), `stream` (a stream and
/// a plain call give the same answer), the billing headers (`anthropic-workspace-id`,
/// `openai-organization`, `openai-project`), and prompt-cache markers (`cache_control`: they change the
/// provider's billing, not the answer). JSON key order and whitespace never matter because the document
/// is built from typed values and written canonically (``CanonicalJSON``).
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The key as 64 lowercase hex digits.
    public let hex: String

    /// Wraps an existing hex key (for example one typed by a user); `nil` if it is not 64 hex digits.
    public init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 64, lowered.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        self.hex = lowered
    }

    /// Computes the key of `request`.
    public init(_ request: LLMRequest) throws {
        let bytes = try CanonicalJSON.encode(Self.document(for: request))
        self.hex = Self.hexDigest(bytes)
    }

    public var description: String { hex }

    /// The version of the key document; bump it when the document changes.
    public static let formatVersion: Int64 = 2

    /// The document that is hashed: every output-affecting field of `request`, in canonical form.
    public static func document(for request: LLMRequest) -> JSONValue {
        var doc: [String: JSONValue] = [
            "v": .int(formatVersion),
            "provider": request.provider.map { .string($0.rawValue) } ?? .null,
            "model": .string(request.model),
            "system": .array(request.system.map { .string($0.text) }),
            "messages": .array(
                request.messages.map { message in
                    var member: [String: JSONValue] = [
                        "role": .string(message.role.rawValue),
                        "content": .array(message.content.map(keyValue)),
                    ]
                    if !message.options.isEmpty { member["options"] = .object(message.options) }
                    return .object(member)
                }),
            "tools": .array(
                request.tools.map { tool in
                    var member: [String: JSONValue] = [
                        "name": .string(tool.name),
                        "description": tool.description.map(JSONValue.string) ?? .null,
                        "input_schema": tool.inputSchema,
                    ]
                    if !tool.options.isEmpty { member["options"] = .object(tool.options) }
                    return .object(member)
                }),
            "max_tokens": .int(Int64(request.maxTokens)),
            "stop_sequences": .array(request.stopSequences.map(JSONValue.string)),
        ]
        if let choice = request.toolChoice { doc["tool_choice"] = keyValue(choice) }
        if let value = request.temperature { doc["temperature"] = .double(value) }
        if let value = request.topP { doc["top_p"] = .double(value) }
        if let value = request.topK { doc["top_k"] = .int(Int64(value)) }
        if let value = request.seed { doc["seed"] = .int(value) }
        // The provider's own limit, not the budget's estimate, bounds such an answer.
        if !request.sendsMaxTokens { doc["max_tokens"] = .null }
        if let format = request.responseFormat { doc["response_format"] = keyValue(format) }
        let headers = keyedHeaders(request.providerHeaders)
        if !headers.isEmpty { doc["headers"] = .object(headers) }
        if let wire = request.wireFormat { doc["wire"] = .string(wire.rawValue) }
        let options = request.providerOptions.filter { !unkeyedOptions.contains($0.key) }
        if !options.isEmpty { doc["options"] = .object(options) }
        return .object(doc)
    }

    /// Provider options that cannot change the answer and stay out of the key: labels and storage for the
    /// caller (`metadata`, `user`, `store`, `safety_identifier`), billing and latency (`service_tier`), and
    /// the provider's prompt cache (`prompt_cache_key`, `prompt_cache_retention`, `cache_control`).
    public static let unkeyedOptions: Set<String> = [
        "metadata", "user", "store", "safety_identifier", "service_tier", "prompt_cache_key",
        "prompt_cache_retention", "cache_control",
    ]

    /// The `anthropic-version` every SDK sends; only another version is keyed.
    public static let defaultAnthropicVersion = "2023-06-01"

    /// The headers of `headers` that change the answer, in canonical form.
    public static func keyedHeaders(_ headers: [String: String]) -> [String: JSONValue] {
        var keyed: [String: JSONValue] = [:]
        if let betas = headers["anthropic-beta"] {
            let names = Set(betas.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                .filter { !$0.isEmpty }.sorted()
            if !names.isEmpty { keyed["anthropic-beta"] = .array(names.map(JSONValue.string)) }
        }
        if let version = headers["anthropic-version"]?.trimmingCharacters(in: .whitespaces),
            version != defaultAnthropicVersion
        {
            keyed["anthropic-version"] = .string(version)
        }
        return keyed
    }

    /// SHA-256 of `bytes` as lowercase hex.
    public static func hexDigest(_ bytes: some DataProtocol) -> String {
        let digest = SHA256.hash(data: bytes)
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = CanonicalJSON.hexDigits[Int(byte >> 4)]
                buffer[index + 1] = CanonicalJSON.hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    private static func keyValue(_ block: ContentBlock) -> JSONValue {
        switch block {
        case .text(let text):
            return ["type": "text", "text": .string(text.text)]
        case .image(let mediaType, let data):
            return ["type": "image", "media_type": .string(mediaType), "sha256": .string(hexDigest(data))]
        case .toolUse(let id, let name, let input):
            return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
        case .toolResult(let id, let content, let isError):
            return [
                "type": "tool_result", "tool_use_id": .string(id), "is_error": .bool(isError),
                "content": .array(content.map(keyValue)),
            ]
        case .providerBlock(let raw):
            // As given, but for its prompt-cache marker (billing, not the answer).
            guard case .object(var members) = raw else { return ["type": "provider_block", "block": raw] }
            members["cache_control"] = nil
            return ["type": "provider_block", "block": .object(members)]
        }
    }

    private static func keyValue(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: return ["type": "auto"]
        case .any: return ["type": "any"]
        case .none: return ["type": "none"]
        case .tool(let name): return ["type": "tool", "name": .string(name)]
        }
    }

    private static func keyValue(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .text: return ["type": "text"]
        case .jsonObject: return ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict):
            return ["type": "json_schema", "name": .string(name), "schema": schema, "strict": .bool(strict)]
        }
    }
}
