import LLMCore

/// The SHA-256 of a request's stable prefix: its tools, its system prompt and its turns before the last
/// user turn, written as canonical JSON (the same encoding of blocks as the exact-cache key, without
/// prompt-cache markers, model or sampling settings).
///
/// Two requests that share the stable prefix share the digest whatever their last user turn; any change
/// to a tool, the system prompt or an earlier turn changes it. It serves as OpenAI's `prompt_cache_key`,
/// which routes requests with the same prefix to the same cache.
public enum StablePrefixDigest {
    /// The version of the hashed document; bump it when the document changes.
    public static let formatVersion: Int64 = 1

    /// The digest of `request`'s stable prefix as 64 lowercase hex digits, or `nil` when the prefix is empty
    /// (one key shared by every such request would only crowd one cache machine).
    public static func hex(of request: LLMRequest) throws -> String? {
        let lastUser = request.messages.lastIndex { $0.role == .user } ?? 0
        let earlier = Array(request.messages[..<lastUser])
        guard !request.tools.isEmpty || !request.system.isEmpty || !earlier.isEmpty else { return nil }
        let prefix = LLMRequest(
            provider: request.provider, model: "", system: request.system, messages: earlier, tools: request.tools)
        guard case .object(let full) = CacheKey.document(for: prefix) else { return nil }
        let document: JSONValue = .object([
            "v": .int(formatVersion),
            "kind": "stable_prefix",
            "tools": full["tools"] ?? .array([]),
            "system": full["system"] ?? .array([]),
            "messages": full["messages"] ?? .array([]),
        ])
        return CacheKey.hexDigest(try CanonicalJSON.encode(document))
    }
}
